/**
 * The GraphQL edge of error handling: typed upstream errors become GraphQLErrors with
 * `extensions.code` and their safe message. Anything else unexpected is left for yoga
 * to mask (and log).
 */
import { GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import { EasemobError } from './easemob/errors.js';

function toGraphQLError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (!(original instanceof EasemobError)) return error;
  // A fresh error without originalError: yoga passes it through unmasked, and it holds
  // nothing of the upstream request (no URL, body or token).
  return new GraphQLError(original.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { code: original.code },
  });
}

/** Maps upstream errors in every execution result before yoga's masking sees them. */
export function useUpstreamErrors(): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
          if (result.errors?.some((e) => e.originalError instanceof EasemobError)) {
            setResult({ ...result, errors: result.errors.map(toGraphQLError) });
          }
        }),
    }),
  };
}
