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
      entries.set(key, { count, until: now() + ttlMs });
      if (entries.size > max) entries.delete(entries.keys().next().value!);
    },
    get size() {
      return entries.size;
    },
  };
}
