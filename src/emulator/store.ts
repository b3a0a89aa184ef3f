/**
 * The emulator's state: users and chatrooms of one Easemob app, in memory.
 * It applies Easemob's rules (./../easemob/limits.ts), answers with the error words and
 * statuses the public docs list, and knows nothing of HTTP.
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
  /** Creation time, epoch ms. */
  created: number;
  custom: string;
  /** All members muted. */
  mute: boolean;
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

/** One user's outcome of a batch removal. */
export interface Removal {
  user: string;
  result: boolean;
  reason?: string;
}

export const roomMissing = (id: string) => new StoreError(404, 'resource_not_found', `grpID ${id} does not exist!`);
const userMissing = (name: string) => new StoreError(404, 'resource_not_found', `username ${name} doesn't exist!`);
const tooLong = (what: string, max: number) => new StoreError(403, 'exceed_limit', `${what} cannot exceed to ${max}`);

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
    };
    this.rooms.set(room.id, room);
    return room;
  }

  /** Applies a patch and reports per field whether it was updated (the name as `groupname`), like Easemob. */
  update(id: string, patch: { name?: unknown; description?: unknown; maxusers?: unknown }) {
    const room = this.room(id);
    const result: { groupname?: boolean; description?: boolean; maxusers?: boolean } = {};
    if (patch.name !== undefined) {
      if (typeof patch.name === 'string' && patch.name.length > limits.nameLength) throw tooLong('title', limits.nameLength);
      const ok = typeof patch.name === 'string' && patch.name.length > 0;
      if (ok) room.name = patch.name as string;
      result.groupname = ok;
    }
    if (patch.description !== undefined) {
      if (typeof patch.description === 'string' && patch.description.length > limits.descriptionLength) {
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
    const added = [...new Set(usernames)].filter((u) => u !== room.owner && !room.members.includes(u));
    if (room.members.length + 1 + added.length > room.maxusers) {
      throw new StoreError(403, 'exceed_limit', 'members size is greater than max user size !');
    }
    room.members.push(...added);
    return [...new Set(usernames)];
  }

  /** Removes users one by one: each either goes or says why not. */
  removeMembers(id: string, usernames: readonly string[]): Removal[] {
    const room = this.room(id);
    return usernames.map((user) => {
      if (user === room.owner) return { user, result: false, reason: `user: ${user} is the owner of group: ${id}` };
      const i = room.members.indexOf(user);
      if (i < 0) return { user, result: false, reason: `user: ${user} doesn't exist in group: ${id}` };
      room.members.splice(i, 1);
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

  joined(username: string): Room[] {
    if (!this.users.has(username)) throw new StoreError(404, 'service_resource_not_found', 'Service resource not found');
    return [...this.rooms.values()].filter((r) => r.owner === username || r.members.includes(username));
  }
}
