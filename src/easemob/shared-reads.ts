/**
 * One upstream GET serves every concurrent caller that needs the same thing. The key
 * includes the credential, so in passthrough mode nobody receives data fetched with
 * someone else's token.
 */
export interface SharedReads {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export function createSharedReads(): SharedReads {
  const inFlight = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, fn: () => Promise<T>) {
      const existing = inFlight.get(key) as Promise<T> | undefined;
      if (existing) return existing;
      const promise = fn().finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return promise;
    },
  };
}
