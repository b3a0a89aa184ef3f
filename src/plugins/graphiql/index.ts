/**
 * GraphiQL, served by the gateway itself (no CDN): GraphiQL 3 and React from npm, and our
 * own script (app.js), as separate files under /graphiql/<hash>/ — their URLs name their
 * content, so browsers keep them for a year — and, at the GraphQL endpoint for a browser, a
 * small page that holds the configuration and is revalidated with its ETag on each load.
 * Every file is compressed (src/plugins/graphiql/assets.ts).
 *
 * GraphiQL 3 rather than the GraphiQL 5 bundled in @graphql-yoga/render-graphiql: that one
 * is a 9 MB page rendered whole with its plugins fixed (no history panel, no way to share
 * headers between tabs); this one is a browser build we can configure from our own script.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Plugin, shouldRenderGraphiQL } from 'graphql-yoga';
import { fromLocalBrowser, type NodeServerContext } from '../../http.js';
import { type Asset, asset, serve } from './assets.js';
import type { GraphiQLConfig } from './options.js';

export { graphiqlConfig } from './options.js';

const require = createRequire(import.meta.url);
const fromPackage = (name: string, file: string) => readFileSync(join(dirname(require.resolve(`${name}/package.json`)), file));

const javascript = 'text/javascript; charset=utf-8';

/** Everything the page loads, by name, in load order for the scripts. */
function files(): Record<string, Asset> {
  return {
    'graphiql.css': asset('text/css; charset=utf-8', fromPackage('graphiql', 'graphiql.min.css')),
    'react.js': asset(javascript, fromPackage('react', 'umd/react.production.min.js')),
    'react-dom.js': asset(javascript, fromPackage('react-dom', 'umd/react-dom.production.min.js')),
    'graphiql.js': asset(javascript, fromPackage('graphiql', 'graphiql.min.js')),
    // From the package's root, whether this module runs from src/ or dist/.
    'app.js': asset(javascript, readFileSync(new URL('../../../src/plugins/graphiql/app.js', import.meta.url))),
    'favicon.svg': asset('image/svg+xml', favicon),
  };
}

/** The tab's icon: a speech bubble in GraphQL's pink, drawn here rather than fetched. */
const favicon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path fill="#e10098" d="M6 4h20a4 4 0 0 1 4 4v12a4 4 0 0 1-4 4H14l-7 6v-6H6a4 4 0 0 1-4-4V8a4 4 0 0 1 4-4z"/></svg>';

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function page(config: GraphiQLConfig, url: (name: string) => string): string {
  // In a script element, only "<" could end it early.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  const script = (name: string) => `<script src="${url(name)}"></script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(config.title)}</title>
<link rel="stylesheet" href="${url('graphiql.css')}">
<link rel="icon" type="image/svg+xml" href="${url('favicon.svg')}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script type="application/json" id="graphiql-config">${json}</script>
${['react.js', 'react-dom.js', 'graphiql.js', 'app.js'].map(script).join('\n')}
</body>
</html>
`;
}

const assetPath = /^\/graphiql\/([0-9a-f]{16})\/([\w.-]+)$/;

/** `local`: the page for browsers on this machine only (the demo's sign-in tokens in it); others get `config`'s. */
export function useGraphiQL(config: GraphiQLConfig, local?: GraphiQLConfig): Plugin<object, NodeServerContext> {
  const assets = files();
  const url = (name: string) => `/graphiql/${assets[name]!.hash}/${name}`;
  const html = asset('text/html; charset=utf-8', page(config, url));
  const localHtml = local && asset('text/html; charset=utf-8', page(local, url));
  return {
    async onRequest({ request, serverContext, url: requestUrl, endResponse }) {
      if (request.method !== 'GET') return;
      if (requestUrl.pathname === config.endpoint && shouldRenderGraphiQL(request)) {
        // The page with the demo's tokens is never to be stored by anything on the way.
        if (localHtml && fromLocalBrowser(request, serverContext)) return endResponse(await serve(request, localHtml, 'no-store'));
        return endResponse(await serve(request, html, 'no-cache'));
      }
      // What browsers ask for by themselves, page or not.
      if (requestUrl.pathname === '/favicon.ico') return endResponse(await serve(request, assets['favicon.svg']!, 'public, max-age=86400'));
      const [, hash, name] = assetPath.exec(requestUrl.pathname) ?? [];
      const file = name !== undefined && Object.hasOwn(assets, name) ? assets[name] : undefined;
      if (!file) return;
      // An old page may ask for an older version: the current one is all there is, not to be kept.
      endResponse(await serve(request, file, file.hash === hash ? 'public, max-age=31536000, immutable' : 'no-cache'));
    },
  };
}
