/** The schema as an artifact (schema.graphql), and the facts every field must declare. */
import { readFileSync } from 'node:fs';
import { getNamedType, getNullableType, isListType, isObjectType } from 'graphql';
import { expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import { printSchema } from '../src/schema/print.js';
import { costOf } from '../src/upstream-cost.js';

it('schema.graphql matches the Pothos schema (run `npm run schema:print`)', () => {
  const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
  expect(printSchema()).toBe(committed);
});

it('declares the upstream cost of every root field, so that none is priced as free by mistake', () => {
  const undeclared = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) =>
    Object.values(type.getFields())
      .filter((field) => costOf(field)?.calls === undefined)
      .map((field) => `${type.name}.${field.name}`),
  );
  expect(undeclared).toEqual([]);
});

it('declares who may use every root field, beside its cost', () => {
  const ruleless = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) =>
    Object.values(type.getFields())
      .filter((field) => (field.extensions?.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes === undefined)
      .map((field) => `${type.name}.${field.name}`),
  );
  expect(ruleless).toEqual([]);
});

it('declares how many items every list of objects holds, so that what is nested is multiplied', () => {
  const undeclared = Object.values(schema.getTypeMap()).flatMap((type) =>
    isObjectType(type) && !type.name.startsWith('__')
      ? Object.values(type.getFields())
          .filter((field) => {
            const cost = costOf(field);
            const listOfObjects = isListType(getNullableType(field.type)) && isObjectType(getNamedType(field.type));
            return listOfObjects && cost?.items === undefined && !cost?.passThrough;
          })
          .map((field) => `${type.name}.${field.name}`)
      : [],
  );
  expect(undeclared).toEqual([]);
});
