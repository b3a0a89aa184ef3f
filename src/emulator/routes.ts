/**
 * The chatroom endpoints of the emulator: path and body in, Easemob's answer (without the
 * common envelope) out. Paths are below /{org}/{app} and already decoded (`%2C` arrives as
 * `,`). Answers are written in the client's own wire types (src/easemob/wire.ts), so the two
 * ends cannot drift apart unnoticed; statuses and error words are the public docs'.
 */
import type { z } from 'zod';
import { easemobLength, isChatroomId, isUsername, limits } from '../easemob/limits.js';
import * as wire from '../easemob/wire.js';
import type { Documented, Wire } from '../easemob/wire.js';
import { type Room, roomMissing, type Store, StoreError } from './store.js';

type Envelope = keyof z.input<typeof wire.envelope>;
/** An answer's body as the client parses it, the common envelope aside (the server adds it). */
type Body<S extends z.ZodType> = Omit<Wire<S>, Envelope>;

export type Reply = { status: number; body: Record<string, unknown> } | { status: number; error: string; description: string };

/** A successful answer, typed by the client's schema for it. */
const ok = <S extends z.ZodType>(_schema: S, body: Body<S>): Reply => ({ status: 200, body: body as Record<string, unknown> });

const invalid = (description: string): never => {
  throw new StoreError(400, 'invalid_parameter', description);
};

const listRow = (r: Room): Documented<typeof wire.listRow> => ({
  id: r.id,
  name: r.name,
  owner: r.owner,
  affiliations_count: r.members.length + 1,
});

const joinedRow = (r: Room): Documented<typeof wire.joinedRow> => ({ id: r.id, name: r.name, disabled: 'false' });

const detail = (r: Room): Documented<typeof wire.chatroomDetail> => ({
  id: r.id,
  name: r.name,
  description: r.description,
  membersonly: r.membersonly,
  allowinvites: r.allowinvites,
  maxusers: r.maxusers,
  owner: r.owner,
  created: r.created,
  custom: r.custom,
  affiliations_count: r.members.length + 1,
  // The service does not order affiliations; members come first here, as in the docs' example.
  affiliations: [...r.members.map((member) => ({ member })), { owner: r.owner }],
  public: r.public,
  mute: r.mute,
});

/** The cursor is the last id of the previous page, encoded so callers treat it as opaque. */
const encodeCursor = (id: string) => Buffer.from(`after:${id}`).toString('base64url');
const decodeCursor = (cursor: string) => {
  const m = /^after:([0-9]+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? BigInt(m[1]!) : invalid('invalid cursor');
};

const intParam = (params: URLSearchParams, name: string, fallback: number, max: number) => {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) invalid(`${name} must be a positive integer`);
  return Math.min(n, max);
};

/** `tooMany`: the docs' words for a list over `max`. */
const usernameList = (value: unknown, max: number, tooMany: string): string[] => {
  if (!Array.isArray(value) || value.length === 0) invalid('usernames must be provided');
  const names = value as unknown[];
  if (names.length > max) invalid(tooMany);
  if (!names.every((u): u is string => typeof u === 'string' && isUsername(u))) invalid('invalid username');
  return names as string[];
};

const updatable = new Set(['name', 'description', 'maxusers']);

/** Users named in a path, comma-separated (`%2C` already decoded). */
const pathUsers = (segment: string | undefined, max: number, tooMany: string) => usernameList(segment?.split(',') ?? [], max, tooMany);

/** A page of a list by pagenum and pagesize, with the `params` the answer echoes. */
function paged<T>(params: URLSearchParams, rows: T[], defaultSize: number, maxSize: number) {
  const pagesize = intParam(params, 'pagesize', defaultSize, maxSize);
  const pagenum = intParam(params, 'pagenum', 1, Number.MAX_SAFE_INTEGER);
  return {
    page: rows.slice((pagenum - 1) * pagesize, pagenum * pagesize),
    params: { pagesize: [String(pagesize)], pagenum: [String(pagenum)] },
  };
}

