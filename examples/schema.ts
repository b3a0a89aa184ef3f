/**
 * The gateway's schema as the normalized caches want it, read from the committed schema.graphql
 * (a test fails when that drifts from the code): Graphcache takes its introspection, which lets
 * it match fragments on the ChatroomEvent interface (`... on ChatroomUpdated`) exactly when it
 * writes an event, not only when it reads; Apollo takes the types behind each interface. An app
 * in a browser generates both with GraphQL Code Generator instead (its urql-introspection and
 * fragment-matcher plugins give these shapes).
 */
import { readFileSync } from 'node:fs';
import { buildSchema, introspectionFromSchema, isAbstractType, isObjectType } from 'graphql';

const schema = buildSchema(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export const introspection = introspectionFromSchema(schema);

/** `{ ChatroomEvent: ['ChatroomAdminsChanged', …] }`: each interface and the types that implement it. */
export const possibleTypes: Record<string, string[]> = Object.fromEntries(
  Object.values(schema.getTypeMap())
    .filter(isAbstractType)
    .map((type) => [type.name, schema.getPossibleTypes(type).map((t) => t.name)]),
);

/**
 * Object types with no `id`: payloads, pages, edges, a muted member, a room's permissions. They
 * have no identity of their own, and a normalized cache keeps each inside the object that holds
 * it (Graphcache warns "Invalid key" of any it is not told about).
 */
export const embeddedTypes: string[] = Object.values(schema.getTypeMap())
  .filter(isObjectType)
  .filter((type) => !type.name.startsWith('__') && ![schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].includes(type))
  .filter((type) => !('id' in type.getFields()))
  .map((type) => type.name);
