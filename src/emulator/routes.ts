/**
 * The chatroom endpoints of the emulator: path and body in, Easemob's answer (without the
 * common envelope) out. Paths are below /{org}/{app} and already decoded (`%2C` arrives as
 * `,`). Answers are written in the client's own wire types (src/easemob/wire.ts), so the two
 * ends cannot drift apart unnoticed; statuses and error words are the public docs'.
 * The endpoints are one table (`endpoints`, at the end): method and path pattern → answer.
 */
import type { z } from 'zod';
import { easemobLength, isChatroomId, isUsername, limits } from '../easemob/limits.js';
import * as wire from '../easemob/wire.js';
import type { Documented, Wire } from '../easemob/wire.js';
import { isStringMap } from './shapes.js';
import { type Removal, type Room, roomMissing, type Store } from './store.js';
import { StoreError } from './store-error.js';

type Envelope = keyof z.input<typeof wire.envelope>;
/** An answer's body as the client parses it, the common envelope aside (the server adds it). */
type Body<S extends z.ZodType> = Omit<Wire<S>, Envelope>;

export type Reply = { status: number; body: Record<string, unknown> } | { status: number; error: string; description: string; code?: number };

/** A request as an endpoint sees it: `params` holds the path's `:name` segments. */
interface EndpointRequest<Param extends string = never> {
  store: Store;
  params: Record<Param, string>;
  query: URLSearchParams;
  body: any;
}

/** The names of a path pattern's `:name` segments, so that an answer can only read the parameters its path has. */
type ParamsOf<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamsOf<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

interface Endpoint {
  method: string;
  /** The pattern's segments: `:name` takes any one segment, even an empty one. */
  segments: string[];
  /** Tells apart endpoints that share a method and a path: a request it refuses is looked up further down the table. */
  accepts?: (request: EndpointRequest<string>) => boolean;
  answer: (request: EndpointRequest<string>) => Reply;
}

function endpoint<Path extends string>(
  method: string,
  path: Path,
  answer: (request: EndpointRequest<ParamsOf<Path>>) => Reply,
  accepts?: (request: EndpointRequest<ParamsOf<Path>>) => boolean,
): Endpoint {
  return { method, segments: path.split('/').slice(1), answer, accepts };
}

/** A successful answer, typed by the client's schema for it. */
const ok = <S extends z.ZodType>(_schema: S, body: Body<S>): Reply => ({ status: 200, body: body as Record<string, unknown> });

const invalid = (description: string): never => {
  throw new StoreError(400, 'invalid_parameter', description);
};

