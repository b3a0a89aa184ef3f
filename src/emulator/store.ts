/**
 * The emulator's state: users and chatrooms of one Easemob app, in memory.
 * It applies Easemob's rules (./../easemob/limits.ts), answers with the error words and
 * statuses the public docs list, and knows nothing of HTTP. What a change did is told as a
 * `StoreChange` (callbacks.ts turns them into Easemob's callbacks).
 */
import { easemobLength, limits } from '../easemob/limits.js';
import { type MessageOptions, Messages } from './messages.js';
import { StoreError } from './store-error.js';

export interface Room {
  id: string;
  name: string;
  description: string;
  maxusers: number;
  owner: string;
  /** Member-role users in join order, the owner excluded. */
  members: string[];
  membersonly: boolean;
  allowinvites: boolean;
  public: boolean;
  /** Creation time, epoch ms. */
  created: number;
  /** Last change to what a callback's `info` shows (name, description, size, owner, mute of all), epoch ms. */
  modified: number;
  custom: string;
  /** All members muted. */
  mute: boolean;
  /** Members with the admin role, in promotion order. */
  admins: string[];
  /** Muted users and when their mute ends, epoch ms (-1: until unmuted). */
  mutes: Map<string, number>;
  /** Users who may not join: the block list. */
  blocks: string[];
  /** Users who may speak when every member is muted: the allow list. */
  allows: string[];
  announcement: string;
  /** Room attributes by key: each set by a member, and removed when they leave unless set NO_DELETE. */
  attributes: Map<string, RoomAttribute>;
}

/** A room attribute as Easemob keeps it. */
export interface RoomAttribute {
  value: string;
  owner: string;
  /** Removed when its owner leaves the room (autoDelete DELETE, the default). */
  autoDelete: boolean;
}

/** Per-key outcome of an attribute change, as Easemob answers it: 200 even when every key failed. */
export interface KeyOutcomes {
  successKeys: string[];
  errorKeys: Record<string, string>;
}

/** Why users left a room, as the LEAVE callback's `payload.type` (and `action`) tells it. */
export type LeaveReason = 'quit' | 'offline' | 'kick' | 'block' | 'delete';

/**
 * What one successful change did, one record per callback Easemob sends for it. Rooms are the live objects: a record
 * is read (callbacks.ts) as soon as the call that made it returns, so it shows the room as that call left it.
 */
export type StoreChange =
  | { kind: 'create' | 'info' | 'delete'; room: Room }
  | { kind: 'owner'; room: Room; from: string; to: string }
  | { kind: 'join'; room: Room; users: string[] }
  | { kind: 'leave'; room: Room; users: string[]; why: LeaveReason }
  | { kind: 'admins' | 'blocks' | 'allows'; room: Room; users: string[]; added: boolean }
  /** `until`: when the mutes added end, epoch ms (-1: until unmuted); absent for mutes removed. */
  | { kind: 'mutes'; room: Room; users: string[]; added: boolean; until?: number }
  | { kind: 'mute-all'; room: Room; on: boolean }
  | { kind: 'announcement'; room: Room; text: string }
  | { kind: 'super-admins'; users: string[]; added: boolean }
  /**
   * Attributes `user` set or deleted (told when a key changed): `properties` the values asked to be set, or for a
   * delete those the deleted keys held.
   */
  | { kind: 'attributes'; room: Room; user: string; deleted: boolean; forced: boolean; properties: Record<string, string>; outcomes: KeyOutcomes };

/** One user's outcome of a batch change (removal, block or allow list). */
export interface Removal {
  user: string;
  result: boolean;
  reason?: string;
}

export const roomMissing = (id: string) => new StoreError(404, 'resource_not_found', `grpID ${id} does not exist!`);
const userMissing = (name: string) => new StoreError(404, 'resource_not_found', `username ${name} doesn't exist!`);
const tooLong = (what: string, max: number) => new StoreError(403, 'exceed_limit', `${what} cannot exceed to ${max}`);
const notMembers = (names: readonly string[]) =>
  new StoreError(400, 'forbidden_op', `users [${names.join(', ')}] are not members of this group!`);
