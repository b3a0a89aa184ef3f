/** Writing rooms and members through the gateway. */
import { describe, expect, it } from 'vitest';
import { DeleteRoomDocument } from '../examples/gql/graphql.js';
import { graphql } from './gql/index.js';
import { codes, useStack } from './stack.js';

const Create = graphql(`
  mutation Create($input: CreateChatroomInput!) {
    createChatroom(input: $input) {
      chatroom { id name description maxUsers owner { username } members { username } affiliationsCount }
    }
  }
`);

const CreateIdOnly = graphql(`
  mutation CreateIdOnly($input: CreateChatroomInput!) {
    createChatroom(input: $input) { chatroom { id } }
  }
`);

const Update = graphql(`
  mutation Update($input: UpdateChatroomInput!) {
    updateChatroom(input: $input) {
      chatroom { id name description maxUsers }
      updated { name description maxUsers }
    }
  }
`);

const AddThenRemove = graphql(`
  mutation AddThenRemove($add: ChatroomMembersInput!, $remove: ChatroomMembersInput!) {
    added: addChatroomMembers(input: $add) { chatroom { members { username } affiliationsCount } }
    removed: removeChatroomMembers(input: $remove) { chatroom { members { username } affiliationsCount } }
  }
`);

const Room = graphql(`
  query Room($id: ID!) { chatroom(id: $id) { id name members { username } } }
`);

const stacks = useStack({});

const newRoom = (name: string) =>
  stacks.shared.emulator.store.create({ name, description: 'test room', maxusers: 50, owner: 'alice', members: ['bob'] }).id;

describe('createChatroom', () => {
  it('creates with one POST and reads the detail with one call', async () => {
    const before = stacks.shared.emulator.store.rooms.size;
    const { result, calls } = await stacks.shared.counting(() =>
      stacks.shared.gql(Create, {
        input: { name: 'Created', description: 'made by a test', maxUsers: 300, owner: 'carol', members: ['dave', 'erin'] },
      }),
    );
    expect(result.body.errors).toBeUndefined();
    const room = result.body.data!.createChatroom!.chatroom;
    expect(room).toMatchObject({
      name: 'Created',
      description: 'made by a test',
      maxUsers: 300,
      owner: { username: 'carol' },
      members: [{ username: 'dave' }, { username: 'erin' }],
      affiliationsCount: 3,
    });
    expect(stacks.shared.emulator.store.rooms.get(room.id)?.name).toBe('Created');
    expect(stacks.shared.emulator.store.rooms.size).toBe(before + 1);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /chatrooms', `GET /chatrooms/${room.id}`]);
  });

  it('costs only the POST when only the id is asked', async () => {
    const { result, calls } = await stacks.shared.counting(() =>
      stacks.shared.gql(CreateIdOnly, { input: { name: 'Cheap', description: '', owner: 'carol' } }),
    );
    expect(result.body.data!.createChatroom!.chatroom.id).toMatch(/^[0-9]+$/);
    expect(calls.map((c) => c.method)).toEqual(['POST']);
    // Left out, maxUsers is Easemob's own default.
    expect(stacks.shared.emulator.store.rooms.get(result.body.data!.createChatroom!.chatroom.id)?.maxusers).toBe(1000);
  });

  it('answers NOT_FOUND naming an unknown owner or member, and creates nothing', async () => {
    const before = stacks.shared.emulator.store.rooms.size;
    const { body } = await stacks.shared.gql(CreateIdOnly, { input: { name: 'x', description: '', owner: 'ghost_user' } });
    expect(codes(body)).toEqual(['NOT_FOUND']);
    expect(body.errors![0]!.message).toBe('Not found: user ghost_user');
    expect(body.errors![0]!.extensions!.usernames).toEqual(['ghost_user']);
    const member = await stacks.shared.gql(CreateIdOnly, {
      input: { name: 'x', description: '', owner: 'alice', members: ['bob', 'ghost2'] },
    });
    expect(member.body.errors![0]!.message).toBe('Not found: user ghost2');
    expect(member.body.errors![0]!.extensions!.usernames).toEqual(['ghost2']);
    expect(stacks.shared.emulator.store.rooms.size).toBe(before);
  });
});

