/**
 * Who is calling, worked out once per request before anything is parsed (as yoga's
 * generic-auth example does): an API key, a signed-in user, a passthrough Easemob token, an
 * anonymous caller, or nobody. A sign-in token that does not verify is answered 401 at once;
 * one that cannot be checked for want of the identity provider's keys, 503.
 * It goes into the request's scope (src/request-scope.ts), and from there into the context
 * (`context.caller`), where budgets and the field rules read it.
 */
import { type DocumentNode, getOperationAST, Kind } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { say } from '../error-codes.js';
import { clientIp, type NodeServerContext, refusal } from '../http.js';
import type { Unavailable } from '../jwt.js';
import { type Caller, type RequestFacts, requestScope } from '../request-scope.js';
import type { Stoppable } from './stoppable.js';

/**
 * Works out the caller; `refused` when a sign-in token was presented and does not verify;
 * `unavailable` when it could not be checked (no signing keys to be had now).
 */
export type Identify = (request: Request, ip: string) => Promise<Caller | { refused: string } | Unavailable>;

/** Introspection reveals no data, so GraphiQL and codegen may load the schema without credentials. */
function isIntrospectionOnly(document: DocumentNode, operationName?: string | null): boolean {
  const operation = getOperationAST(document, operationName);
  return (
    operation?.operation === 'query' &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'))
  );
}

export function useCaller(identify: Identify): Plugin<RequestFacts, NodeServerContext> {
  // Refuses the whole operation, before any resolver runs, when the caller has no credential.
  const credentialNeeded = ({ args, setResultAndStopExecution }: Stoppable) => {
    if (args.contextValue.caller.credential || isIntrospectionOnly(args.document, args.operationName)) return;
    setResultAndStopExecution({
      errors: [
        createGraphQLError(say('UNAUTHENTICATED', 'send "Authorization: Bearer <token>"'), {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
        }),
      ],
    });
  };
  return {
    async onRequest({ request, serverContext, endResponse }) {
      const caller = await identify(request, clientIp(serverContext));
      if ('refused' in caller) {
        return endResponse(
          refusal(request, 401, 'UNAUTHENTICATED', `the sign-in token was refused: ${caller.refused}`, {
            headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
          }),
        );
      }
      // Not the token's fault: a 401 would sign the user out of a client that is right to keep the token.
      if ('unavailable' in caller) {
        return endResponse(
          refusal(request, 503, 'SIGN_IN_UNAVAILABLE', "the identity provider's signing keys cannot be loaded; try again shortly", {
            retryAfterSeconds: caller.retryAfterSeconds,
          }),
        );
      }
      requestScope(request).caller = caller;
    },
    onExecute: credentialNeeded,
    onSubscribe: credentialNeeded,
  };
}
