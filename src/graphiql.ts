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

const headersWith = (authorization: string | undefined) =>
  JSON.stringify(authorization ? { Authorization: authorization } : {}, null, 2);

/** Who you are, and your rooms: a tab per demo identity. */
const viewerQuery = 'query Viewer {\n  viewer {\n    username\n    joinedChatrooms(first: 10) { nodes { id name viewerRole } }\n  }\n}';

/** `demoTokens`: the embedded demo's ready sign-in tokens; the examples run as the first user. */
export function graphiqlOptions(auth: AuthConfig, demoTokens: Record<string, string> = {}) {
  const [firstDemo] = Object.values(demoTokens);
  const header =
    auth.mode === 'passthrough'
      ? 'Bearer <your Easemob app token>'
      : firstDemo
        ? `Bearer ${firstDemo}`
        : auth.jwt && !auth.allowAnonymous
          ? 'Bearer <a sign-in token, or your gateway API key>'
          : auth.apiKeys.length && !auth.allowAnonymous
            ? 'Bearer <your gateway API key>'
            : undefined;
  const headers = headersWith(header);
  const tabs = exampleTabs().map((tab) => ({ ...tab, headers }));
  const viewerTabs = Object.entries(demoTokens).map(([username, token]) => ({
    query: viewerQuery.replace('query Viewer', `query SignedInAs_${username}`),
    headers: headersWith(`Bearer ${token}`),
  }));
  return {
    title: 'Easemob chatrooms',
    defaultQuery: tabs[0]?.query,
    defaultTabs: [...tabs, ...viewerTabs],
    headers,
  };
}
