/**
 * What GraphiQL opens with: every example operation in a tab with its example variables,
 * one set of headers for all tabs (the Authorization header ready, or a demo token), and,
 * with the embedded demo, a tab listing the demo users' sign-in tokens.
 */
import { readFileSync } from 'node:fs';
import type { AuthConfig } from '../../options.js';

const examples = new URL('../../../examples/', import.meta.url);

export interface Tab {
  query: string;
  variables?: string;
}

export interface GraphiQLConfig {
  title: string;
  endpoint: string;
  tabs: Tab[];
  /** The headers every tab sends, as GraphiQL's headers editor shows them (JSON). */
  headers: string;
  /** The demo users' sign-in tokens, to switch between on the page (the embedded demo's page for this machine only). */
  users?: Record<string, string>;
}

const operation = /^(?:#.*\n)*(?:query|mutation|subscription) (\w+)/;

/** The example operations, one per tab, each with its example variables. */
function exampleTabs(): Tab[] {
  let text: string;
  let variables: Record<string, unknown>;
  try {
    text = readFileSync(new URL('operations.graphql', examples), 'utf8');
    variables = JSON.parse(readFileSync(new URL('variables.json', examples), 'utf8'));
  } catch {
    return []; // an install without the examples folder still serves GraphiQL
  }
  // Operations are apart by a blank line; each comes with the comment lines right above it (what the tab is for).
  return text
    .split(/\n\s*\n(?=(?:#.*\n)*(?:query|mutation|subscription) )/)
    .filter((chunk) => operation.test(chunk))
    .map((query) => {
      const name = operation.exec(query)?.[1] ?? '';
      const vars = variables[name];
      return { query: query.trim(), variables: vars ? JSON.stringify(vars, null, 2) : undefined };
    });
}

const headersWith = (authorization: string | undefined) =>
  JSON.stringify(authorization ? { Authorization: authorization } : {}, null, 2);

/** Who you are, and your rooms; with the demo, whose token to paste to be someone else. */
function viewerTab(demoTokens: Record<string, string>): Tab {
  const users = Object.entries(demoTokens);
  const comment = users.length
    ? '# Demo sign-in tokens. To be someone else, put theirs in the Headers pane,\n' +
      '# which every tab shares: { "Authorization": "Bearer <token>" }\n' +
      users.map(([username, token]) => `#   ${username}: ${token}`).join('\n') +
      '\n'
    : '';
  // Not viewerRole here: a member's costs one call per room (its admins), ten for a page.
  return { query: `${comment}query Viewer {\n  viewer {\n    username\n    isAppAdmin\n    joinedChatrooms(first: 10) { nodes { id name owner { username } } }\n  }\n}` };
}

/** `demoTokens`: the embedded demo's ready sign-in tokens; the tabs run as the first user. */
export function graphiqlConfig(auth: AuthConfig, endpoint: string, demoTokens: Record<string, string> = {}): GraphiQLConfig {
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
  const users = firstDemo ? { users: demoTokens } : {};
  return { title: 'Easemob chatrooms', endpoint, tabs: [...exampleTabs(), viewerTab(demoTokens)], headers: headersWith(header), ...users };
}
