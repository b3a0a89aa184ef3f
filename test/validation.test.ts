/** Bad input gets BAD_USER_INPUT and makes no upstream call at all. */
import { describe, expect, it } from 'vitest';
import { codes, useStack } from './stack.js';

const stacks = useStack({});

const long = (n: number) => 'x'.repeat(n);
const users = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);

const cases: [string, string, Record<string, unknown>][] = [
  ['id with a slash', 'query($id: ID!) { chatroom(id: $id) { name } }', { id: '12/34' }],
  ['id with a comma', 'query($id: ID!) { chatroom(id: $id) { name } }', { id: '12,34' }],
  ['id with ..', 'query($id: ID!) { chatroom(id: $id) { name } }', { id: '..' }],
  ['non-numeric id', 'query($id: ID!) { chatroom(id: $id) { name } }', { id: 'abc' }],
  ['bad id in a batch', 'query($ids: [ID!]!) { chatroomsByIds(ids: $ids) { name } }', { ids: ['1', '../2'] }],
  ['too many ids', 'query($ids: [ID!]!) { chatroomsByIds(ids: $ids) { name } }', { ids: users(501).map((_, i) => String(i)) }],
  ['bad username', 'query($u: String!) { user(username: $u) { joinedChatrooms { nodes { id } } } }', { u: 'a/b' }],
  ['overlong username', 'query($u: String!) { user(username: $u) { joinedChatrooms { nodes { id } } } }', { u: long(65) }],
  ['first of 0', 'query { chatrooms(first: 0) { nodes { id } } }', {}],
  ['first over 100', 'query { chatrooms(first: 101) { nodes { id } } }', {}],
  ['garbage cursor', 'query { chatrooms(after: "%%%") { nodes { id } } }', {}],
  [
    'overlong name',
    'mutation($i: CreateChatroomInput!) { createChatroom(input: $i) { chatroom { id } } }',
    { i: { name: long(129), description: '', owner: 'alice' } },
  ],
  [
    'empty name',
    'mutation($i: CreateChatroomInput!) { createChatroom(input: $i) { chatroom { id } } }',
    { i: { name: '', description: '', owner: 'alice' } },
  ],
  [
    'overlong description',
    'mutation($i: CreateChatroomInput!) { createChatroom(input: $i) { chatroom { id } } }',
    { i: { name: 'n', description: long(513), owner: 'alice' } },
  ],
  [
    'maxUsers 0',
    'mutation($i: CreateChatroomInput!) { createChatroom(input: $i) { chatroom { id } } }',
    { i: { name: 'n', description: '', owner: 'alice', maxUsers: 0 } },
  ],
  [
    'maxUsers 10001',
    'mutation($i: CreateChatroomInput!) { createChatroom(input: $i) { chatroom { id } } }',
    { i: { name: 'n', description: '', owner: 'alice', maxUsers: 10001 } },
  ],
  [
    'empty members',
    'mutation($i: CreateChatroomInput!) { createChatroom(input: $i) { chatroom { id } } }',
    { i: { name: 'n', description: '', owner: 'alice', members: [] } },
  ],
  [
    'owner among members',
    'mutation($i: CreateChatroomInput!) { createChatroom(input: $i) { chatroom { id } } }',
    { i: { name: 'n', description: '', owner: 'alice', members: ['alice'] } },
  ],
  [
    'more members than maxUsers',
    'mutation($i: CreateChatroomInput!) { createChatroom(input: $i) { chatroom { id } } }',
    { i: { name: 'n', description: '', owner: 'alice', maxUsers: 2, members: ['bob', 'carol'] } },
  ],
  [
    'bad owner',
    'mutation($i: CreateChatroomInput!) { createChatroom(input: $i) { chatroom { id } } }',
    { i: { name: 'n', description: '', owner: 'al ice' } },
  ],
  [
    'update with nothing to change',
    'mutation($i: UpdateChatroomInput!) { updateChatroom(input: $i) { chatroom { id } } }',
    { i: { id: '1' } },
  ],
  [
    'update with a bad id',
    'mutation($i: UpdateChatroomInput!) { updateChatroom(input: $i) { chatroom { id } } }',
    { i: { id: '1/../2', name: 'x' } },
  ],
  ['delete with a bad id', 'mutation { deleteChatroom(input: { id: "1,2" }) { success } }', {}],
  ['add no usernames', 'mutation { addChatroomMembers(input: { id: "1", usernames: [] }) { chatroom { id } } }', {}],
  [
    'add 61 usernames',
    'mutation($u: [String!]!) { addChatroomMembers(input: { id: "1", usernames: $u }) { chatroom { id } } }',
    { u: users(61) },
  ],
  [
    'remove 101 usernames',
    'mutation($u: [String!]!) { removeChatroomMembers(input: { id: "1", usernames: $u }) { chatroom { id } } }',
    { u: users(101) },
  ],
  [
    'remove a bad username',
    'mutation { removeChatroomMembers(input: { id: "1", usernames: ["ok", "no,pe"] }) { chatroom { id } } }',
    {},
  ],
  [
    'repeated usernames',
    'mutation { addChatroomMembers(input: { id: "1", usernames: ["bob", "bob"] }) { chatroom { id } } }',
    {},
  ],
];

describe('bad input', () => {
  it.each(cases)('%s → BAD_USER_INPUT, no upstream call', async (_, query, variables) => {
    const rooms = stacks.shared.emulator.store.rooms.size;
    const { result, calls } = await stacks.shared.counting(() => stacks.shared.gql(query, variables));
    expect(codes(result.body)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors![0]!.message).toMatch(/^Invalid input: /);
    expect(calls).toEqual([]);
    expect(stacks.shared.emulator.calls.filter((c) => c.token).length).toBeLessThanOrEqual(1);
    expect(stacks.shared.emulator.store.rooms.size).toBe(rooms);
  });

  it('accepts the limits themselves', async () => {
    const query = 'mutation($i: CreateChatroomInput!) { createChatroom(input: $i) { chatroom { id } } }';
    const { body } = await stacks.shared.gql(query, {
      i: { name: long(128), description: long(512), owner: 'alice', maxUsers: 10000, members: ['bob'] },
    });
    expect(body.errors).toBeUndefined();
  });
});
