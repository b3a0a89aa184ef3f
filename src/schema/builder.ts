/** The SchemaBuilder and its plugins; the types live in the files beside this one. */
import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import AnswerSizePlugin from './answer-size.js';
import UpstreamCostPlugin from './upstream-cost-plugin.js';
import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';
import { type ArgumentPath, InvalidArguments, invalidInput, say } from '../error-codes.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
  };
  /** Scopes for the fields' rules (src/schema/rules.ts; the others are functions of the caller, src/plugins/caller.ts). */
  AuthScopes: {
    /** May read rooms. */
    reader: boolean;
  };
}>({
  defaultFieldNullability: false,
  // Answer size last: Pothos makes the last plugin's wrapper the innermost, so a field a rule refuses is never charged.
  plugins: [ScopeAuthPlugin, ValidationPlugin, UpstreamCostPlugin, AnswerSizePlugin],
  scopeAuth: {
    authScopes: ({ caller }) => ({ reader: caller.reader }),
    // A subscription's rule is checked once, when it starts; each event then goes by the subscriber's own rule (src/schema/subscriptions.ts).
    authorizeOnSubscribe: true,
    // Fields name their own rule (`unauthorizedError`); this is the fallback.
    unauthorizedError: () => new GraphQLError(say('FORBIDDEN', 'this field needs other rights'), { extensions: { code: 'FORBIDDEN' } }),
  },
  validation: {
    // Bad input is the caller's mistake: say what is wrong, each value on its own, and touch nothing upstream.
    validationError: (result) =>
      new InvalidArguments(
        result.issues.map((issue) =>
          invalidInput(issue.path?.map((p) => (typeof p === 'object' ? p.key : p)) as ArgumentPath ?? [], issue.message),
        ),
      ),
  },
});

/** What an input type's `fields` function is given: for helpers that add the same fields to several inputs. */
export type InputFields = PothosSchemaTypes.InputFieldBuilder<typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never, 'InputObject'>;

/** ISO-8601 date and time in UTC, as graphql-scalars writes it: `2018-11-18T12:09:11.527Z`. */
builder.addScalarType('DateTime', DateTimeResolver);
/** A JSON object, as graphql-scalars reads it: what Easemob takes as a message's `ext`. */
builder.addScalarType('JSONObject', JSONObjectResolver);

builder.queryType({
  description:
    'Reading rooms and users. Every field is priced in Easemob calls before the operation runs, and an operation ' +
    'over the per-operation limit (30 by default) is refused whole with QUERY_TOO_EXPENSIVE. Each caller (a ' +
    'signed-in user, an API key, an address) has a budget of upstream calls too (60 per 6 s by default), charged ' +
    "each operation's price as it starts: past it, RATE_LIMITED with retryAfterSeconds. A root field is null " +
    'only with an error of its own; one failing field never takes its neighbours down.',
});
builder.subscriptionType({
  description:
    'Live events, over GraphQL over SSE (POST or GET with Accept: text/event-stream) or graphql-ws (the ' +
    'graphql-transport-ws subprotocol on the same path). A subscription is priced when it starts, like any ' +
    'operation, and charged to the caller\'s budget (RATE_LIMITED past it); its events cost no upstream call per subscriber.',
});
builder.mutationType({
  description:
    'Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and ' +
    'a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller\'s budget of ' +
    'upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error.',
});
