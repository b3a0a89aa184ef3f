/**
 * Every `extensions.code` the gateway answers with, and the words its messages open with:
 * one wording per code, wherever the error is raised (a query or a mutation, a plugin or
 * the REST client). The README's error table documents each code with an example, and a
 * test holds the two together.
 */
import { GraphQLError } from 'graphql';

/** The gateway's own codes, and how their messages open. */
export const errorLeads = {
  BAD_USER_INPUT: 'Invalid input',
  NOT_FOUND: 'Not found',
  UNAUTHENTICATED: 'Not authenticated',
  SIGN_IN_UNAVAILABLE: 'Sign-in unavailable',
  FORBIDDEN: 'Not allowed',
  RATE_LIMITED: 'Too many requests',
  QUERY_TOO_EXPENSIVE: 'Too expensive',
  QUERY_TOO_COMPLEX: 'Too complex',
  PERSISTED_QUERY_NOT_FOUND: 'Unknown document',
  PERSISTED_QUERY_ONLY: 'Persisted documents only',
  SERVER_BUSY: 'Busy',
  TOO_MANY_SUBSCRIPTIONS: 'Too many subscriptions',
  SUBSCRIBER_TOO_SLOW: 'Subscriber too slow',
  SHUTTING_DOWN: 'Shutting down',
  UPSTREAM_RATE_LIMITED: 'Easemob rate limit reached',
  UPSTREAM_QUOTA_EXCEEDED: 'Easemob quota used up',
  UPSTREAM_UNAVAILABLE: 'Easemob unavailable',
  UPSTREAM_ERROR: 'Easemob error',
  INTERNAL_SERVER_ERROR: 'Unexpected error',
} as const;

export type ErrorCode = keyof typeof errorLeads;

/**
 * Codes of the GraphQL server itself (yoga, graphql-js), in their words, which clients and
 * tools already know: the request could not be read, or the document is not valid.
 */
export const protocolCodes = ['BAD_REQUEST', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE'] as const;

/** A message in the code's words: `Not found: chatroom 42`. */
export const say = (code: ErrorCode, detail: string): string => `${errorLeads[code]}: ${detail}`;

/** Where in a field's arguments a bad value is: `['input', 'members', 2]`. */
export type ArgumentPath = readonly (string | number)[];

/** One bad argument value, located in the field's arguments. */
export const invalidInput = (argumentPath: ArgumentPath, problem: string): GraphQLError =>
  new GraphQLError(say('BAD_USER_INPUT', `${argumentPath.join('.')}: ${problem}`), {
    extensions: { code: 'BAD_USER_INPUT', argumentPath },
  });

/**
 * Every bad argument value of one field. Thrown by the field's input rules; whoever reports
 * it (the pre-execution check, src/upstream-cost.ts) reports each value as its own error.
 */
export class InvalidArguments extends GraphQLError {
  constructor(readonly each: readonly GraphQLError[]) {
    super(each.map((e) => e.message).join('; '), { extensions: each[0]?.extensions });
  }
}