describe('updateChatroom', () => {
  it('updates the given fields, reports them, and reads fresh data', async () => {
    const id = newRoom('Before');
    const { result, calls } = await stacks.shared.counting(() =>
      stacks.shared.gql(Update, { input: { id, name: 'After', maxUsers: 80 } }),
    );
    expect(result.body.data!.updateChatroom).toEqual({
      chatroom: { id, name: 'After', description: 'test room', maxUsers: 80 },
      updated: { name: true, description: false, maxUsers: true },
    });
    expect(calls.map((c) => c.method)).toEqual(['PUT', 'GET']);
  });

  it('does not serve stale data to a later read in the same request', async () => {
    const id = newRoom('Stale?');
    const doc = `query { before: chatroom(id: "${id}") { name } }`;
    await stacks.shared.gql(doc);
    const both = `mutation {
      a: updateChatroom(input: { id: "${id}", name: "First" }) { chatroom { name } }
      b: updateChatroom(input: { id: "${id}", name: "Second" }) { chatroom { name } }
    }`;
    const { body } = await stacks.shared.gql<{ a: { chatroom: { name: string } }; b: { chatroom: { name: string } } }, never>(both);
    expect(body.data).toEqual({ a: { chatroom: { name: 'First' } }, b: { chatroom: { name: 'Second' } } });
  });

  it('answers NOT_FOUND for a missing room', async () => {
    const { body } = await stacks.shared.gql(Update, { input: { id: '42', name: 'x' } });
    expect(codes(body)).toEqual(['NOT_FOUND']);
  });
});

describe('deleteChatroom', () => {
  it('deletes with one call, after which the room is gone', async () => {
    const id = newRoom('Doomed');
    // The examples' own document; as a string (typed still), since the stack takes the tests' generated class.
    const { result, calls } = await stacks.shared.counting(() => stacks.shared.gql(DeleteRoomDocument, { input: { id } }));
    expect(result.body.data!.deleteChatroom).toEqual({ deletedChatroomId: id, success: true });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`DELETE /chatrooms/${id}`]);
    expect(stacks.shared.emulator.store.rooms.has(id)).toBe(false);
    const { body } = await stacks.shared.gql(Room, { id });
    expect(codes(body)).toEqual(['NOT_FOUND']);
  });
});

describe('members', () => {
  it('adds then removes in one request, each payload seeing its own write', async () => {
    const id = newRoom('Members');
    const { result, calls } = await stacks.shared.counting(() =>
      stacks.shared.gql(AddThenRemove, {
        add: { id, usernames: ['carol', 'dave'] },
        remove: { id, usernames: ['bob', 'carol'] },
      }),
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({
      added: { chatroom: { members: [{ username: 'bob' }, { username: 'carol' }, { username: 'dave' }], affiliationsCount: 4 } },
      removed: { chatroom: { members: [{ username: 'dave' }], affiliationsCount: 2 } },
    });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST /chatrooms/${id}/users`,
      `GET /chatrooms/${id}`,
      `DELETE /chatrooms/${id}/users/bob,carol`,
      `GET /chatrooms/${id}`,
    ]);
    expect(stacks.shared.emulator.store.rooms.get(id)!.members).toEqual(['dave']);
  });

  it('sends several usernames in one path segment with the comma encoded', async () => {
    const id = newRoom('Encoded');
    const raw: string[] = [];
    const original = stacks.shared.emulator.calls.length;
    await stacks.shared.gql(
      `mutation { removeChatroomMembers(input: { id: "${id}", usernames: ["bob", "x.y-z_1"] }) { chatroom { id } } }`,
    );
    raw.push(...stacks.shared.emulator.apiCalls(original).map((c) => c.path));
    expect(raw).toEqual([`/chatrooms/${id}/users/bob,x.y-z_1`]);
  });
});