const succeeded = (outcomes: readonly { user: string; result: boolean }[]) => outcomes.filter((o) => o.result).map((o) => o.user);

export class Store {
  readonly users = new Set<string>();
  /** Messages sent to rooms from the server side: kept apart from the rooms, which they do not change. */
  readonly messages: Messages;

  constructor(messageOptions: MessageOptions = {}) {
    this.messages = new Messages(messageOptions);
  }

  /** Users who may create chatrooms from the client SDKs, in promotion order. */
  readonly superAdmins: string[] = [];
  /** Kept in id order: ids only grow, so insertion order is id order. */
  readonly rooms = new Map<string, Room>();
  private lastId = 1_432_259_621_444_159n;
  /** Where changes are told while `recordChanges` runs; outside it (seeding, a test's setup) nobody listens. */
  private recording: StoreChange[] | undefined;

  private nextId(): string {
    // Easemob ids are large increasing numbers; keep them unique and ordered.
    this.lastId += 1_000_003n;
    return this.lastId.toString();
  }

  /** Runs `work` (synchronous, so nothing else changes the store meanwhile) and returns what it changed. */
  recordChanges<T>(work: () => T): { result: T; changes: StoreChange[] } {
    const outer = this.recording;
    const changes: StoreChange[] = [];
    this.recording = changes;
    try {
      return { result: work(), changes };
    } finally {
      this.recording = outer;
    }
  }

  /** A change that changed nobody (or no key) is not told. */
  private tell(change: StoreChange): void {
    if ('users' in change && change.users.length === 0) return;
    if (change.kind === 'attributes' && change.outcomes.successKeys.length === 0) return;
    this.recording?.push(change);
  }

  addUser(username: string): void {
    this.users.add(username);
  }

  private requireUsers(names: readonly string[]): void {
    const unknown = names.find((n) => !this.users.has(n));
    if (unknown !== undefined) throw userMissing(unknown);
  }

  room(id: string): Room {
    const room = this.rooms.get(id);
    if (!room) throw roomMissing(id);
    return room;
  }

  create(input: { name: string; description: string; maxusers: number; owner: string; members: string[]; custom?: string }): Room {
    this.requireUsers([input.owner, ...input.members]);
    const members = [...new Set(input.members.filter((m) => m !== input.owner))];
    if (members.length + 1 > input.maxusers) throw new StoreError(403, 'exceed_limit', 'members size is greater than max user size !');
    const created = Date.now();
    const room: Room = {
      id: this.nextId(),
      name: input.name,
      description: input.description,
      maxusers: input.maxusers,
      owner: input.owner,
      members,
      membersonly: false,
      allowinvites: false,
      public: true,
      created,
      modified: created,
      custom: input.custom ?? '',
      mute: false,
      admins: [],
      mutes: new Map(),
      blocks: [],
      allows: [],
      announcement: '',
      attributes: new Map(),
    };
    this.rooms.set(room.id, room);
    this.tell({ kind: 'create', room });
    return room;
  }

  /** Applies a patch and reports per field whether it was updated (the name as `groupname`), like Easemob. */
  update(id: string, patch: { name?: unknown; description?: unknown; maxusers?: unknown }) {
    const room = this.room(id);
    const result: { groupname?: boolean; description?: boolean; maxusers?: boolean } = {};
    if (patch.name !== undefined) {
      if (typeof patch.name === 'string' && easemobLength(patch.name) > limits.nameLength) throw tooLong('title', limits.nameLength);
      const ok = typeof patch.name === 'string' && patch.name.length > 0;
      if (ok) room.name = patch.name as string;
      result.groupname = ok;
    }
    if (patch.description !== undefined) {
      if (typeof patch.description === 'string' && easemobLength(patch.description) > limits.descriptionLength) {
        throw tooLong('desc', limits.descriptionLength);
      }
      const ok = typeof patch.description === 'string';
      if (ok) room.description = patch.description as string;
      result.description = ok;
    }
    if (patch.maxusers !== undefined) {
      const n = patch.maxusers;
      if (typeof n === 'number' && n > limits.maxUsers.max) throw new StoreError(403, 'exceed_limit', `maxUsers cannot exceed ${limits.maxUsers.max}`);
      const ok = typeof n === 'number' && Number.isInteger(n) && n >= limits.maxUsers.min && n >= room.members.length + 1;
      if (ok) room.maxusers = n;
      result.maxusers = ok;
    }
    if (Object.values(result).some(Boolean)) {
      room.modified = Date.now();
      this.tell({ kind: 'info', room });
    }
    return result;
  }

