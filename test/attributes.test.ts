/**
 * Room attributes through the gateway (issue 24), counted at the emulator: the calls each
 * operation makes (method, path, body), the answers, and input refused before any call.
 */
import { describe, expect, it } from 'vitest';
import { castStack, useCast } from './cast.js';
import { codes, manyClients, useStack } from './stack.js';

const stacks = useStack({ ...castStack, security: manyClients });
const as = useCast();

/** A room of alice's with bob as a member, and attributes bob set. */
function room(attributes: Record<string, string> = {}) {
  const { store } = stacks.shared.emulator;
  const r = store.create({ name: 'Voice room', description: '', maxusers: 100, owner: 'alice', members: ['bob'] });
  if (Object.keys(attributes).length) store.setAttributes(r.id, 'bob', attributes, true, false);
  return r;
}

const trail = (calls: { method: string; path: string; body?: unknown }[], id: string) =>
  calls.map(({ method, path, body }) => ({ method, path: path.replace(id, '{id}'), ...(body === undefined ? {} : { body }) }));

describe('Chatroom.attributes', () => {
  it('reads them all, or those asked for, in one call per room: a read sent as a POST', async () => {
    const { id } = room({ 'seat.1': 'bob', topic: 'jazz' });
    const all = await stacks.shared.counting(() => stacks.shared.gql('query($id: ID!) { chatroom(id: $id) { attributes { key value } } }', { id }, as('carol')));
    expect(all.result.body.errors).toBeUndefined();
    expect(all.result.body.data).toEqual({ chatroom: { attributes: [{ key: 'seat.1', value: 'bob' }, { key: 'topic', value: 'jazz' }] } });
    // chatroom(id)'s own detail read (the room must exist), and the attributes'.
    expect(trail(all.calls, id)).toEqual([{ method: 'GET', path: '/chatrooms/{id}' }, { method: 'POST', path: '/metadata/chatroom/{id}' }]);
    const some = await stacks.shared.counting(() =>
      stacks.shared.gql('query($id: ID!) { chatroom(id: $id) { attributes(keys: ["topic", "absent"]) { key value } } }', { id }, as('carol')),
    );
    expect(some.result.body.data).toEqual({ chatroom: { attributes: [{ key: 'topic', value: 'jazz' }] } });
    expect(trail(some.calls, id)).toEqual([
      { method: 'GET', path: '/chatrooms/{id}' },
      { method: 'POST', path: '/metadata/chatroom/{id}', body: { keys: ['topic', 'absent'] } },
    ]);
  });

  it('refuses keys Easemob would refuse, each named, before any call', async () => {
    const { id } = room();
    const { result, calls } = await stacks.shared.counting(() =>
      stacks.shared.gql(`query($id: ID!) { chatroom(id: $id) { attributes(keys: ["ok", "bad key", "${'k'.repeat(129)}", "ok"]) { key } } }`, { id }, as('key')),
    );
    const errors = result.body.errors as unknown as { extensions: { code: string; argumentPath: (string | number)[] } }[];
    expect(errors.map((e) => [e.extensions.code, e.extensions.argumentPath])).toEqual([
      ['BAD_USER_INPUT', ['keys', 1]],
      ['BAD_USER_INPUT', ['keys', 2]],
      ['BAD_USER_INPUT', ['keys']],
    ]);
    expect(calls).toEqual([]);
  });

  it('says NOT_FOUND for a room that does not exist', async () => {
    const { result } = await stacks.shared.counting(() => stacks.shared.gql('query { chatroomsByIds(ids: ["9999999"]) { attributes { key } } }', undefined, as('key')));
    expect(codes(result.body)).toEqual(['NOT_FOUND']);
  });
});
