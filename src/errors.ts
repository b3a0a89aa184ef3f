/**
 * The GraphQL edge of error handling. Typed upstream errors become GraphQLErrors with
 * `extensions.code` and their safe message; unexpected errors are masked here, with the
 * request id a user can quote, and logged. Errors the schema raised on purpose
 * (validation, NOT_FOUND) pass unchanged. Yoga's own masking stays on as a backstop.
 */
import { GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { Context } from './context.js';
import { EasemobError } from './easemob/errors.js';
import type { Logger } from './logging.js';

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

function toSafeError(error: GraphQLError, requestId: string, logger: Logger): GraphQLError {
  const original = error.originalError;
  if (!original || original instanceof GraphQLError) return error;
  if (original instanceof EasemobError) return located(error, original.message, { code: original.code });
  logger.error({ requestId, err: original }, 'unexpected error');
  return located(error, `Unexpected error. Quote request id ${requestId} when reporting it.`, {
    code: 'INTERNAL_SERVER_ERROR',
    requestId,
  });
}

/** Maps every execution result's errors before anything else sees them. */
export function useSafeErrors(logger: Logger): Plugin<Context> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
          if (!result.errors?.length) return;
          const requestId = (args.contextValue as Context).requestId;
          setResult({ ...result, errors: result.errors.map((e) => toSafeError(e, requestId, logger)) });
        }),
    }),
  };
}