  /** Every user in the room leaves with it, the owner first. */
  delete(id: string): void {
    const room = this.room(id);
    this.rooms.delete(id);
    this.tell({ kind: 'leave', room, users: [room.owner, ...room.members], why: 'delete' });
    this.tell({ kind: 'delete', room });
  }

  /** Adds users; those already in the room count as added. Returns every asked user now in the room. */
  addMembers(id: string, usernames: readonly string[]): string[] {
    const room = this.room(id);
    this.requireUsers(usernames);
    // Users on the block list are not let in.
    const added = [...new Set(usernames)].filter((u) => u !== room.owner && !room.members.includes(u) && !room.blocks.includes(u));
    if (room.members.length + 1 + added.length > room.maxusers) {
      throw new StoreError(403, 'exceed_limit', 'members size is greater than max user size !');
    }
    room.members.push(...added);
    this.tell({ kind: 'join', room, users: added });
    return [...new Set(usernames)].filter((u) => !room.blocks.includes(u));
  }

  /** Removes users one by one: each either goes or says why not. */
  removeMembers(id: string, usernames: readonly string[]): Removal[] {
    const room = this.room(id);
    const outcomes = usernames.map((user): Removal => {
      if (user === room.owner) return { user, result: false, reason: `user: ${user} is the owner of group: ${id}` };
      if (!room.members.includes(user)) return { user, result: false, reason: `user: ${user} doesn't exist in group: ${id}` };
      this.leave(room, user);
      return { user, result: true };
    });
    this.tell({ kind: 'leave', room, users: succeeded(outcomes), why: 'kick' });
    return outcomes;
  }

  /** Removes one user, refusing the call when the user is not in the room (the single-user endpoint). */
  removeMember(id: string, user: string): Removal {
    const room = this.room(id);
    this.requireUsers([user]);
    if (!room.members.includes(user)) throw new StoreError(400, 'forbidden_op', `users [${user}] are not members of this group!`);
    return this.removeMembers(id, [user])[0]!;
  }

  /** A member leaves the room, and with it the admin role and the attributes it set to go with it. */
  private leave(room: Room, user: string): void {
    room.members = room.members.filter((m) => m !== user);
    room.admins = room.admins.filter((a) => a !== user);
    for (const [key, attribute] of room.attributes) if (attribute.owner === user && attribute.autoDelete) room.attributes.delete(key);
  }

  /** The room for an attribute call: a missing one answered as the attribute pages have it. */
  private attributeRoom(id: string): Room {
    const room = this.rooms.get(id);
    if (!room) throw new StoreError(404, 'resource_not_found', `grpID ${id} does not exist!`);
    return room;
  }

  /** An attribute change by `user`, who must be in the room, of at most 10 keys. */
  private attributeChange(room: Room, user: string, keys: number): void {
    if (keys > limits.attributesBatch) throw new StoreError(400, '', `exceed allowed batch size ${limits.attributesBatch}`);
    if (user !== room.owner && !room.members.includes(user)) throw new StoreError(401, 'MetadataException', 'user is not in chatroom');
  }

