/** The schema as an artifact (schema.graphql), and the facts every field must declare. */
import { readFileSync } from 'node:fs';
import SchemaBuilder from '@pothos/core';
import { type GraphQLObjectType, isEnumType, isInputObjectType, isNonNullType, isObjectType, parse } from 'graphql';
import { expect, it } from 'vitest';
import { limits } from '../../src/easemob/limits.js';
import { errorLeads, protocolCodes } from '../../src/error-codes.js';
import { createOperationKeys } from '../../src/plugins/operation-key.js';
import { pricing } from '../../src/plugins/upstream-budget.js';
import { schema } from '../../src/schema/index.js';
import { printSchema } from '../../src/schema/print.js';
import UpstreamCostPlugin from '../../src/schema/upstream-cost-plugin.js';
import { defaultSecurity } from '../../src/security.js';
import { costOf } from '../../src/upstream-cost.js';

/** A builder with the upstream-cost plugin alone: what it refuses to build, the gateway's schema cannot hold. */
const bareBuilder = () =>
  // scope-auth's types ask every builder for its options, plugin or not.
  new SchemaBuilder<{ Context: object }>({ plugins: [UpstreamCostPlugin], scopeAuth: { authScopes: () => ({}) } });

it('schema.graphql matches the Pothos schema (run `npm run schema:print`)', () => {
  const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
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

/** A mutation of one root field, its input written out, asking for nothing that costs a call. */
const write = (field: string, input: string) => `mutation { ${field}(input: { ${input} }) { __typename } }`;
const room = 'id: "1"';
const users = 'id: "1", usernames: ["bob"]';
const distinctIds = Array.from({ length: limits.detailBatch + 1 }, (_, i) => `"${i + 1}"`).join(', ');

/**
 * Every root field, by the words of its description that say what it costs: an operation on it,
 * and the calls the gateway prices that operation at for an admin of the app (an API key) and
 * for a signed-in user who is not one (the rules read the room first).
 */
const prices: [says: string, admin: number, user: number, operations: Record<string, string>][] = [
  ['One room by id: one detail call', 1, 1, { 'Query.chatroom': '{ chatroom(id: "1") { name } }' }],
  ['one upstream call per page', 1, 1, { 'Query.chatroomSuperAdmins': '{ chatroomSuperAdmins { nodes { username } } }' }],
  [
    'one list call per page. Fields beyond those in list rows cost one more detail call per 100 rooms',
    2,
    2,
    { 'Query.chatrooms': '{ chatrooms(first: 100) { nodes { name description } } }' },
  ],
  ['one detail call per 100 distinct ids', 2, 2, { 'Query.chatroomsByIds': `{ chatroomsByIds(ids: [${distinctIds}]) { name } }` }],
  ['no upstream call until a field needs one', 0, 0, { 'Query.user': '{ user(username: "bob") { username } }' }],
  ['No upstream call', 0, 0, { 'Query.viewer': '{ viewer { username } }' }],
  [
    'one upstream call',
    1,
    1,
    {
      'Mutation.addChatroomSuperAdmin': write('addChatroomSuperAdmin', 'username: "bob"'),
      'Mutation.createChatroom': write('createChatroom', 'name: "n", description: "", owner: "alice"'),
      'Mutation.removeChatroomSuperAdmin': write('removeChatroomSuperAdmin', 'username: "bob"'),
      // Refused to anyone but admins of the app before it runs: a user's price is the same.
      'Mutation.broadcastChatroomMessage': write('broadcastChatroomMessage', 'text: "hi"'),
    },
  ],
  [
    'one upstream call, and for a signed-in user one detail call first',
    1,
    2,
    {
      'Mutation.addChatroomAdmin': write('addChatroomAdmin', 'id: "1", username: "bob"'),
      'Mutation.deleteChatroom': write('deleteChatroom', room),
      'Mutation.removeChatroomAdmin': write('removeChatroomAdmin', 'id: "1", username: "bob"'),
      'Mutation.transferChatroomOwnership': write('transferChatroomOwnership', 'id: "1", newOwner: "bob"'),
      'Mutation.updateChatroom': write('updateChatroom', 'id: "1", name: "n"'),
    },
  ],
  [
    'Adds 1-60 users in one upstream call, and for a signed-in user who is not an admin one detail call first',
    1,
    2,
    { 'Mutation.addChatroomMembers': write('addChatroomMembers', users) },
  ],
  [
    'Removes 1-60 users in one upstream call, and one detail call first unless the caller is an admin or only leaves',
    1,
    2,
    { 'Mutation.removeChatroomMembers': write('removeChatroomMembers', users) },
  ],
  [
    'one upstream call, after at most two for the rule',
    1,
    3,
    {
      'Mutation.muteAllChatroomMembers': write('muteAllChatroomMembers', room),
      'Mutation.muteChatroomMembers': write('muteChatroomMembers', users),
      'Mutation.setChatroomAnnouncement': write('setChatroomAnnouncement', 'id: "1", announcement: "a"'),
      'Mutation.unmuteAllChatroomMembers': write('unmuteAllChatroomMembers', room),
      'Mutation.unmuteChatroomMembers': write('unmuteChatroomMembers', users),
      'Mutation.recallChatroomMessage': write('recallChatroomMessage', 'id: "1", messageId: "1029545553039460728"'),
    },
  ],
  [
    'in one upstream call, and for a signed-in user who is not an admin the moderation rule\'s two reads of each room first',
    1,
    5,
    { 'Mutation.sendChatroomMessage': write('sendChatroomMessage', 'chatroomIds: ["1", "2"], text: "hi"') },
  ],
  [
    // As themselves, a member's own keys; another's (overwriteOthers, username) cost the moderation rule's reads too.
    'in one upstream call',
    1,
    1,
    {
      'Mutation.setChatroomAttributes': write('setChatroomAttributes', 'id: "1", attributes: [{ key: "seat.1", value: "bob" }]'),
      'Mutation.deleteChatroomAttributes': write('deleteChatroomAttributes', 'id: "1", keys: ["seat.1"]'),
    },
  ],
  [
    'One upstream call for 1-60 users, after at most two for the rule',
    1,
    3,
    {
      'Mutation.allowChatroomUsers': write('allowChatroomUsers', users),
      'Mutation.blockChatroomUsers': write('blockChatroomUsers', users),
      'Mutation.disallowChatroomUsers': write('disallowChatroomUsers', users),
      'Mutation.unblockChatroomUsers': write('unblockChatroomUsers', users),
    },
  ],
];

it('says in every root field what it costs upstream, and names only error codes that exist', () => {
  const known = new Set<string>([...Object.keys(errorLeads), ...protocolCodes]);
  // The gateway's own pricing, as it runs before an operation.
  const price = pricing(limits.detailBatch, createOperationKeys());
  const callers = {
    admin: { kind: 'key', admin: true, reader: true, budgetKeys: [] },
    user: { kind: 'user', username: 'alice', admin: false, reader: true, budgetKeys: [] },
  };
  const roots = [schema.getQueryType()!, schema.getMutationType()!];
  const fields = Object.fromEntries(
    roots.flatMap((type) => Object.values(type.getFields()).map((field) => [`${type.name}.${field.name}`, field])),
  );
  expect(prices.flatMap(([, , , operations]) => Object.keys(operations)).sort()).toEqual(Object.keys(fields).sort());
  // The limit an operation is held to, in the words of the Query type.
  expect(roots[0]!.description).toContain(`over the per-operation limit (${defaultSecurity.maxUpstreamCalls} by default)`);
  for (const [says, admin, user, operations] of prices) {
    for (const [name, operation] of Object.entries(operations)) {
      expect(fields[name]!.description, name).toContain(says);
      const document = parse(operation);
      const priced = (caller: object) => price({ schema, document, variableValues: {}, contextValue: { caller } });
      expect([priced(callers.admin), priced(callers.user)], `${name}: ${operation}`).toEqual([{ calls: admin }, { calls: user }]);
    }
  }
  for (const type of roots) {
    for (const field of Object.values(type.getFields())) {
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

it("tells in each root type's description, as the docs explorer shows it, of the caller's budget and RATE_LIMITED (issue 23, 6)", () => {
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    expect(root!.description, root!.name).toMatch(/budget/);
    expect(root!.description, root!.name).toContain('RATE_LIMITED');
  }
});
