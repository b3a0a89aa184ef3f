/** The schema as an artifact (schema.graphql), and the facts every field must declare. */
import { readFileSync } from 'node:fs';
import SchemaBuilder from '@pothos/core';
import { type GraphQLObjectType, isEnumType, isInputObjectType, isNonNullType, isObjectType } from 'graphql';
import { expect, it } from 'vitest';
import { errorLeads, protocolCodes } from '../src/error-codes.js';
import { schema } from '../src/schema/index.js';
import { printSchema } from '../src/schema/print.js';
import UpstreamCostPlugin from '../src/schema/upstream-cost-plugin.js';
import { costOf } from '../src/upstream-cost.js';

/** A builder with the upstream-cost plugin alone: what it refuses to build, the gateway's schema cannot hold. */
const bareBuilder = () =>
  // scope-auth's types ask every builder for its options, plugin or not.
  new SchemaBuilder<{ Context: object }>({ plugins: [UpstreamCostPlugin], scopeAuth: { authScopes: () => ({}) } });

it('schema.graphql matches the Pothos schema (run `npm run schema:print`)', () => {
  const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
  expect(printSchema()).toBe(committed);
});

it('builds no root field without its upstream calls, so that none is priced as free by mistake', () => {
  const builder = bareBuilder();
  builder.queryType({
    fields: (t) => ({
      // @ts-expect-error: the compiler asks a root field for its cost before the build does
      free: t.boolean({ resolve: () => true }),
    }),
  });
  expect(() => builder.toSchema()).toThrow('Query.free declares no upstream calls');
});

it('builds no list of objects without its items, so that what is nested is multiplied', () => {
  const builder = bareBuilder();
  const Item = builder.objectRef<{ n: number }>('Item').implement({ fields: (t) => ({ n: t.exposeInt('n') }) });
  builder.queryType({ fields: (t) => ({ items: t.field({ type: [Item], upstreamCost: { calls: 1 }, resolve: () => [] }) }) });
  expect(() => builder.toSchema()).toThrow('Query.items is a list of objects that declares no upstreamCost.items');
});

it('keeps the declared cost in the field, where the estimator reads it', () => {
  expect(costOf(schema.getQueryType()!.getFields().chatroom!)).toEqual({ calls: 1, rows: 'detail' });
});

it('declares who may use every root field, beside its cost', () => {
  const ruleless = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) =>
    Object.values(type.getFields())
      .filter((field) => (field.extensions?.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes === undefined)
      .map((field) => `${type.name}.${field.name}`),
  );
  expect(ruleless).toEqual([]);
});

it('describes every type, field, argument, input field and enum value', () => {
  const missing: string[] = [];
  const need = (what: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(what);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    need(type.name, type.description);
    if (isObjectType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        need(`${type.name}.${field.name}`, field.description);
        for (const arg of 'args' in field ? field.args : []) need(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) need(`${type.name}.${value.name}`, value.description);
  }
  expect(missing).toEqual([]);
});

it('says in every root field what it costs upstream, and names only error codes that exist', () => {
  const known = new Set<string>([...Object.keys(errorLeads), ...protocolCodes]);
  for (const type of [schema.getQueryType()!, schema.getMutationType()!]) {
    for (const field of Object.values(type.getFields())) {
      expect(field.description, `${type.name}.${field.name}`).toMatch(/upstream call|detail call|list call|call per page/);
      for (const code of field.description!.match(/\b[A-Z][A-Z_]{3,}\b/g) ?? []) {
        expect(known.has(code), `${type.name}.${field.name}: ${code}`).toBe(true);
      }
    }
  }
  for (const field of Object.values(schema.getMutationType()!.getFields())) {
    expect(field.description, field.name).toMatch(/Errors: .*BAD_USER_INPUT.*FORBIDDEN/);
  }
});

it('lets an error null only its own field: every field that reads Easemob is nullable', () => {
  const nonNull = (type: GraphQLObjectType) =>
    Object.values(type.getFields())
      .filter((f) => isNonNullType(f.type))
      .map((f) => `${type.name}.${f.name}`);
  expect(nonNull(schema.getQueryType()!)).toEqual([]);
  expect(nonNull(schema.getMutationType()!)).toEqual([]);
  // A room's id is all a row is sure to hold; every other field may need its details.
  expect(nonNull(schema.getType('Chatroom') as GraphQLObjectType)).toEqual(['Chatroom.id']);
  expect(nonNull(schema.getType('User') as GraphQLObjectType)).toEqual(['User.id', 'User.username']);
});
