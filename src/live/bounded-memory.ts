/**
 * A count per key that forgets: each key for `ttlMs` after it was last set, and the oldest
 * keys first past `max`. What a replica remembers alone — callIds it has seen, echoes it
 * expects — when Redis is not there to remember for every replica, and never more than `max`.
 */
export interface BoundedMemory {
  /** The key's count, 0 when unknown or forgotten. */
  get(key: string): number;
  set(key: string, count: number): void;
  readonly size: number;
}

export function createBoundedMemory(ttlMs: number, max: number, now: () => number = Date.now): BoundedMemory {
  const entries = new Map<string, { count: number; until: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return 0;
      if (entry.until > now()) return entry.count;
      entries.delete(key);
      return 0;
    },
    set(key, count) {
      entries.delete(key);
      if (count <= 0) return;
      const at = now();
      entries.set(key, { count, until: at + ttlMs });
      // Every key lives as long, so insertion order is expiry order: what is due goes from the front.
      for (const [oldest, entry] of entries) {
        if (entry.until > at && entries.size <= max) break;
        entries.delete(oldest);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
