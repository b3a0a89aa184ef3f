/**
 * Trusted documents: the example client's manifest (examples/gql/persisted-documents.json,
 * written by GraphQL Code Generator), named by `documentId` or Apollo's hash, over POST and
 * GET; a persisted-only gateway refuses everything else before it is parsed; public GET
 * reads carry an ETag (304 when unchanged) and Cache-Control.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RoomDetailsDocument, RoomsDocument } from '../examples/gql/graphql.js';
import { codes, examplesManifest, post, type Stack, useStack } from './stack.js';

// One gateway with the manifest; tests that set it up otherwise start their own.
const stacks = useStack({ persisted: examplesManifest() });
const rooms = RoomsDocument.__meta__!.hash as string;
const details = RoomDetailsDocument.__meta__!.hash as string;
const firstRooms = (s: Stack, n: number) => [...s.emulator.store.rooms.keys()].slice(0, n);

/** A request's status and JSON answer. */
async function send(s: Stack, body: Parameters<typeof post>[1]) {
  const res = await post(s.url, body);
  return { status: res.status, body: (await res.json()) as { data?: Record<string, any> | null; errors?: any[] } };
}

const get = (s: Stack, params: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${s.url}?${new URLSearchParams(params)}`, { headers: { accept: 'application/graphql-response+json', ...headers } });

describe('trusted documents', () => {
  it('runs a manifest document named by documentId, with or without sha256:, or by Apollo’s hash', async () => {
    const s = stacks.shared;
    for (const body of [
      { documentId: rooms, variables: { first: 2 } },
      { documentId: `sha256:${rooms}`, variables: { first: 2 } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: rooms } }, variables: { first: 2 } },
    ]) {
      const { result, calls } = await s.counting(() => send(s, body));
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
      // The Rooms document, run: the first page of two rooms, from one list call.
      expect(result.body.data!.chatrooms.nodes.map((n: { id: string }) => n.id)).toEqual(firstRooms(s, 2));
      expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /chatrooms']);
    }
    // The manifest's ids are the documents' SHA-256, as Apollo's persisted queries hash them.
    expect(examplesManifest().documents.get(rooms)).toBeDefined();
    expect(createHash('sha256').update(examplesManifest().documents.get(rooms)!).digest('hex')).toBe(rooms);
  });

  it('answers an unknown id 400 PERSISTED_QUERY_NOT_FOUND, touching nothing', async () => {
    const s = stacks.shared;
    const { result, calls } = await s.counting(() => send(s, { documentId: 'f'.repeat(64) }));
    expect(result.status).toBe(400);
    expect(codes(result.body as never)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(result.body.errors![0].message).toMatch(/^Unknown document: /);
    expect(calls).toEqual([]);
    expect((await send(s, { variables: {} })).body.errors![0].extensions.code).toBe('BAD_REQUEST');
  });

  it('still runs other documents unless told persisted-only', async () => {
    const s = stacks.shared;
    const { result, calls } = await s.counting(() => send(s, { query: '{ chatrooms(first: 1) { nodes { id } } }' }));
    expect(result).toEqual({ status: 200, body: { data: { chatrooms: { nodes: [{ id: firstRooms(s, 1)[0] }] } } } });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /chatrooms']);
  });

  it('refuses every other document when persisted-only, before parsing, with no upstream call', async () => {
    const s = await stacks.start({ persisted: examplesManifest({ only: true }) });
    for (const query of ['{ chatrooms(first: 1) { nodes { id } } }', '{ __schema { types { name } } }', 'not even graphql {']) {
      const { result, calls } = await s.counting(() => send(s, { query }));
      expect(result.status).toBe(400);
      expect(codes(result.body as never)).toEqual(['PERSISTED_QUERY_ONLY']);
      expect(result.body.errors![0].message).toMatch(/^Persisted documents only: /);
      expect(calls).toEqual([]);
    }
    expect((await send(s, { documentId: rooms, variables: { first: 1 } })).body.data!.chatrooms.nodes).toHaveLength(1);
  });

  it('runs a persisted query over GET, never a persisted mutation', async () => {
    const s = stacks.shared;
    const res = await get(s, { documentId: rooms, variables: JSON.stringify({ first: 1 }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.chatrooms.nodes).toHaveLength(1);
    const create = [...examplesManifest().documents].find(([, text]) => text.startsWith('mutation CreateRoom'))![0];
    const variables = JSON.stringify({ input: { name: 'x', description: '', owner: 'alice' } });
    const before = s.emulator.store.rooms.size;
    const { result: refused, calls } = await s.counting(() => get(s, { documentId: create, variables }));
    expect(refused.status).toBe(405);
    expect(calls).toEqual([]);
    expect(s.emulator.store.rooms.size).toBe(before);
  });

  it('gives anonymous GET reads an ETag, 304 when unchanged, and Cache-Control from GATEWAY_CACHE_MAX_AGE', async () => {
    const s = await stacks.start({ persisted: examplesManifest({ cacheMaxAge: 30 }), apiKeys: ['k'], allowAnonymous: true });
    const id = s.emulator.store.rooms.keys().next().value!;
    const params = { documentId: details, variables: JSON.stringify({ id }) };
    const first = await get(s, params);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=30');
    expect(first.headers.get('vary')).toMatch(/Authorization/);
    const again = await get(s, params, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // Changed data: a new tag.
    s.emulator.store.room(id).name = 'Renamed behind its back';
    const changed = await get(s, params, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    // Not public: a caller with a credential, a POST, a text query, an answer with errors.
    const keyed = await get(s, params, { authorization: 'Bearer k' });
    expect(keyed.headers.get('etag')).toBeNull();
    expect(keyed.headers.get('cache-control')).toBeNull();
    const posted = await post(s.url, params);
    expect(posted.headers.get('etag')).toBeNull();
    const text = await get(s, { query: '{ chatrooms(first: 1) { nodes { id } } }' });
    expect(text.headers.get('etag')).toBeNull();
    const missing = await get(s, { documentId: details, variables: JSON.stringify({ id: '999' }) });
    expect(((await missing.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
    expect(missing.headers.get('etag')).toBeNull();
  });

  it('sends no Cache-Control by default (GATEWAY_CACHE_MAX_AGE=0), only the ETag', async () => {
    const res = await get(stacks.shared, { documentId: rooms, variables: JSON.stringify({ first: 1 }) });
    expect(res.headers.get('etag')).not.toBeNull();
    expect(res.headers.get('cache-control')).toBeNull();
  });
});
