/**
 * What ends at a time, by the second it ends in, checked once a second: one timer for every
 * subscriber whose sign-in ends, where a timer each would cost each of them a Timeout, and a list
 * of timers for each distinct delay. An end is noticed within a second after it.
 */
export function createExpiries<T>(onExpiry: (item: T) => void, everyMs = 1_000) {
  const bySecond = new Map<number, Set<T>>();
  let sweeper: NodeJS.Timeout | undefined;

  function sweep() {
    const now = Date.now();
    for (const [second, items] of bySecond) {
      if (second * 1_000 > now) continue;
      bySecond.delete(second);
      for (const item of items) onExpiry(item);
    }
    if (!bySecond.size) stop();
  }

  function stop() {
    clearInterval(sweeper);
    sweeper = undefined;
  }

  return {
    /** `item` expires at `at` (epoch ms); one already past expires on the next check. */
    add(item: T, at: number) {
      const second = Math.ceil(at / 1_000);
      const items = bySecond.get(second);
      if (items) items.add(item);
      else bySecond.set(second, new Set([item]));
      if (!sweeper) {
        sweeper = setInterval(sweep, everyMs);
        sweeper.unref();
      }
    },
    /** `item` (added with `at`) no longer expires. */
    forget(item: T, at: number) {
      const second = Math.ceil(at / 1_000);
      const items = bySecond.get(second);
      if (items?.delete(item) && !items.size) bySecond.delete(second);
    },
    stop,
  };
}