function route(store: Store, method: string, path: string, params: URLSearchParams, body: any): Reply {
  const parts = path.split('/').slice(1);
  const [collection, target, sub, subTarget] = parts;

  // App-wide: users who may create chatrooms from the client SDKs.
  if (collection === 'chatrooms' && target === 'super_admin') {
    if (method === 'GET' && parts.length === 2) {
      const { page, params: echoed } = paged(params, store.superAdmins, 10, limits.superAdminPage);
      return ok(wire.superAdminsResponse, { data: page, count: page.length, params: echoed });
    }
    if (method === 'POST' && parts.length === 2) {
      const user = body?.superadmin;
      if (typeof user !== 'string' || !isUsername(user)) invalid('superadmin must be a username');
      store.addSuperAdmin(user);
      return ok(wire.addSuperAdminResponse, { data: { result: 'success', resource: '' } });
    }
    if (method === 'DELETE' && parts.length === 3 && isUsername(sub!)) {
      store.removeSuperAdmin(sub!);
      return ok(wire.removeSuperAdminResponse, { data: { newSuperAdmin: sub!, resource: '' } });
    }
  }

  if (collection === 'chatrooms' && parts.length === 1) {
    if (method === 'GET') {
      const limit = intParam(params, 'limit', 10, limits.listPageMax);
      const cursor = params.get('cursor');
      const after = cursor ? decodeCursor(cursor) : -1n;
      const rooms = [...store.rooms.values()].filter((r) => BigInt(r.id) > after);
      const page = rooms.slice(0, limit);
      const next = rooms.length > limit ? encodeCursor(page[page.length - 1]!.id) : null;
      return ok(wire.listResponse, { data: page.map(listRow), cursor: next, count: page.length });
    }
    if (method === 'POST') {
      const b = body ?? {};
      for (const field of ['name', 'description', 'owner']) if (typeof b[field] !== 'string') invalid(`${field} must be provided`);
      if (!b.name || easemobLength(b.name) > limits.nameLength) invalid(`name must be 1 to ${limits.nameLength} characters`);
      if (easemobLength(b.description) > limits.descriptionLength) invalid(`description must be at most ${limits.descriptionLength} characters`);
      if (!isUsername(b.owner)) invalid('owner is not a valid username');
      const maxusers = b.maxusers ?? limits.maxUsers.default;
      if (!Number.isInteger(maxusers) || maxusers < limits.maxUsers.min || maxusers > limits.maxUsers.max) invalid('maxusers out of range');
      if (b.custom !== undefined && (typeof b.custom !== 'string' || Buffer.byteLength(b.custom) > limits.customBytes)) {
        invalid(`custom must be a string of at most ${limits.customBytes} bytes`);
      }
      const members = b.members === undefined ? [] : usernameList(b.members, limits.maxUsers.max, `members number more than maxSize : ${limits.maxUsers.max}`);
      const room = store.create({ name: b.name, description: b.description, maxusers, owner: b.owner, members, custom: b.custom });
      return ok(wire.createResponse, { data: { id: room.id } });
    }
  }

  if (collection === 'chatrooms' && target !== undefined && parts.length === 2) {
    if (method === 'GET') {
      const ids = target.split(',');
      if (ids.length > limits.detailBatch) invalid(`at most ${limits.detailBatch} chatroom ids per request`);
      if (!ids.every(isChatroomId)) invalid('invalid chatroom id');
      const found = [...new Set(ids)].flatMap((id) => (store.rooms.has(id) ? [detail(store.rooms.get(id)!)] : []));
      if (!found.length) throw new StoreError(404, 'service_resource_not_found', `do not find this group:${target}`);
      return ok(wire.detailResponse, { data: found, count: found.length });
    }
    if (!isChatroomId(target)) throw roomMissing(target);
    if (method === 'PUT' && body && typeof body === 'object' && 'newowner' in body) {
      if (Object.keys(body).length !== 1) invalid('newowner must be sent alone');
      if (typeof body.newowner !== 'string' || !isUsername(body.newowner)) invalid('newowner must be a username');
      store.transfer(target, body.newowner);
      return ok(wire.transferResponse, { data: { newowner: true } });
    }
    if (method === 'PUT') {
      const unknown = Object.keys(body ?? {}).filter((k) => !updatable.has(k));
      if (unknown.length) invalid(`some of [${unknown.join(', ')}] are not valid fields`);
      return ok(wire.updateResponse, { data: store.update(target, body ?? {}) });
    }
    if (method === 'DELETE') {
      store.delete(target);
      return ok(wire.deleteResponse, { data: { success: true, id: target } });
    }
  }

  if (collection === 'chatrooms' && target !== undefined && sub === 'users') {
    if (!isChatroomId(target)) throw roomMissing(target);
    if (method === 'GET' && parts.length === 3) {
      const { page, params: echoed } = paged(params, store.affiliations(target), limits.memberPage, limits.memberPage);
      return ok(wire.memberPageResponse, { data: page, count: page.length, params: echoed });
    }
    if (method === 'POST' && parts.length === 3) {
      const newmembers = store.addMembers(target, usernameList(body?.usernames, limits.addMembersBatch, `addMembers: addMembers number more than maxSize : ${limits.addMembersBatch}`));
      return ok(wire.addMembersResponse, { data: { newmembers, action: 'add_member', id: target } });
    }
    if (method === 'DELETE' && subTarget !== undefined && parts.length === 4) {
      const names = usernameList(subTarget.split(','), limits.removeMembersBatch, `kickMember: kickMembers number more than maxSize : ${limits.removeMembersBatch}`);
      // One name is the single-user endpoint: one object, and a refusal when the user is not in the room.
      if (names.length === 1) {
        const { user, result } = store.removeMember(target, names[0]!);
        return ok(wire.removeMembersResponse, { data: { result, action: 'remove_member', user, id: target } });
      }
      const rows = store.removeMembers(target, names).map((r) => ({ ...r, action: 'remove_member', id: target }));
      return ok(wire.removeMembersResponse, { data: rows });
    }
  }

  if (collection === 'chatrooms' && target !== undefined && sub !== undefined && !isChatroomId(target)) throw roomMissing(target);

  if (collection === 'chatrooms' && target !== undefined && sub === 'admin') {
    if (method === 'GET' && parts.length === 3) {
      const admins = store.room(target).admins;
      return ok(wire.usernamesResponse, { data: admins, count: admins.length });
    }
    if (method === 'POST' && parts.length === 3) {
      const user = body?.newadmin;
      if (typeof user !== 'string' || !isUsername(user)) invalid('newadmin must be a username');
      store.addAdmin(target, user);
      return ok(wire.addAdminResponse, { data: { result: 'success', newadmin: user } });
    }
    if (method === 'DELETE' && parts.length === 4) {
      const [user] = pathUsers(subTarget, 1, 'one oldadmin at a time');
      store.removeAdmin(target, user!);
      return ok(wire.removeAdminResponse, { data: { result: 'success', oldadmin: user! } });
    }
  }

  if (collection === 'chatrooms' && target !== undefined && sub === 'mute') {
    if (method === 'GET' && parts.length === 3) return ok(wire.mutesResponse, { data: store.mutes(target) });
    if (method === 'POST' && parts.length === 3) {
      const users = usernameList(body?.usernames, limits.muteBatch, `userNames size is more than max limit : ${limits.muteBatch}`);
      const duration = body?.mute_duration;
      if (!Number.isInteger(duration) || duration < -1) invalid('mute_duration must be -1, 0 or a number of milliseconds');
      return ok(wire.muteResponse, { data: store.mute(target, users, duration) });
    }
    if (method === 'DELETE' && parts.length === 4) {
      const users = pathUsers(subTarget, limits.unmuteBatch, `removeMute member size more than max limit :  ${limits.unmuteBatch}`);
      return ok(wire.unmuteResponse, { data: store.unmute(target, users) });
    }
  }

  if (collection === 'chatrooms' && target !== undefined && sub === 'ban' && parts.length === 3) {
    if (method === 'POST') return ok(wire.muteAllResponse, { data: { mute: store.muteAll(target, true) } });
    if (method === 'DELETE') return ok(wire.muteAllResponse, { data: { mute: store.muteAll(target, false) } });
  }

  // The block list (`blocks/users`) and the allow list (`white/users`): the same shape both ways.
  const list = sub === 'blocks' ? 'blocks' : sub === 'white' ? 'white' : undefined;
  if (collection === 'chatrooms' && target !== undefined && list && subTarget === 'users') {
    const room = store.room(target);
    const names = { blocks: ['add_blocks', 'remove_blocks'], white: ['add_user_whitelist', 'remove_user_whitelist'] }[list];
    const rows = (outcomes: { user: string; result: boolean; reason?: string }[], action: string) =>
      outcomes.map((o) => ({ ...o, action, chatroomid: target }));
    if (method === 'GET' && parts.length === 4) {
      const users = list === 'blocks' ? room.blocks : room.allows;
      return ok(wire.usernamesResponse, { data: users, count: users.length });
    }
    if (method === 'POST' && parts.length === 4) {
      const what = `${list === 'blocks' ? 'userNames is' : 'usernames size is'} more than max limit : ${limits.listChangeBatch}`;
      const users = usernameList(body?.usernames, limits.listChangeBatch, what);
      const outcomes = list === 'blocks' ? store.block(target, users) : store.allow(target, users);
      return ok(wire.listChangeResponse, { data: rows(outcomes, names[0]!) });
    }
    if (method === 'DELETE' && parts.length === 5) {
      const what = `${list === 'blocks' ? 'removeBlacklist: list size' : 'removeWhitelist size is'} more than max limit : ${limits.listChangeBatch}`;
      const users = pathUsers(parts[4], limits.listChangeBatch, what);
      const outcomes = list === 'blocks' ? store.unblock(target, users) : store.disallow(target, users);
      return ok(wire.listChangeResponse, { data: rows(outcomes, names[1]!) });
    }
  }

  if (collection === 'chatrooms' && target !== undefined && sub === 'announcement' && parts.length === 3) {
    if (method === 'GET') return ok(wire.announcementResponse, { data: { announcement: store.room(target).announcement } });
    if (method === 'POST') {
      if (typeof body?.announcement !== 'string') invalid('announcement must be provided');
      store.setAnnouncement(target, body.announcement);
      return ok(wire.setAnnouncementResponse, { data: { id: target, result: true } });
    }
  }

  if (collection === 'users' && target !== undefined && sub === 'joined_chatrooms' && parts.length === 3 && method === 'GET') {
    if (!isUsername(target)) invalid('invalid username');
    const rooms = store.joined(target);
    const paged = params.has('pagenum') || params.has('pagesize');
    const pagesize = intParam(params, 'pagesize', limits.joinedPage, limits.joinedPage);
    const pagenum = intParam(params, 'pagenum', 1, Number.MAX_SAFE_INTEGER);
    // Unpaged, the service answers the user's latest 500 rooms.
    const page = paged ? rooms.slice((pagenum - 1) * pagesize, pagenum * pagesize) : rooms.slice(-500);
    return ok(wire.joinedResponse, {
      data: page.map(joinedRow),
      count: page.length,
      params: paged ? { pagesize: [String(pagesize)], pagenum: [String(pagenum)] } : {},
      properties: {},
    });
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