  /** PUT /metadata/chatroom/{id}/user/{user}[/forced]: each key checked on its own, the others written. */
  setAttributes(id: string, user: string, entries: Record<string, string>, autoDelete: boolean, forced: boolean): KeyOutcomes {
    const room = this.attributeRoom(id);
    this.attributeChange(room, user, Object.keys(entries).length);
    if (!forced && Object.keys(entries).some((key) => { const held = room.attributes.get(key); return held !== undefined && held.owner !== user; })) {
      throw new StoreError(400, '', 'others are not allowed to be set');
    }
    const outcomes: KeyOutcomes = { successKeys: [], errorKeys: {} };
    for (const [key, value] of Object.entries(entries)) {
      if (!limits.attributeKey.test(key)) outcomes.errorKeys[key] = `properties key '${key}' is exceeding maximum limit 128`;
      else if (value.length > limits.attributeValueLength) outcomes.errorKeys[key] = `properties value of '${key}' is exceeding maximum limit ${limits.attributeValueLength}`;
      else if (!room.attributes.has(key) && room.attributes.size >= limits.attributesMax) outcomes.errorKeys[key] = `properties size is exceeding maximum limit ${limits.attributesMax}`;
      else {
        room.attributes.set(key, { value, owner: user, autoDelete });
        outcomes.successKeys.push(key);
      }
    }
    this.tell({ kind: 'attributes', room, user, deleted: false, forced, properties: entries, outcomes });
    return outcomes;
  }

  /** POST /metadata/chatroom/{id}: the attributes asked for (all, when none are), key to value. */
  attributes(id: string, keys?: readonly string[]): Record<string, string> {
    const room = this.attributeRoom(id);
    const asked = keys ?? [...room.attributes.keys()];
    return Object.fromEntries(asked.flatMap((key) => { const held = room.attributes.get(key); return held ? [[key, held.value]] : []; }));
  }

  /** DELETE /metadata/chatroom/{id}/user/{user}[/forced]: a member's own keys, or (forced) anyone's. */
  deleteAttributes(id: string, user: string, keys: readonly string[], forced: boolean): KeyOutcomes {
    const room = this.attributeRoom(id);
    this.attributeChange(room, user, keys.length);
    const outcomes: KeyOutcomes = { successKeys: [], errorKeys: {} };
    const properties: Record<string, string> = {};
    for (const key of keys) {
      const held = room.attributes.get(key);
      if (!held) outcomes.errorKeys[key] = `properties key '${key}' does not exist`;
      else if (!forced && held.owner !== user) outcomes.errorKeys[key] = `properties key '${key}' is not set by ${user}`;
      else {
        room.attributes.delete(key);
        outcomes.successKeys.push(key);
        properties[key] = held.value;
      }
    }
    this.tell({ kind: 'attributes', room, user, deleted: true, forced, properties, outcomes });
    return outcomes;
  }

  private requireMembers(room: Room, names: readonly string[]): void {
    const outside = names.filter((n) => !room.members.includes(n) && n !== room.owner);
    if (outside.length) throw notMembers(outside);
  }

  /** The owner's row, then member rows (admins among them), as GET /chatrooms/{id}/users pages them. */
  affiliations(id: string): ({ owner: string } | { member: string })[] {
    const room = this.rooms.get(id);
    if (!room) throw new StoreError(404, 'service_resource_not_found', `do not find this group:${id}`);
    return [{ owner: room.owner }, ...room.members.map((member) => ({ member }))];
  }

  /** Hands the room to a member; the old owner stays as a member. */
  transfer(id: string, newOwner: string): void {
    const room = this.room(id);
    this.requireUsers([newOwner]);
    // The group pages' answers (the chatroom pages leave these cases out).
    if (newOwner === room.owner) throw new StoreError(403, 'forbidden_op', 'new owner and old owner are the same');
    if (!room.members.includes(newOwner)) throw new StoreError(403, 'forbidden_op', `user: ${newOwner} doesn't exist in group: ${id}`);
    const from = room.owner;
    this.leave(room, newOwner);
    room.members.push(room.owner);
    room.owner = newOwner;
    room.modified = Date.now();
    this.tell({ kind: 'owner', room, from, to: newOwner });
  }

