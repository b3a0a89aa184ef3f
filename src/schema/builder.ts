/** The SchemaBuilder and its plugins; the types live in the files beside this one. */
import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { DateTimeResolver } from 'graphql-scalars';
import { createGraphQLError } from 'graphql-yoga';
import type { Context } from '../context.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
  };
  /** Scopes for the fields' rules (src/schema/rules.ts; the others are functions of the caller, src/plugins/caller.ts). */
  AuthScopes: {
    /** May read rooms. */
    reader: boolean;
  };
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, ValidationPlugin],
  scopeAuth: {
    authScopes: ({ caller }) => ({ reader: caller.reader }),
    // Fields name their own rule (`unauthorizedError`); this is the fallback.
    unauthorizedError: () => createGraphQLError('Not allowed', { extensions: { code: 'FORBIDDEN' } }),
  },
  validation: {
    // Bad input is the caller's mistake: say what is wrong, and touch nothing upstream.
    validationError: (result) =>
      createGraphQLError(
        `Invalid input: ${result.issues
          .map((issue) => {
            const path = issue.path?.map((p) => (typeof p === 'object' ? p.key : p)).join('.');
            return path ? `${path}: ${issue.message}` : issue.message;
          })
          .join('; ')}`,
        { extensions: { code: 'BAD_USER_INPUT' } },
      ),
  },
});

/** ISO-8601 date and time in UTC, as graphql-scalars writes it: `2018-11-18T12:09:11.527Z`. */
builder.addScalarType('DateTime', DateTimeResolver);

builder.queryType({});
builder.mutationType({});
