/**
 * Who is calling, worked out once per request before anything is parsed (as yoga's
 * generic-auth example does): an API key, a signed-in user, a passthrough Easemob token, an
 * anonymous caller, or nobody. A sign-in token that does not verify is answered 401 at once;
 * one that cannot be checked for want of the identity provider's keys, 503.
 * Everything after reads the caller from here: the context (`context.caller`), budgets and
 * the field rules.
 */
import { type DocumentNode, getOperationAST, Kind } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { AuthSource } from '../easemob/client.js';
import { say } from '../error-codes.js';
import { clientIp, type NodeServerContext, refusal } from '../http.js';
import type { Unavailable } from '../jwt.js';

export interface Caller {
  kind: 'key' | 'user' | 'passthrough' | 'anonymous' | 'none';
  /** The signed-in user's Easemob username. */
  username?: string;
  /**
   * Every right over every room: API keys (trusted backends), users with the admin scope,
   * passthrough callers (they hold an Easemob token already) and, without sign-in,
   * anonymous callers.
   */
  admin: boolean;
  /** May read rooms; with sign-in on, an anonymous caller may do nothing else. */
  reader: boolean;
  /** The credential the caller's upstream calls carry; none: the operation is refused. */
  credential?: AuthSource;
  /** Budgets the caller's upstream calls are charged to. */
  budgetKeys: string[];
  /**
   * Callers of one scope see the same data for the same operation: same credential upstream
   * and same rights. Identical queries in flight are run once per scope
   * (src/plugins/coalesce.ts); absent: never shared.
   */
  scope?: string;
}

/**
 * Works out the caller; `refused` when a sign-in token was presented and does not verify;
 * `unavailable` when it could not be checked (no signing keys to be had now).
 */
export type Identify = (request: Request, ip: string) => Promise<Caller | { refused: string } | Unavailable>;

const callers = new WeakMap<Request, Caller>();

const nobody: Caller = { kind: 'none', admin: false, reader: false, budgetKeys: ['ip:unknown'] };

/** The caller of a request, for plugins that run before the context exists. */
export const callerOf = (request: Request): Caller => callers.get(request) ?? nobody;

/** Introspection reveals no data, so GraphiQL and codegen may load the schema without credentials. */
function isIntrospectionOnly(document: DocumentNode, operationName?: string | null): boolean {
  const operation = getOperationAST(document, operationName);
  return (
    operation?.operation === 'query' &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'))
  );
}

export function useCaller(identify: Identify): Plugin<{ caller: Caller }, NodeServerContext> {
  return {
    async onRequest({ request, serverContext, endResponse }) {
      const caller = await identify(request, clientIp(serverContext));
      if ('refused' in caller) {
        return endResponse(
          refusal(401, 'UNAUTHENTICATED', `the sign-in token was refused: ${caller.refused}`, {
            headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
          }),
        );
      }
      // Not the token's fault: a 401 would sign the user out of a client that is right to keep the token.
      if ('unavailable' in caller) {
        return endResponse(
          refusal(503, 'SIGN_IN_UNAVAILABLE', "the identity provider's signing keys cannot be loaded; try again shortly", {
            retryAfterSeconds: caller.retryAfterSeconds,
          }),
        );
      }
      callers.set(request, caller);
    },
    // Refuses the whole operation, before any resolver runs, when the caller has no credential.
    onExecute({ args, setResultAndStopExecution }) {
      if (args.contextValue.caller.credential || isIntrospectionOnly(args.document, args.operationName)) return;
      setResultAndStopExecution({
        errors: [
          createGraphQLError(say('UNAUTHENTICATED', 'send "Authorization: Bearer <token>"'), {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
          }),
        ],
      });
    },
  };
}