  addAdmin(id: string, user: string): void {
    const room = this.room(id);
    this.requireUsers([user]);
    if (user === room.owner || room.admins.includes(user)) throw new StoreError(403, 'forbidden_op', `user: ${user} is already an admin of chatroom: ${id}`);
    // The group page's answer (the chatroom page leaves this case out).
    if (!room.members.includes(user)) throw new StoreError(404, 'resource_not_found', `user: ${user} doesn't exist in group: ${id}`);
    if (room.admins.length >= limits.adminsMax) throw new StoreError(403, 'forbidden_op', `chatroom: ${id} has too many admins (at most ${limits.adminsMax})`);
    room.admins.push(user);
    this.tell({ kind: 'admins', room, users: [user], added: true });
  }

  removeAdmin(id: string, user: string): void {
    const room = this.room(id);
    this.requireUsers([user]);
    if (!room.admins.includes(user)) throw new StoreError(403, 'forbidden_op', `user: ${user} is not an admin of chatroom: ${id}`);
    room.admins = room.admins.filter((a) => a !== user);
    this.tell({ kind: 'admins', room, users: [user], added: false });
  }

  /** Mutes are forgotten once they end. */
  mutes(id: string, now = Date.now()): { user: string; expire: number }[] {
    const room = this.room(id);
    for (const [user, expire] of room.mutes) if (expire !== -1 && expire <= now) room.mutes.delete(user);
    return [...room.mutes].map(([user, expire]) => ({ user, expire }));
  }

  /** `durationMs`: -1 until unmuted, 0 unmutes. Every user must be in the room, or nobody is muted. */
  mute(id: string, users: readonly string[], durationMs: number, now = Date.now()): { user: string; expire: number; result: boolean }[] {
    const room = this.room(id);
    this.requireMembers(room, users);
    const wereMuted = new Set(this.mutes(id, now).map((m) => m.user));
    const expire = durationMs === -1 ? -1 : now + durationMs;
    const rows = users.map((user) => {
      if (durationMs === 0) room.mutes.delete(user);
      else room.mutes.set(user, expire);
      return { user, expire, result: true };
    });
    const named = [...new Set(users)];
    if (durationMs === 0) this.tell({ kind: 'mutes', room, users: named.filter((u) => wereMuted.has(u)), added: false });
    else this.tell({ kind: 'mutes', room, users: named, added: true, until: expire });
    return rows;
  }

  unmute(id: string, users: readonly string[]): { user: string; result: boolean }[] {
    const room = this.room(id);
    const active = new Set(this.mutes(id).map((m) => m.user));
    const outcomes = users.map((user) => ({ user, result: active.has(user) && room.mutes.delete(user) }));
    this.tell({ kind: 'mutes', room, users: succeeded(outcomes), added: false });
    return outcomes;
  }

  muteAll(id: string, on: boolean): boolean {
    const room = this.room(id);
    room.mute = on;
    room.modified = Date.now();
    this.tell({ kind: 'mute-all', room, on });
    return on;
  }

  /** Blocked users leave the room; the owner cannot be blocked, nor can someone not in the room. */
  /** Only members can be blocked, so every user blocked was in the room and leaves it: two changes, as Easemob tells them. */
  block(id: string, users: readonly string[]): Removal[] {
    const room = this.room(id);
    const outcomes = users.map((user): Removal => {
      if (user === room.owner) return { user, result: false, reason: `user: ${user} is the owner of chatroom: ${id}` };
      if (!room.members.includes(user)) return { user, result: false, reason: `user: ${user} doesn't exist in chatroom: ${id}` };
      this.leave(room, user);
      room.mutes.delete(user);
      if (!room.blocks.includes(user)) room.blocks.push(user);
      return { user, result: true };
    });
    this.tell({ kind: 'blocks', room, users: succeeded(outcomes), added: true });
    this.tell({ kind: 'leave', room, users: succeeded(outcomes), why: 'block' });
    return outcomes;
  }

  unblock(id: string, users: readonly string[]): Removal[] {
    const room = this.room(id);
    const outcomes = users.map((user): Removal => {
      if (!room.blocks.includes(user)) return { user, result: false, reason: `user: ${user} is not in the blacklist of chatroom: ${id}` };
      room.blocks = room.blocks.filter((b) => b !== user);
      return { user, result: true };
    });
    this.tell({ kind: 'blocks', room, users: succeeded(outcomes), added: false });
    return outcomes;
  }

