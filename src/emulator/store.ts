/**
 * The emulator's state: users and chatrooms of one Easemob app, in memory.
 * It applies Easemob's rules (./../easemob/limits.ts) and knows nothing of HTTP.
 */
import { limits } from '../easemob/limits.js';

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
}

/** A rule broken by a request: becomes a 400/403/404 with Easemob's error body. */
export class StoreError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

export class Store {
  readonly users = new Set<string>();
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
    const unknown = names.filter((n) => !this.users.has(n));
    if (unknown.length) throw new StoreError(400, 'illegal_argument', `user ${unknown.join(',')} doesn't exist`);
  }

  room(id: string): Room {
    const room = this.rooms.get(id);
    if (!room) throw new StoreError(404, 'service_resource_not_found', `grpID ${id} does not exist!`);
    return room;
  }

  create(input: { name: string; description: string; maxusers: number; owner: string; members: string[] }): Room {
    this.requireUsers([input.owner, ...input.members]);
    const members = [...new Set(input.members.filter((m) => m !== input.owner))];
    if (members.length + 1 > input.maxusers) throw new StoreError(400, 'illegal_argument', 'members exceed maxusers');
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
    };
    this.rooms.set(room.id, room);
    return room;
  }

  /** Applies what is valid and reports per field whether it was updated, like Easemob. */
  update(id: string, patch: { name?: unknown; description?: unknown; maxusers?: unknown }) {
    const room = this.room(id);
    const result: Record<string, boolean> = {};
    if (patch.name !== undefined) {
      const ok = typeof patch.name === 'string' && patch.name.length > 0 && patch.name.length <= limits.nameLength;
      if (ok) room.name = patch.name as string;
      result.name = ok;
    }
    if (patch.description !== undefined) {
      const ok = typeof patch.description === 'string' && patch.description.length <= limits.descriptionLength;
      if (ok) room.description = patch.description as string;
      result.description = ok;
    }
    if (patch.maxusers !== undefined) {
      const n = patch.maxusers;
      const ok =
        typeof n === 'number' &&
        Number.isInteger(n) &&
        n >= limits.maxUsers.min &&
        n <= limits.maxUsers.max &&
        n >= room.members.length + 1;
      if (ok) room.maxusers = n;
      result.maxusers = ok;
    }
    return result;
  }

  delete(id: string): void {
    this.room(id);
    this.rooms.delete(id);
  }

  addMembers(id: string, usernames: readonly string[]): string[] {
    const room = this.room(id);
    this.requireUsers(usernames);
    const added = [...new Set(usernames)].filter((u) => u !== room.owner && !room.members.includes(u));
    if (room.members.length + 1 + added.length > room.maxusers) {
      throw new StoreError(403, 'forbidden_op', `chatroom ${id} would exceed maxusers`);
    }
    room.members.push(...added);
    return added;
  }

  removeMembers(id: string, usernames: readonly string[]): { user: string; result: boolean; reason?: string }[] {
    const room = this.room(id);
    return usernames.map((user) => {
      if (user === room.owner) return { user, result: false, reason: 'can not remove the owner' };
      const i = room.members.indexOf(user);
      if (i < 0) return { user, result: false, reason: 'user is not a member' };
      room.members.splice(i, 1);
      return { user, result: true };
    });
  }

  joined(username: string): Room[] {
    if (!this.users.has(username)) throw new StoreError(404, 'service_resource_not_found', `username ${username} doesn't exist`);
    return [...this.rooms.values()].filter((r) => r.owner === username || r.members.includes(username));
  }
}
