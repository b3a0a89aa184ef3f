/**
 * The soak's record of writes: what the gateway told each writer, and at the end the
 * comparison with what the emulator's store holds. Rooms are known by a create key (a
 * unique name); a rename keeps the key and appends ` ~n`, so a room can be traced to its
 * create whatever it is called now. Each writer touches only its own rooms, one request at
 * a time, so "the last answer" of a room or member is well defined.
 */
import type { Store } from '../src/emulator/store.js';

/** How the gateway answered a create. */
export type CreateOutcome =
  | 'confirmed' // the room's id came back
  | 'unknown' // UPSTREAM_UNAVAILABLE saying it may have been applied
  | 'refused' // any other error: the gateway says it was not applied
  | 'no answer'; // no GraphQL answer at all (connection failed, timed out, not JSON)

export interface CreateRecord {
  key: string;
  outcome: CreateOutcome;
  id?: string;
  code?: string;
}

/** A room a writer created (confirmed) and goes on changing, with what it expects of it. */
export interface OwnedRoom {
  id: string;
  key: string;
  owner: string;
  /** The name of its last confirmed rename (or its key); undefined after a rename without a clear answer. */
  name: string | undefined;
  /** Expected membership after the last clear answer per user; a user without a clear answer is absent. */
  members: Map<string, boolean>;
}

export const renamed = (key: string, n: number) => `${key} ~${n}`;
const keyOf = (name: string) => name.split(' ~')[0]!;

export class Ledger {
  readonly creates: CreateRecord[] = [];
  readonly rooms: OwnedRoom[] = [];

  constructor(readonly prefix: string) {}

  /**
   * Compares every write the gateway answered with the store. `confirmedLost`, `doubled`,
   * `refusedButExist`, `unexplained`, `duplicateNames`, `renamesLost` and `membersWrong`
   * count broken promises: each must be 0.
   */
  compare(store: Store) {
    const rooms = [...store.rooms.values()];
    const byKey = new Map<string, number>();
    for (const r of rooms) if (r.name.startsWith(this.prefix)) byKey.set(keyOf(r.name), (byKey.get(keyOf(r.name)) ?? 0) + 1);
    const byName = new Map<string, number>();
    for (const r of rooms) byName.set(r.name, (byName.get(r.name) ?? 0) + 1);

    const of = (outcome: CreateOutcome) => this.creates.filter((c) => c.outcome === outcome);
    const count = (c: CreateRecord) => byKey.get(c.key) ?? 0;
    const confirmed = of('confirmed');
    const unknown = of('unknown');
    const attempted = new Set(this.creates.map((c) => c.key));

    let [namesChecked, renamesLost, membersChecked, membersWrong] = [0, 0, 0, 0];
    for (const room of this.rooms) {
      const now = store.rooms.get(room.id);
      if (!now) continue; // counted as a lost create
      if (room.name !== undefined) {
        namesChecked++;
        if (now.name !== room.name) renamesLost++;
      }
      for (const [user, member] of room.members) {
        membersChecked++;
        if (now.members.includes(user) !== member) membersWrong++;
      }
    }
    return {
      creates: this.creates.length,
      byOutcome: Object.fromEntries((['confirmed', 'unknown', 'refused', 'no answer'] as const).map((o) => [o, of(o).length])),
      unknownApplied: unknown.filter((c) => count(c) === 1).length,
      /** Confirmed creates with no room of their key, or whose id is gone. */
      confirmedLost: confirmed.filter((c) => count(c) === 0 || !store.rooms.has(c.id!)).length,
      /** Any create whose key exists more than once. */
      doubled: this.creates.filter((c) => count(c) > 1).length,
      /** Creates the gateway said were not applied, that exist anyway. */
      refusedButExist: of('refused').filter((c) => count(c) > 0).length,
      /** Rooms of this run whose key no writer ever sent. */
      unexplained: [...byKey.keys()].filter((k) => !attempted.has(k)).length,
      duplicateNames: [...byName.values()].filter((n) => n > 1).length,
      /** Rooms whose expected name (their last confirmed rename, or their key) is known, and those not called so. */
      namesChecked,
      renamesLost,
      /** Memberships whose last answer was clear, and those the store disagrees with. */
      membersChecked,
      membersWrong,
    };
  }
}
