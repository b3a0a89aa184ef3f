/**
 * Trusted documents: operations a client build registered ahead of time, in the manifest
 * GraphQL Code Generator's client preset writes (`persistedDocuments: true`), loaded from
 * GATEWAY_PERSISTED_OPERATIONS. A request names one by `documentId` (GraphQL over HTTP's
 * persisted documents, in the body or the GET query string, with or without `sha256:`) or by
 * Apollo's `extensions.persistedQuery.sha256Hash`; yoga's persisted-operations plugin does
 * the rest. With GATEWAY_PERSISTED_ONLY nothing else runs: the strongest protection a
 * browser-facing GraphQL API has, since no attacker-written document is ever parsed.
 *
 * A persisted query read over GET by an anonymous caller is public data, the same for every
 * such caller: it gets an ETag (and 304 when the client has it already) and, with
 * GATEWAY_CACHE_MAX_AGE, `Cache-Control: public, max-age`; `Vary: Authorization, Origin`
 * keeps a shared cache from answering signed-in callers, or browser apps of another origin, with it.
 */
import { createHash } from 'node:crypto';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { PersistedOperations } from '../options.js';
import { say } from '../error-codes.js';
import { addVary } from '../http.js';
import { requestScope } from '../request-scope.js';

/** The id a request names, if any: `documentId` (body or query string), else Apollo's hash. */
function documentIdOf(params: GraphQLParams & { documentId?: unknown }, request: Request): string | null {
  const id = params.documentId ?? (request.method === 'GET' ? new URL(request.url).searchParams.get('documentId') : null);
  if (typeof id === 'string') return id.replace(/^sha256:/, '');
  const apollo = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)?.persistedQuery;
  return apollo?.version === 1 && typeof apollo.sha256Hash === 'string' ? apollo.sha256Hash : null;
}

const refusal = (code: 'PERSISTED_QUERY_NOT_FOUND' | 'PERSISTED_QUERY_ONLY', detail: string) => ({
  message: say(code, detail),
  extensions: { code, http: { status: 400 } },
});

export function usePersistedDocuments({ documents, only, cacheMaxAge }: PersistedOperations): Plugin[] {
  /** Requests that ran a persisted document. */
  const persisted = new WeakSet<Request>();

  const cacheHeaders: Plugin = {
    async onResponse({ request, response, setResponse }) {
      if (request.method !== 'GET' || response.status !== 200 || !persisted.has(request)) return;
      if (request.headers.has('authorization') || requestScope(request).caller.kind !== 'anonymous') return;
      const body = await response.text();
      const headers = new Headers(response.headers);
      // Only complete answers are public data; a partial one (a field failed) is not kept.
      if (!(JSON.parse(body) as { errors?: unknown }).errors) {
        const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
        headers.set('etag', etag);
        // A shared cache keeps it for callers without credentials only, and per Origin: the
        // CORS headers an allowed browser app needs differ from those of a request without one.
        addVary(headers, 'Authorization');
        addVary(headers, 'Origin');
        if (cacheMaxAge > 0) headers.set('cache-control', `public, max-age=${cacheMaxAge}`);
        const known = request.headers.get('if-none-match')?.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
        if (known?.includes(etag)) {
          headers.delete('content-type');
          headers.delete('content-length');
          return setResponse(new Response(null, { status: 304, headers }));
        }
      }
      setResponse(new Response(body, { status: 200, headers }));
    },
  };

  return [
    usePersistedOperations({
      getPersistedOperation: (id) => documents.get(id) ?? null,
      allowArbitraryOperations: !only,
      extractPersistedOperationId: (params, request) => {
        const id = documentIdOf(params, request);
        if (id !== null) persisted.add(request);
        return id;
      },
      customErrors: {
        notFound: refusal('PERSISTED_QUERY_NOT_FOUND', 'this document id is not among the persisted documents'),
        // No query and no id: the request itself is incomplete, in yoga's words for that.
        keyNotFound: { message: 'Must provide query string or documentId.', extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
        persistedQueryOnly: refusal('PERSISTED_QUERY_ONLY', 'this gateway runs persisted documents only; send a documentId'),
      },
    }),
    cacheHeaders,
  ];
}
