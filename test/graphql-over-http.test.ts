/** The graphql-http server audits (GraphQL over HTTP spec) against the running gateway. */
import { type Audit, serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manyClients, type Stack, startStack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  // Callers need a key here: the audits' operations are introspection-only ({ __typename }).
  stack = await startStack({ apiKeys: ['audit-key'], security: manyClients });
});
afterAll(() => stack.close());

// The audit list does not depend on the URL; the URL is read when an audit runs.
const audits = serverAudits({ url: () => stack.url });

describe('GraphQL over HTTP', () => {
  it.each(audits.map((a): [string, Audit] => [a.name, a]))('%s', async (name, audit) => {
    const result = await audit.fn();
    // MUST and SHOULD audits must pass; MAY audits may only warn.
    if (name.startsWith('MAY')) expect(result.status).not.toBe('error');
    else expect(result, 'reason' in result ? result.reason : '').toMatchObject({ status: 'ok' });
  });
});
