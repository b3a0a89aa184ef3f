/**
 * Limits on the shape of a document, checked before it runs: tokens (while parsing), depth,
 * aliases and directives (graphql-armor), and selections with fragments spread (our own rule).
 * A document over one is the caller's mistake: a validation error coded QUERY_TOO_COMPLEX,
 * HTTP 400 — graphql-armor by default throws out of validation instead, which answers 200
 * with no code.
 */
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { say } from '../error-codes.js';
import type { SecurityOptions } from '../security.js';
import { useMaxSelections } from './max-selections.js';

/** graphql-armor's rejections, reported as validation errors in our words. */
const reportTooComplex = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(
        new GraphQLError(say('QUERY_TOO_COMPLEX', error.message.replace(/^Syntax Error: (.)/, (_, c: string) => c.toLowerCase())), {
          extensions: { code: 'QUERY_TOO_COMPLEX' },
        }),
      ),
  ],
};

export function useComplexityLimits(security: SecurityOptions): Plugin[] {
  return [
    // While parsing, before any validation context exists: a parse error (GRAPHQL_PARSE_FAILED).
    maxTokensPlugin({ n: security.maxTokens }),
    maxDepthPlugin({ n: security.maxDepth, flattenFragments: true, ...reportTooComplex }),
    maxAliasesPlugin({ n: security.maxAliases, ...reportTooComplex }),
    maxDirectivesPlugin({ n: security.maxDirectives, ...reportTooComplex }),
    useMaxSelections(security.maxSelections),
  ];
}