  /** Every user must be in the room, or nobody is allowed. Users allowed already count as allowed, but changed nothing. */
  allow(id: string, users: readonly string[]): Removal[] {
    const room = this.room(id);
    this.requireMembers(room, users);
    const added = [...new Set(users)].filter((u) => !room.allows.includes(u));
    room.allows.push(...added);
    this.tell({ kind: 'allows', room, users: added, added: true });
    return users.map((user) => ({ user, result: true }));
  }

  disallow(id: string, users: readonly string[]): Removal[] {
    const room = this.room(id);
    const outcomes = users.map((user): Removal => {
      if (!room.allows.includes(user)) return { user, result: false, reason: `user: ${user} is not in the whitelist of chatroom: ${id}` };
      room.allows = room.allows.filter((a) => a !== user);
      return { user, result: true };
    });
    this.tell({ kind: 'allows', room, users: succeeded(outcomes), added: false });
    return outcomes;
  }

  setAnnouncement(id: string, text: string): void {
    const room = this.room(id);
    if (easemobLength(text) > limits.announcementLength) throw new StoreError(403, 'forbidden_op', 'announce info length exceeds limit!');
    room.announcement = text;
    this.tell({ kind: 'announcement', room, text });
  }

  addSuperAdmin(user: string): void {
    this.requireUsers([user]);
    if (this.superAdmins.includes(user)) return;
    this.superAdmins.push(user);
    this.tell({ kind: 'super-admins', users: [user], added: true });
  }

  removeSuperAdmin(user: string): void {
    this.requireUsers([user]);
    const i = this.superAdmins.indexOf(user);
    if (i < 0) return;
    this.superAdmins.splice(i, 1);
    this.tell({ kind: 'super-admins', users: [user], added: false });
  }

  // What users of the client SDKs do (the emulator plays them: sdk-users.ts).

  /** Joining: a public room, not from its block list, not past its size; a user already in stays, and nothing changes. */
  join(id: string, user: string): void {
    const room = this.room(id);
    this.requireUsers([user]);
    if (!room.public) throw new StoreError(403, 'forbidden_op', `chatroom: ${id} is not public`);
    if (room.blocks.includes(user)) throw new StoreError(403, 'forbidden_op', `user: ${user} is in the blacklist of chatroom: ${id}`);
    if (user === room.owner || room.members.includes(user)) return;
    if (room.members.length + 1 >= room.maxusers) throw new StoreError(403, 'exceed_limit', 'members size is greater than max user size !');
    room.members.push(user);
    this.tell({ kind: 'join', room, users: [user] });
  }

  /** A member leaves of their own accord, or after 2 minutes offline; the owner cannot leave. */
  quit(id: string, user: string, why: 'quit' | 'offline'): void {
    const room = this.room(id);
    this.requireUsers([user]);
    if (user === room.owner) throw new StoreError(403, 'forbidden_op', `user: ${user} is the owner of chatroom: ${id}`);
    if (!room.members.includes(user)) throw notMembers([user]);
    this.leave(room, user);
    this.tell({ kind: 'leave', room, users: [user], why });
  }

  /** The owner or an admin removes a plain member: neither the owner nor an admin. */
  kick(id: string, by: string, target: string): void {
    const room = this.room(id);
    this.requireUsers([by, target]);
    if (by !== room.owner && !room.admins.includes(by)) {
      throw new StoreError(403, 'forbidden_op', `user: ${by} is neither the owner nor an admin of chatroom: ${id}`);
    }
    if (target === room.owner || room.admins.includes(target)) {
      throw new StoreError(403, 'forbidden_op', `user: ${target} is the owner or an admin of chatroom: ${id}`);
    }
    if (!room.members.includes(target)) throw notMembers([target]);
    this.leave(room, target);
    this.tell({ kind: 'leave', room, users: [target], why: 'kick' });
  }

  joined(username: string): Room[] {
    if (!this.users.has(username)) throw new StoreError(404, 'service_resource_not_found', 'Service resource not found');
    return [...this.rooms.values()].filter((r) => r.owner === username || r.members.includes(username));
  }
}
