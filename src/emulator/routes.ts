/**
 * The chatroom endpoints of the emulator: path and body in, Easemob's `data` out.
 * Paths are below /{org}/{app} and already decoded (`%2C` arrives as `,`).
 */
import { isChatroomId, isUsername, limits } from '../easemob/limits.js';
import { type Room, type Store, StoreError } from './store.js';

export type Reply =
  | { status: number; data: unknown; extra?: Record<string, unknown> }
  | { status: number; error: string; description: string };

const bad = (description: string): never => {
  throw new StoreError(400, 'illegal_argument', description);
};

const summary = (r: Room) => ({ id: r.id, name: r.name, owner: r.owner, affiliations_count: r.members.length + 1 });

const detail = (r: Room) => ({
  membersonly: r.membersonly,
  allowinvites: r.allowinvites,
  public: r.public,
  name: r.name,
  description: r.description,
  affiliations: [{ owner: r.owner }, ...r.members.map((member) => ({ member }))],
  id: r.id,
  maxusers: r.maxusers,
  affiliations_count: r.members.length + 1,
  owner: r.owner,
});

/** The cursor is the last id of the previous page, encoded so callers treat it as opaque. */
const encodeCursor = (id: string) => Buffer.from(`after:${id}`).toString('base64url');
const decodeCursor = (cursor: string) => {
  const m = /^after:([0-9]+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? BigInt(m[1]!) : bad('invalid cursor');
};

const intParam = (params: URLSearchParams, name: string, fallback: number, max: number) => {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) bad(`${name} must be an integer from 1 to ${max}`);
  return n;
};

const usernameList = (value: unknown, max: number): string[] => {
  if (!Array.isArray(value) || value.length === 0 || value.length > max) bad(`usernames must hold 1 to ${max} names`);
  const names = value as unknown[];
  if (!names.every((u): u is string => typeof u === 'string' && isUsername(u))) bad('invalid username');
  return names as string[];
};

function route(store: Store, method: string, path: string, params: URLSearchParams, body: any): Reply {
  const parts = path.split('/').slice(1);
  const [collection, target, sub, subTarget] = parts;

  if (collection === 'chatrooms' && parts.length === 1) {
    if (method === 'GET') {
      const limit = intParam(params, 'limit', 10, limits.listPage);
      const cursor = params.get('cursor');
      const after = cursor ? decodeCursor(cursor) : -1n;
      const rooms = [...store.rooms.values()].filter((r) => BigInt(r.id) > after);
      const page = rooms.slice(0, limit);
      const next = rooms.length > limit ? encodeCursor(page[page.length - 1]!.id) : undefined;
      return { status: 200, data: page.map(summary), extra: { count: page.length, ...(next ? { cursor: next } : {}) } };
    }
    if (method === 'POST') {
      const b = body ?? {};
      if (typeof b.name !== 'string' || !b.name || b.name.length > limits.nameLength) bad('name is required, at most 128 characters');
      if (typeof b.description !== 'string' || b.description.length > limits.descriptionLength) bad('description is required, at most 512 characters');
      if (typeof b.owner !== 'string' || !isUsername(b.owner)) bad('owner is required');
      const maxusers = b.maxusers ?? limits.maxUsers.default;
      if (!Number.isInteger(maxusers) || maxusers < limits.maxUsers.min || maxusers > limits.maxUsers.max) bad('maxusers out of range');
      const members = b.members === undefined ? [] : usernameList(b.members, limits.maxUsers.max);
      const room = store.create({ name: b.name, description: b.description, maxusers, owner: b.owner, members });
      return { status: 200, data: { id: room.id } };
    }
  }

  if (collection === 'chatrooms' && target !== undefined && parts.length === 2) {
    if (method === 'GET') {
      const ids = target.split(',');
      if (ids.length > limits.detailBatch) bad(`at most ${limits.detailBatch} chatroom ids per request`);
      if (!ids.every(isChatroomId)) bad('invalid chatroom id');
      const found = [...new Set(ids)].flatMap((id) => (store.rooms.has(id) ? [detail(store.rooms.get(id)!)] : []));
      if (!found.length) throw new StoreError(404, 'service_resource_not_found', `grpID ${target} does not exist!`);
      return { status: 200, data: found };
    }
    if (!isChatroomId(target)) throw new StoreError(404, 'service_resource_not_found', `grpID ${target} does not exist!`);
    if (method === 'PUT') return { status: 200, data: store.update(target, body ?? {}) };
    if (method === 'DELETE') {
      store.delete(target);
      return { status: 200, data: { success: true, id: target } };
    }
  }

  if (collection === 'chatrooms' && target !== undefined && sub === 'users') {
    if (!isChatroomId(target)) throw new StoreError(404, 'service_resource_not_found', `grpID ${target} does not exist!`);
    if (method === 'POST' && parts.length === 3) {
      const added = store.addMembers(target, usernameList(body?.usernames, limits.addMembersBatch));
      return { status: 200, data: { newmembers: added, action: 'add_member', id: target } };
    }
    if (method === 'DELETE' && subTarget !== undefined && parts.length === 4) {
      const results = store.removeMembers(target, usernameList(subTarget.split(','), limits.removeMembersBatch));
      return { status: 200, data: results.map((r) => ({ ...r, action: 'remove_member', id: target })) };
    }
  }

  if (collection === 'users' && target !== undefined && sub === 'joined_chatrooms' && parts.length === 3 && method === 'GET') {
    if (!isUsername(target)) bad('invalid username');
    const rooms = store.joined(target);
    const paged = params.has('pagenum') || params.has('pagesize');
    const pagesize = intParam(params, 'pagesize', limits.joinedPage, limits.joinedPage);
    const pagenum = intParam(params, 'pagenum', 1, Number.MAX_SAFE_INTEGER);
    const page = paged ? rooms.slice((pagenum - 1) * pagesize, pagenum * pagesize) : rooms;
    return { status: 200, data: page.map((r) => ({ id: r.id, name: r.name })) };
  }

  throw new StoreError(404, 'no_route', `no route for ${method} ${path}`);
}

export function handle(store: Store, method: string, path: string, params: URLSearchParams, body: unknown): Reply {
  try {
    return route(store, method, path, params, body);
  } catch (error) {
    if (error instanceof StoreError) return { status: error.status, error: error.error, description: error.message };
    throw error;
  }
}
