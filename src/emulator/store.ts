/**
 * The emulator's state: users and chatrooms of one Easemob app, in memory.
 * It applies Easemob's rules (./../easemob/limits.ts), answers with the error words and
 * statuses the public docs list, and knows nothing of HTTP.
 */
import { easemobLength, limits } from '../easemob/limits.js';

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
}

/** A rule broken by a request: becomes an error answer with Easemob's status, word and description. */
export class StoreError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

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

export class Store {
  readonly users = new Set<string>();
  /** Users who may create chatrooms from the client SDKs, in promotion order. */
  readonly superAdmins: string[] = [];
  /** Kept in id order: ids only grow, so insertion order is id order. */
  readonly rooms = new Map<string, Room>();
  private lastId = 1_432_259_621_444_159n;

  private nextId(): string {
    // Easemob ids are large increasing numbers; keep them unique and ordered.
    this.lastId += 1_000_003n;
    return this.lastId.toString();
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
      created: Date.now(),
      custom: input.custom ?? '',
      mute: false,
      admins: [],
      mutes: new Map(),
      blocks: [],
      allows: [],
      announcement: '',
    };
    this.rooms.set(room.id, room);
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
    return result;
  }

  delete(id: string): void {
    this.room(id);
    this.rooms.delete(id);
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
    return [...new Set(usernames)].filter((u) => !room.blocks.includes(u));
  }

  /** Removes users one by one: each either goes or says why not. */
  removeMembers(id: string, usernames: readonly string[]): Removal[] {
    const room = this.room(id);
    return usernames.map((user) => {
      if (user === room.owner) return { user, result: false, reason: `user: ${user} is the owner of group: ${id}` };
      if (!room.members.includes(user)) return { user, result: false, reason: `user: ${user} doesn't exist in group: ${id}` };
      this.leave(room, user);
      return { user, result: true };
    });
  }

  /** Removes one user, refusing the call when the user is not in the room (the single-user endpoint). */
  removeMember(id: string, user: string): Removal {
    const room = this.room(id);
    this.requireUsers([user]);
    if (!room.members.includes(user)) throw new StoreError(400, 'forbidden_op', `users [${user}] are not members of this group!`);
    return this.removeMembers(id, [user])[0]!;
  }

  /** A member leaves the room, and with it the admin role. */
  private leave(room: Room, user: string): void {
    room.members = room.members.filter((m) => m !== user);
    room.admins = room.admins.filter((a) => a !== user);
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
    this.leave(room, newOwner);
    room.members.push(room.owner);
    room.owner = newOwner;
  }

  addAdmin(id: string, user: string): void {
    const room = this.room(id);
    this.requireUsers([user]);
    if (user === room.owner || room.admins.includes(user)) throw new StoreError(403, 'forbidden_op', `user: ${user} is already an admin of chatroom: ${id}`);
    // The group page's answer (the chatroom page leaves this case out).
    if (!room.members.includes(user)) throw new StoreError(404, 'resource_not_found', `user: ${user} doesn't exist in group: ${id}`);
    if (room.admins.length >= limits.adminsMax) throw new StoreError(403, 'forbidden_op', `chatroom: ${id} has too many admins (at most ${limits.adminsMax})`);
    room.admins.push(user);
  }

  removeAdmin(id: string, user: string): void {
    const room = this.room(id);
    this.requireUsers([user]);
    if (!room.admins.includes(user)) throw new StoreError(403, 'forbidden_op', `user: ${user} is not an admin of chatroom: ${id}`);
    room.admins = room.admins.filter((a) => a !== user);
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
    return users.map((user) => {
      const expire = durationMs === -1 ? -1 : now + durationMs;
      if (durationMs === 0) room.mutes.delete(user);
      else room.mutes.set(user, expire);
      return { user, expire, result: true };
    });
  }

  unmute(id: string, users: readonly string[]): { user: string; result: boolean }[] {
    const room = this.room(id);
    const active = new Set(this.mutes(id).map((m) => m.user));
    return users.map((user) => ({ user, result: active.has(user) && room.mutes.delete(user) }));
  }

  muteAll(id: string, on: boolean): boolean {
    this.room(id).mute = on;
    return on;
  }

  /** Blocked users leave the room; the owner cannot be blocked, nor can someone not in the room. */
  block(id: string, users: readonly string[]): Removal[] {
    const room = this.room(id);
    return users.map((user) => {
      if (user === room.owner) return { user, result: false, reason: `user: ${user} is the owner of chatroom: ${id}` };
      if (!room.members.includes(user)) return { user, result: false, reason: `user: ${user} doesn't exist in chatroom: ${id}` };
      this.leave(room, user);
      room.mutes.delete(user);
      if (!room.blocks.includes(user)) room.blocks.push(user);
      return { user, result: true };
    });
  }

  unblock(id: string, users: readonly string[]): Removal[] {
    const room = this.room(id);
    return users.map((user) => {
      if (!room.blocks.includes(user)) return { user, result: false, reason: `user: ${user} is not in the blacklist of chatroom: ${id}` };
      room.blocks = room.blocks.filter((b) => b !== user);
      return { user, result: true };
    });
  }

  /** Every user must be in the room, or nobody is allowed. */
  allow(id: string, users: readonly string[]): Removal[] {
    const room = this.room(id);
    this.requireMembers(room, users);
    for (const user of users) if (!room.allows.includes(user)) room.allows.push(user);
    return users.map((user) => ({ user, result: true }));
  }

  disallow(id: string, users: readonly string[]): Removal[] {
    const room = this.room(id);
    return users.map((user) => {
      if (!room.allows.includes(user)) return { user, result: false, reason: `user: ${user} is not in the whitelist of chatroom: ${id}` };
      room.allows = room.allows.filter((a) => a !== user);
      return { user, result: true };
    });
  }

  setAnnouncement(id: string, text: string): void {
    const room = this.room(id);
    if (easemobLength(text) > limits.announcementLength) throw new StoreError(403, 'forbidden_op', 'announce info length exceeds limit!');
    room.announcement = text;
  }

  addSuperAdmin(user: string): void {
    this.requireUsers([user]);
    if (!this.superAdmins.includes(user)) this.superAdmins.push(user);
  }

  removeSuperAdmin(user: string): void {
    this.requireUsers([user]);
    const i = this.superAdmins.indexOf(user);
    if (i >= 0) this.superAdmins.splice(i, 1);
  }

  joined(username: string): Room[] {
    if (!this.users.has(username)) throw new StoreError(404, 'service_resource_not_found', 'Service resource not found');
    return [...this.rooms.values()].filter((r) => r.owner === username || r.members.includes(username));
  }
}