/** A room named in a path must look like a chatroom id: a malformed one is answered as a missing room. */
const requireRoomId = (id: string) => {
  if (!isChatroomId(id)) throw roomMissing(id);
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

const intParam = (query: URLSearchParams, name: string, fallback: number, max: number) => {
  const raw = query.get(name);
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
const pathUsers = (segment: string, max: number, tooMany: string) => usernameList(segment.split(','), max, tooMany);

/** A page of a list by pagenum and pagesize, with the `params` the answer echoes. */
function paged<T>(query: URLSearchParams, rows: T[], defaultSize: number, maxSize: number) {
  const pagesize = intParam(query, 'pagesize', defaultSize, maxSize);
  const pagenum = intParam(query, 'pagenum', 1, Number.MAX_SAFE_INTEGER);
  return {
    page: rows.slice((pagenum - 1) * pagesize, pagenum * pagesize),
    params: { pagesize: [String(pagesize)], pagenum: [String(pagenum)] },
  };
}

// App-wide: users who may create chatrooms from the client SDKs.

function listSuperAdmins({ store, query }: EndpointRequest): Reply {
  const { page, params } = paged(query, store.superAdmins, 10, limits.superAdminPage);
  return ok(wire.superAdminsResponse, { data: page, count: page.length, params });
}

function addSuperAdmin({ store, body }: EndpointRequest): Reply {
  const user = body?.superadmin;
  if (typeof user !== 'string' || !isUsername(user)) invalid('superadmin must be a username');
  store.addSuperAdmin(user);
  return ok(wire.addSuperAdminResponse, { data: { result: 'success', resource: '' } });
}

function removeSuperAdmin({ store, params }: EndpointRequest<'user'>): Reply {
  store.removeSuperAdmin(params.user);
  return ok(wire.removeSuperAdminResponse, { data: { newSuperAdmin: params.user, resource: '' } });
}

// Rooms.

function listRooms({ store, query }: EndpointRequest): Reply {
  const limit = intParam(query, 'limit', 10, limits.listPageMax);
  const cursor = query.get('cursor');
  const after = cursor ? decodeCursor(cursor) : -1n;
  const rooms = [...store.rooms.values()].filter((r) => BigInt(r.id) > after);
  const page = rooms.slice(0, limit);
  const next = rooms.length > limit ? encodeCursor(page[page.length - 1]!.id) : null;
  return ok(wire.listResponse, { data: page.map(listRow), cursor: next, count: page.length });
}

/** A create request's body, checked field by field in the order the service reports them. */
function roomToCreate(body: any) {
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
  const tooMany = `members number more than maxSize : ${limits.maxUsers.max}`;
  const members = b.members === undefined ? [] : usernameList(b.members, limits.maxUsers.max, tooMany);
  return { name: b.name, description: b.description, maxusers, owner: b.owner, members, custom: b.custom };
}

function createRoom({ store, body }: EndpointRequest): Reply {
  const room = store.create(roomToCreate(body));
  return ok(wire.createResponse, { data: { id: room.id } });
}

/** Any segment is taken here, not only ids: a malformed one is a 400, not a missing room. */
function roomDetails({ store, params }: EndpointRequest<'ids'>): Reply {
  const ids = params.ids.split(',');
  if (ids.length > limits.detailBatch) invalid(`at most ${limits.detailBatch} chatroom ids per request`);
  if (!ids.every(isChatroomId)) invalid('invalid chatroom id');
  const found = [...new Set(ids)].flatMap((id) => (store.rooms.has(id) ? [detail(store.rooms.get(id)!)] : []));
  if (!found.length) throw new StoreError(404, 'service_resource_not_found', `do not find this group:${params.ids}`);
  return ok(wire.detailResponse, { data: found, count: found.length });
}

/** A PUT naming `newowner` is the transfer endpoint; any other PUT on the room updates it. */
const namesNewOwner = ({ body }: EndpointRequest) => Boolean(body) && typeof body === 'object' && 'newowner' in body;

function transferRoom({ store, params, body }: EndpointRequest<'room'>): Reply {
  if (Object.keys(body).length !== 1) invalid('newowner must be sent alone');
  if (typeof body.newowner !== 'string' || !isUsername(body.newowner)) invalid('newowner must be a username');
  store.transfer(params.room, body.newowner);
  return ok(wire.transferResponse, { data: { newowner: true } });
}

function updateRoom({ store, params, body }: EndpointRequest<'room'>): Reply {
  const unknown = Object.keys(body ?? {}).filter((k) => !updatable.has(k));
  if (unknown.length) invalid(`some of [${unknown.join(', ')}] are not valid fields`);
  return ok(wire.updateResponse, { data: store.update(params.room, body ?? {}) });
}

function deleteRoom({ store, params }: EndpointRequest<'room'>): Reply {
  store.delete(params.room);
  return ok(wire.deleteResponse, { data: { success: true, id: params.room } });
}

// Members.

function listMembers({ store, params, query }: EndpointRequest<'room'>): Reply {
  const { page, params: echoed } = paged(query, store.affiliations(params.room), limits.memberPage, limits.memberPage);
  return ok(wire.memberPageResponse, { data: page, count: page.length, params: echoed });
}

function addMembers({ store, params, body }: EndpointRequest<'room'>): Reply {
  const tooMany = `addMembers: addMembers number more than maxSize : ${limits.addMembersBatch}`;
  const newmembers = store.addMembers(params.room, usernameList(body?.usernames, limits.addMembersBatch, tooMany));
  return ok(wire.addMembersResponse, { data: { newmembers, action: 'add_member', id: params.room } });
}

function removeMembers({ store, params }: EndpointRequest<'room' | 'users'>): Reply {
  const { room } = params;
  const tooMany = `kickMember: kickMembers number more than maxSize : ${limits.removeMembersBatch}`;
  const names = pathUsers(params.users, limits.removeMembersBatch, tooMany);
  // One name is the single-user endpoint: one object, and a refusal when the user is not in the room.
  if (names.length === 1) {
    const { user, result } = store.removeMember(room, names[0]!);
    return ok(wire.removeMembersResponse, { data: { result, action: 'remove_member', user, id: room } });
  }
  const rows = store.removeMembers(room, names).map((r) => ({ ...r, action: 'remove_member', id: room }));
  return ok(wire.removeMembersResponse, { data: rows });
}

// Admins.

function listAdmins({ store, params }: EndpointRequest<'room'>): Reply {
  const admins = store.room(params.room).admins;
  return ok(wire.usernamesResponse, { data: admins, count: admins.length });
}

function addAdmin({ store, params, body }: EndpointRequest<'room'>): Reply {
  const user = body?.newadmin;
  if (typeof user !== 'string' || !isUsername(user)) invalid('newadmin must be a username');
  store.addAdmin(params.room, user);
  return ok(wire.addAdminResponse, { data: { result: 'success', newadmin: user } });
}

function removeAdmin({ store, params }: EndpointRequest<'room' | 'user'>): Reply {
  const [user] = pathUsers(params.user, 1, 'one oldadmin at a time');
  store.removeAdmin(params.room, user!);
  return ok(wire.removeAdminResponse, { data: { result: 'success', oldadmin: user! } });
}

// Mutes: of some members, or of every member at once (`ban`).

function listMutes({ store, params }: EndpointRequest<'room'>): Reply {
  return ok(wire.mutesResponse, { data: store.mutes(params.room) });
}

function mute({ store, params, body }: EndpointRequest<'room'>): Reply {
  const users = usernameList(body?.usernames, limits.muteBatch, `userNames size is more than max limit : ${limits.muteBatch}`);
  const duration = body?.mute_duration;
  if (!Number.isInteger(duration) || duration < -1) invalid('mute_duration must be -1, 0 or a number of milliseconds');
  return ok(wire.muteResponse, { data: store.mute(params.room, users, duration) });
}

function unmute({ store, params }: EndpointRequest<'room' | 'users'>): Reply {
  const users = pathUsers(params.users, limits.unmuteBatch, `removeMute member size more than max limit :  ${limits.unmuteBatch}`);
  return ok(wire.unmuteResponse, { data: store.unmute(params.room, users) });
}

const muteAll = (on: boolean) => ({ store, params }: EndpointRequest<'room'>): Reply =>
  ok(wire.muteAllResponse, { data: { mute: store.muteAll(params.room, on) } });

// The block list (`blocks/users`) and the allow list (`white/users`): the same three endpoints, each with its own words.

interface UserList {
  segment: 'blocks' | 'white';
  /** Where the room keeps the list, and the store's changes to it. */
  field: 'blocks' | 'allows';
  add: 'block' | 'allow';
  remove: 'unblock' | 'disallow';
  /** The `action` of each row added, then of each row removed. */
  actions: [string, string];
  tooManyToAdd: string;
  tooManyToRemove: string;
}

const blockList: UserList = {
  segment: 'blocks',
  field: 'blocks',
  add: 'block',
  remove: 'unblock',
  actions: ['add_blocks', 'remove_blocks'],
  tooManyToAdd: `userNames is more than max limit : ${limits.listChangeBatch}`,
  tooManyToRemove: `removeBlacklist: list size more than max limit : ${limits.listChangeBatch}`,
};

const allowList: UserList = {
  segment: 'white',
  field: 'allows',
  add: 'allow',
  remove: 'disallow',
  actions: ['add_user_whitelist', 'remove_user_whitelist'],
  tooManyToAdd: `usernames size is more than max limit : ${limits.listChangeBatch}`,
  tooManyToRemove: `removeWhitelist size is more than max limit : ${limits.listChangeBatch}`,
};

/** The lists look their room up before they read the request (see also `noEndpoint`). */
function userListEndpoints(list: UserList): Endpoint[] {
  const path = `/chatrooms/:room/${list.segment}/users` as const;
  const rows = (room: string, outcomes: Removal[], action: string) => outcomes.map((o) => ({ ...o, action, chatroomid: room }));
  return [
    endpoint('GET', path, ({ store, params }) => {
      const users = store.room(params.room)[list.field];
      return ok(wire.usernamesResponse, { data: users, count: users.length });
    }),
    endpoint('POST', path, ({ store, params, body }) => {
      store.room(params.room);
      const users = usernameList(body?.usernames, limits.listChangeBatch, list.tooManyToAdd);
      return ok(wire.listChangeResponse, { data: rows(params.room, store[list.add](params.room, users), list.actions[0]) });
    }),
    endpoint('DELETE', `${path}/:users`, ({ store, params }) => {
      store.room(params.room);
      const users = pathUsers(params.users, limits.listChangeBatch, list.tooManyToRemove);
      return ok(wire.listChangeResponse, { data: rows(params.room, store[list.remove](params.room, users), list.actions[1]) });
    }),
  ];
}

// The announcement.

function readAnnouncement({ store, params }: EndpointRequest<'room'>): Reply {
  return ok(wire.announcementResponse, { data: { announcement: store.room(params.room).announcement } });
}

function setAnnouncement({ store, params, body }: EndpointRequest<'room'>): Reply {
  if (typeof body?.announcement !== 'string') invalid('announcement must be provided');
  store.setAnnouncement(params.room, body.announcement);
  return ok(wire.setAnnouncementResponse, { data: { id: params.room, result: true } });
}

// Room attributes: set and deleted per member, each key's outcome in the answer.

/** A change's `metaData` or `keys`, checked for what Easemob checks before it looks at a key. */
function attributeEntries(body: Record<string, unknown> | undefined): Record<string, string> {
  const entries = body?.metaData;
  if (!isStringMap(entries)) return invalid('metaData must be provided, a map of strings');
  if (!Object.keys(entries).length) invalid('metaData must be provided');
  return entries;
}

const attributeKeys = (body: Record<string, unknown> | undefined): string[] | undefined => {
  const keys = body?.keys;
  if (keys === undefined) return undefined;
  if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string')) invalid('keys must be a list of strings');
  return keys as string[];
};

const setAttributes =
  (forced: boolean) =>
  ({ store, params, body }: EndpointRequest<'room' | 'user'>): Reply => {
    const autoDelete = body?.autoDelete ?? 'DELETE';
    if (autoDelete !== 'DELETE' && autoDelete !== 'NO_DELETE') invalid('autoDelete must be DELETE or NO_DELETE');
    const data = store.setAttributes(params.room, params.user, attributeEntries(body), autoDelete === 'DELETE', forced);
    return ok(wire.setAttributesResponse, { data });
  };

function readAttributes({ store, params, body }: EndpointRequest<'room'>): Reply {
  return ok(wire.attributesResponse, { data: store.attributes(params.room, attributeKeys(body)) });
}

const deleteAttributes =
  (forced: boolean) =>
  ({ store, params, body }: EndpointRequest<'room' | 'user'>): Reply => {
    const keys = attributeKeys(body) ?? invalid('keys must be provided');
    const data = store.deleteAttributes(params.room, params.user, keys, forced);
    return ok(wire.deleteAttributesResponse, { status: 'ok', data });
  };

// Messages from the server side: to rooms, to chosen members of one, to every active room, and recalled.

const sendMessage =
  (directed: boolean) =>
  ({ store, body }: EndpointRequest): Reply => {
    const path = directed ? '/messages/chatrooms/users' : '/messages/chatrooms';
    return ok(wire.sendMessagesResponse, { path, data: store.messages.send(body, directed) });
  };

/** The answer the client reads, but for the id: a bigint, written as a bare JSON number (pipeline.ts), as Easemob writes it. */
type BroadcastBody = Omit<Body<typeof wire.broadcastResponse>, 'data'> & { data: { id: bigint } };

const broadcast = ({ store, body }: EndpointRequest): Reply => ({
  status: 200,
  body: { path: '/messages/chatrooms/broadcast', data: { id: store.messages.broadcast(body) } } satisfies BroadcastBody,
});

const recall = ({ store, body }: EndpointRequest): Reply =>
  ok(wire.recallResponse, { path: '/messages/msg_recall', data: store.messages.recall(body) });

// A user's rooms.

function joinedRooms({ store, params, query }: EndpointRequest<'user'>): Reply {
  if (!isUsername(params.user)) invalid('invalid username');
  const rooms = store.joined(params.user);
  const isPaged = query.has('pagenum') || query.has('pagesize');
  const pagesize = intParam(query, 'pagesize', limits.joinedPage, limits.joinedPage);
  const pagenum = intParam(query, 'pagenum', 1, Number.MAX_SAFE_INTEGER);
  // Unpaged, the service answers the user's latest 500 rooms.
  const page = isPaged ? rooms.slice((pagenum - 1) * pagesize, pagenum * pagesize) : rooms.slice(-500);
  return ok(wire.joinedResponse, {
    data: page.map(joinedRow),
    count: page.length,
    params: isPaged ? { pagesize: [String(pagesize)], pagenum: [String(pagenum)] } : {},
    properties: {},
  });
}

/**
 * Looked up in order, the first fit answers: the `super_admin` rows stand before the room rows whose `:room` would
 * take that segment. A `:room` is checked to be a chatroom id before its endpoint reads anything else.
 */
const endpoints: Endpoint[] = [
  endpoint('GET', '/chatrooms/super_admin', listSuperAdmins),
  endpoint('POST', '/chatrooms/super_admin', addSuperAdmin),
  // Any other last segment is no super admin: the path is then one of a room called `super_admin`.
  endpoint('DELETE', '/chatrooms/super_admin/:user', removeSuperAdmin, ({ params }) => isUsername(params.user)),
  endpoint('GET', '/chatrooms', listRooms),
  endpoint('POST', '/chatrooms', createRoom),
  endpoint('GET', '/chatrooms/:ids', roomDetails),
  endpoint('PUT', '/chatrooms/:room', transferRoom, namesNewOwner),
  endpoint('PUT', '/chatrooms/:room', updateRoom),
  endpoint('DELETE', '/chatrooms/:room', deleteRoom),
  endpoint('GET', '/chatrooms/:room/users', listMembers),
  endpoint('POST', '/chatrooms/:room/users', addMembers),
  endpoint('DELETE', '/chatrooms/:room/users/:users', removeMembers),
  endpoint('GET', '/chatrooms/:room/admin', listAdmins),
  endpoint('POST', '/chatrooms/:room/admin', addAdmin),
  endpoint('DELETE', '/chatrooms/:room/admin/:user', removeAdmin),
  endpoint('GET', '/chatrooms/:room/mute', listMutes),
  endpoint('POST', '/chatrooms/:room/mute', mute),
  endpoint('DELETE', '/chatrooms/:room/mute/:users', unmute),
  endpoint('POST', '/chatrooms/:room/ban', muteAll(true)),
  endpoint('DELETE', '/chatrooms/:room/ban', muteAll(false)),
  ...userListEndpoints(blockList),
  ...userListEndpoints(allowList),
  endpoint('GET', '/chatrooms/:room/announcement', readAnnouncement),
  endpoint('POST', '/chatrooms/:room/announcement', setAnnouncement),
  endpoint('GET', '/users/:user/joined_chatrooms', joinedRooms),
  endpoint('PUT', '/metadata/chatroom/:room/user/:user', setAttributes(false)),
  endpoint('PUT', '/metadata/chatroom/:room/user/:user/forced', setAttributes(true)),
  endpoint('POST', '/metadata/chatroom/:room', readAttributes),
  endpoint('DELETE', '/metadata/chatroom/:room/user/:user', deleteAttributes(false)),
  endpoint('DELETE', '/metadata/chatroom/:room/user/:user/forced', deleteAttributes(true)),
  endpoint('POST', '/messages/chatrooms', sendMessage(false)),
  endpoint('POST', '/messages/chatrooms/users', sendMessage(true)),
  endpoint('POST', '/messages/chatrooms/broadcast', broadcast),
  endpoint('POST', '/messages/msg_recall', recall),
];

/** The path's parameters when the pattern fits it segment for segment. */
function matchPath(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    if (part.startsWith(':')) params[part.slice(1)] = segments[i]!;
    else if (part !== segments[i]) return undefined;
  }
  return params;
}

/**
 * No endpoint takes the request; what its path names is still answered for first, as by the endpoints themselves:
 * below `/chatrooms/{room}` a malformed room is missing, and below a room's block or allow list so is an unknown one.
 */
function noEndpoint(store: Store, method: string, path: string, segments: readonly string[]): never {
  const [collection, room, list, users] = segments;
  if (collection === 'chatrooms' && room !== undefined) {
    requireRoomId(room);
    if ((list === 'blocks' || list === 'white') && users === 'users') store.room(room);
  }
  throw new StoreError(404, 'no_route', `no route for ${method} ${path}`);
}

function route(store: Store, method: string, path: string, query: URLSearchParams, body: unknown): Reply {
  const segments = path.split('/').slice(1);
  for (const candidate of endpoints) {
    const params = candidate.method === method ? matchPath(candidate.segments, segments) : undefined;
    if (!params) continue;
    const request = { store, params, query, body };
    if (candidate.accepts && !candidate.accepts(request)) continue;
    if (params.room !== undefined) requireRoomId(params.room);
    return candidate.answer(request);
  }
  return noEndpoint(store, method, path, segments);
}

export function handle(store: Store, method: string, path: string, query: URLSearchParams, body: unknown): Reply {
  try {
    return route(store, method, path, query, body);
  } catch (error) {
    if (error instanceof StoreError) return { status: error.status, error: error.error, description: error.message, code: error.code };
    throw error;
  }
}
