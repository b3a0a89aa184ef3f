/**
 * One upstream GET serves every concurrent caller that needs the same thing, and, when a
 * cache lifetime is set, every caller for that long after. The key includes the
 * credential, so in passthrough mode nobody receives data fetched with someone else's
 * token. Any write through the gateway empties the cache.
 */
export interface SharedReads {
  /** `fn` resolves only with a successful, parsed answer; failures are shared but never cached. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Forget cached answers: called on every write. */
  invalidate(): void;
}

export interface SharedReadsOptions {
  /** Share identical in-flight reads (default true; off only to measure its effect). */
  enabled?: boolean;
  /** Keep successful answers this long; 0 (the default) caches nothing. */
  cacheTtlMs?: number;
  /** Most answers kept; the oldest go first. */
  cacheMax?: number;
  /** Told of every read served without a call of its own. */
  onHit?: (kind: 'shared' | 'cached') => void;
}

export function createSharedReads({ enabled = true, cacheTtlMs = 0, cacheMax = 10_000, onHit }: SharedReadsOptions = {}): SharedReads {
  const inFlight = new Map<string, Promise<unknown>>();
  const cache = new Map<string, { value: unknown; until: number }>();
  let generation = 0; // bumped by writes, so a read that started before one is not cached

  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      if (!enabled) return fn();
      const hit = cache.get(key);
      if (hit && hit.until > Date.now()) {
        onHit?.('cached');
        return Promise.resolve(hit.value as T);
      }
      const existing = inFlight.get(key);
      if (existing) {
        onHit?.('shared');
        return existing as Promise<T>;
      }
      const startedIn = generation;
      const promise = fn()
        .then((value) => {
          if (cacheTtlMs > 0 && startedIn === generation) {
            cache.delete(key);
            cache.set(key, { value, until: Date.now() + cacheTtlMs });
            if (cache.size > cacheMax) cache.delete(cache.keys().next().value!);
          }
          return value;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return promise;
    },
    invalidate() {
      generation++;
      cache.clear();
    },
  };
}
