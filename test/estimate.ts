/** The upstream-call estimate of a query against the real schema, as the gateway computes it. */
import { getOperationAST, getVariableValues, parse } from 'graphql';
import { limits } from '../src/easemob/limits.js';
import { schema } from '../src/schema/index.js';
import { estimateUpstreamCalls, fragmentsOf } from '../src/upstream-cost.js';

/** Throws the first invalid-variable or invalid-argument error, as the gateway would refuse it. */
export function estimate(query: string, variables?: Record<string, unknown>): number {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) throw coerced.errors[0];
  const { calls, invalid } = estimateUpstreamCalls({
    schema,
    operation,
    fragments: fragmentsOf(document),
    variables: coerced.coerced,
    context: {},
    detailBatch: limits.detailBatch,
  });
  if (invalid.length) throw invalid[0];
  return calls;
}
