/**
 * The response cache through the gateway (issue 25): a query asked again is answered from the
 * kept answer with no upstream call; never across caller scopes; forgotten on a write through
 * the gateway and on an Easemob event about what it read, and only then; never kept when a rule
 * read the room for it, or when it has an error.
 */
import { describe, expect, it } from 'vitest';
import { castStack, useCast } from './cast.js';
import { live } from './live-kit.js';
import { manyClients, useStack } from './stack.js';

const cached = { ...castStack, security: manyClients, responseCache: { ttlMs: 60_000, maxBytes: 1 << 20 } };
const stacks = useStack(cached);
const as = useCast();

const Room = 'query($id: ID!) { chatroom(id: $id) { name affiliationsCount } }';

function room(name = 'Tea') {
  return stacks.shared.emulator.store.create({ name, description: '', maxusers: 10, owner: 'alice', members: ['bob'] }).id;
}

describe('the response cache', () => {
  it('answers a query asked again from the kept answer: the same data, no upstream call', async () => {
    const s = stacks.shared;
    const id = room();
    const first = await s.counting(() => s.gql(Room, { id }, as('key')));
    expect(first.calls).toHaveLength(1);
    const again = await s.counting(() => s.gql(Room, { id }, as('key')));
    expect(again.calls).toEqual([]);
    expect(again.result.body).toEqual(first.result.body);
    expect(await (await fetch(s.url.replace('/graphql', '/metrics'))).text()).toMatch(/graphql_operations_cached_total [1-9]/);
  });

  it('never answers one caller scope with another\'s answer', async () => {
    const s = stacks.shared;
    const id = room();
    const Mine = 'query($id: ID!) { viewer { username } chatroom(id: $id) { name } }';
    const alice = await s.gql(Mine, { id }, as('alice'));
    const bob = await s.counting(() => s.gql(Mine, { id }, as('bob')));
    expect(alice.body.data).toMatchObject({ viewer: { username: 'alice' } });
    expect(bob.result.body.data).toMatchObject({ viewer: { username: 'bob' } });
    expect(bob.calls).toHaveLength(1);
  });

  it('forgets everything on a write through the gateway', async () => {
    const s = stacks.shared;
    const id = room('Before');
    await s.gql(Room, { id }, as('key'));
    await s.gql('mutation($id: ID!) { updateChatroom(input: { id: $id, name: "After" }) { chatroom { id } } }', { id }, as('key'));
    const after = await s.counting(() => s.gql(Room, { id }, as('key')));
    expect(after.result.body.data).toEqual({ chatroom: { name: 'After', affiliationsCount: 2 } });
    expect(after.calls).toHaveLength(1);
  });

  it('forgets what an Easemob event is about, and only that', async () => {
    const s = await stacks.start({ ...cached, live });
    const make = (name: string) => s.emulator.store.create({ name, description: '', maxusers: 10, owner: 'alice', members: [] }).id;
    const [joined, quiet] = [make('Joined'), make('Quiet')];
    for (const id of [joined, quiet]) await s.gql(Room, { id }, as('key'));
    // Someone joins from an app: only Easemob's callback tells the gateway.
    s.emulator.actAs('bob', { kind: 'join', room: joined });
    await s.emulator.callbacksIdle();
    const fresh = await s.counting(() => s.gql(Room, { id: joined }, as('key')));
    expect(fresh.result.body.data).toEqual({ chatroom: { name: 'Joined', affiliationsCount: 2 } });
    expect(fresh.calls).toHaveLength(1);
    const kept = await s.counting(() => s.gql(Room, { id: quiet }, as('key')));
    expect(kept.calls).toEqual([]);
  });

  it('keeps no answer a rule read the room for, and none with an error', async () => {
    const s = stacks.shared;
    const id = room();
    s.emulator.store.addAdmin(id, 'bob');
    const Muted = 'query($id: ID!) { chatroom(id: $id) { mutedMembers { user { username } } } }';
    await s.gql(Muted, { id }, as('bob'));
    const again = await s.counting(() => s.gql(Muted, { id }, as('bob')));
    expect(again.result.body.errors).toBeUndefined();
    // The rule's reads (the room, its admins) and the list, again: the rule decides on fresh reads.
    expect(again.calls.length).toBeGreaterThanOrEqual(2);
    const missing = { id: '999999999' };
    await s.gql(Room, missing, as('key'));
    const stillMissing = await s.counting(() => s.gql(Room, missing, as('key')));
    expect(stillMissing.calls).toHaveLength(1);
  });
});
