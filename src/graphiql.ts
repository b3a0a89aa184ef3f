/**
 * GraphiQL, served with all its assets by the gateway itself (no CDN), opening on a rooms
 * query with every example operation one tab away and, where a key is needed, the
 * Authorization header ready to fill in.
 */
import { readFileSync } from 'node:fs';
import type { AuthConfig } from './config.js';

const examples = new URL('../examples/', import.meta.url);

/** The example operations, one per tab, each with its example variables. */
function exampleTabs(): { query: string; variables?: string }[] {
  let text: string;
  let variables: Record<string, unknown>;
  try {
    text = readFileSync(new URL('operations.graphql', examples), 'utf8');
    variables = JSON.parse(readFileSync(new URL('variables.json', examples), 'utf8'));
  } catch {
    return []; // an install without the examples folder still serves GraphiQL
  }
  return text
    .split(/\n(?=(?:query|mutation) )/)
    .filter((chunk) => /^(query|mutation) /.test(chunk))
    .map((query) => {
      const name = /^(?:query|mutation) (\w+)/.exec(query)?.[1] ?? '';
      const vars = variables[name];
      return { query: query.trim(), variables: vars ? JSON.stringify(vars, null, 2) : undefined };
    });
}

export function graphiqlOptions(auth: AuthConfig) {
  const header =
    auth.mode === 'passthrough'
      ? 'Bearer <your Easemob app token>'
      : auth.apiKeys.length && !auth.allowAnonymous
        ? 'Bearer <your gateway API key>'
        : undefined;
  const headers = JSON.stringify(header ? { Authorization: header } : {}, null, 2);
  const tabs = exampleTabs();
  return {
    title: 'Easemob chatrooms',
    defaultQuery: tabs[0]?.query,
    defaultTabs: tabs.map((tab) => ({ ...tab, headers })),
    headers,
  };
}
