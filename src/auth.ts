/**
 * Callers' authentication. Service mode: callers present a gateway API key and the
 * gateway uses its own app token upstream. Passthrough mode: the caller's Authorization
 * header is the Easemob token and is forwarded verbatim.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { type DocumentNode, getOperationAST, Kind } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { AuthConfig } from './config.js';
import type { Authenticate, Context } from './context.js';
import type { AuthSource } from './easemob/client.js';

const digest = (value: string) => createHash('sha256').update(value).digest();
/** Budget keys name credentials by a short digest, never by the secret itself. */
const keyOf = (kind: string, secret: string) => `${kind}:${digest(secret).toString('base64url').slice(0, 22)}`;

export function createAuthenticate(auth: AuthConfig, appToken: AuthSource | undefined): Authenticate {
  if (auth.mode === 'passthrough') {
    return (request, ip) => {
      const header = request.headers.get('authorization');
      // The gateway cannot verify a passthrough token, so the IP pays as well: minting
      // fresh tokens does not buy fresh budgets.
      return header
        ? { source: { header: async () => header }, budgetKeys: [keyOf('token', header), `ip:${ip}`] }
        : { budgetKeys: [`ip:${ip}`] };
    };
  }
  if (!appToken) throw new Error('service mode needs the app token provider');
  // Compare digests in constant time so response timing says nothing about a key.
  const keys = auth.apiKeys.map(digest);
  return (request, ip) => {
    const key = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim();
    const presented = key ? digest(key) : undefined;
    if (key && presented && keys.some((k) => timingSafeEqual(k, presented))) {
      return { source: appToken, budgetKeys: [keyOf('key', key)] };
    }
    return auth.allowAnonymous ? { source: appToken, budgetKeys: [`ip:${ip}`] } : { budgetKeys: [`ip:${ip}`] };
  };
}

/** Introspection reveals no data, so GraphiQL and codegen may load the schema without a key. */
function isIntrospectionOnly(document: DocumentNode, operationName?: string | null): boolean {
  const operation = getOperationAST(document, operationName);
  return (
    operation?.operation === 'query' &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'))
  );
}

/** Refuses the whole operation, before any resolver runs, when the caller is not authenticated. */
export function useCallerAuth(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as Context;
      if (context.authenticated || isIntrospectionOnly(args.document, args.operationName)) return;
      setResultAndStopExecution({
        errors: [
          createGraphQLError('Authentication required: send "Authorization: Bearer <token>"', {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
          }),
        ],
      });
    },
  };
}
