/**
 * `GET /demo/tokens`: the demo's sign-in tokens as JSON, for an app on this machine to sign in
 * with (a Vite dev server on its own port: CORS lets pages of this machine in on the demo). Only
 * on the embedded default, where API keys do not guard the demo (src/serve.ts), and only to a
 * browser or client on this machine talking to the gateway directly: the admin's token is among
 * them. Anyone else finds nothing there (404), as on a real deployment.
 */
import type { Plugin } from 'graphql-yoga';
import { fromLocalBrowser, type NodeServerContext } from '../http.js';

export const demoTokensPath = '/demo/tokens';

export function useDemoTokens(tokens: Readonly<Record<string, string>>): Plugin<object, NodeServerContext> {
  return {
    onRequest({ request, url, serverContext, endResponse }) {
      if (url.pathname !== demoTokensPath || request.method !== 'GET' || !fromLocalBrowser(request, serverContext)) return;
      endResponse(Response.json({ tokens }, { headers: { 'cache-control': 'no-store' } }));
    },
  };
}
