/**
 * Refuses, as a validation error, an operation whose type the schema has no root for (a
 * subscription here). graphql 16 has no such rule (graphql 17's KnownOperationTypesRule, whose
 * wording this keeps): without it graphql-js answers 200 with an execution error and
 * graphql-jit throws, a 500, for what is the client's mistake.
 */
import { GraphQLError, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const knownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    context.reportError(new GraphQLError(`The ${node.operation} operation is not supported by the schema.`, { nodes: node }));
  },
});

export function useKnownOperationTypes(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(knownOperationTypesRule);
    },
  };
}
