/** The graphql-http server audits (GraphQL over HTTP spec) against the running gateway. */
import { type Audit, serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { manyClients, useStack } from './stack.js';

// Callers need a key here: the audits' operations are introspection-only ({ __typename }).
const stacks = useStack({ apiKeys: ['audit-key'], security: manyClients });

// The audit list does not depend on the URL; the URL is read when an audit runs.
const audits = serverAudits({ url: () => stacks.shared.url });

describe('GraphQL over HTTP', () => {
  it.each(audits.map((a): [string, Audit] => [a.name, a]))('%s', async (name, audit) => {
    const result = await audit.fn();
    // MUST and SHOULD audits must pass; MAY audits may only warn.
    if (name.startsWith('MAY')) expect(result.status).not.toBe('error');
    else expect(result, 'reason' in result ? result.reason : '').toMatchObject({ status: 'ok' });
  });
});
