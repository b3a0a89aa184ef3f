/**
 * The GraphQL edge of error handling. Typed upstream errors become GraphQLErrors with
 * `extensions.code` and their safe message; unexpected errors are masked here, with the
 * request id a user can quote, and logged. Errors the schema raised on purpose
 * (validation, NOT_FOUND) pass unchanged. Yoga's own masking stays on as a backstop.
 */
import { GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { ExecutionResult } from 'graphql';
import { EasemobError } from '../easemob/errors.js';
import { say } from '../error-codes.js';
import type { Logger } from '../logging.js';
import { type RequestFacts, requestScope } from '../request-scope.js';
import { defaultSecurity } from '../security.js';

function located(error: GraphQLError, message: string, extensions: Record<string, unknown>): GraphQLError {
  // A fresh error without originalError: it holds nothing of the upstream request (no URL,
  // body or token), and yoga passes it through unmasked.
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions,
  });
}

/** The message of an unexpected error: the request id to quote, nothing of the error itself. */
const unexpected = (requestId: string) => say('INTERNAL_SERVER_ERROR', `quote request id ${requestId} when reporting it`);

function toSafeError(error: GraphQLError, requestId: string, logger: Logger): GraphQLError {
  const original = error.originalError;
  // Errors the schema raises on purpose carry their code; one without is the executor's own
  // (a value a scalar cannot represent, a null where none may be): unexpected, like a throw.
  if ((!original || original instanceof GraphQLError) && error.extensions?.code) return error;
  if (original instanceof EasemobError) return located(error, original.message, { code: original.code, ...original.details });
  logger.error({ requestId, err: original ?? error }, 'unexpected error');
  return located(error, unexpected(requestId), {
    code: 'INTERNAL_SERVER_ERROR',
    requestId,
  });
}

/**
 * Maps every execution result's errors before anything else sees them, at most `maxErrors`
 * of them (the others are counted in the answer's `extensions.errorsLeftOut`: a list of
 * thousands of failed items would otherwise make an answer of megabytes); and, for an error
 * thrown outside any field (an executor's own failure), which yoga masks before a plugin can
 * see it, gives yoga's masked error the request id to quote as well.
 */
export function useSafeErrors(logger: Logger, maxErrors = defaultSecurity.maxErrors): Plugin<RequestFacts> {
  const makeSafe = (requestId: string) => ({ result, setResult }: { result: ExecutionResult; setResult(result: ExecutionResult): void }) => {
    if (!result.errors?.length) return;
    const errors = result.errors.slice(0, maxErrors).map((e) => toSafeError(e, requestId, logger));
    const leftOut = result.errors.length - errors.length;
    if (leftOut) logger.warn({ requestId, leftOut }, 'errors left out of the answer');
    setResult({ ...result, errors, ...(leftOut ? { extensions: { ...result.extensions, errorsLeftOut: leftOut } } : {}) });
  };
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: (payload) => handleStreamOrSingleExecutionResult(payload, makeSafe(args.contextValue.requestId)),
    }),
    // Each event of a subscription, and what it answers when it cannot start.
    onSubscribe: ({ args }) => ({
      onSubscribeResult: (payload) => handleStreamOrSingleExecutionResult(payload, makeSafe(args.contextValue.requestId)),
    }),
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      const masked = (e: GraphQLError) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' && !e.extensions.requestId;
      if (!result.errors.some(masked)) return;
      const requestId = requestScope(request).requestId;
      logger.error({ requestId }, 'unexpected error outside a field; yoga logged it just before');
      setResult({
        ...result,
        errors: result.errors.map((e) =>
          masked(e) ? new GraphQLError(unexpected(requestId), { extensions: { ...e.extensions, requestId } }) : e,
        ),
      });
    },
  };
}
