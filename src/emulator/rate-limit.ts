/** The service's rate limits: a budget of calls a second per kind of call, as the docs' limits page lists them. */
import type { EmulatorOptions } from './options.js';

export type RateLimiter = ReturnType<typeof createRateLimiter>;

export function createRateLimiter(option: EmulatorOptions['rateLimit']) {
  const settings = option === undefined ? {} : option;
  const recent = new Map<string, number[]>(); // budget → accepted request times in the last second

  /** The call's budget and its size a second. */
  function budgetOf(method: string, path: string): [string, number] {
    if (settings && settings.perSecond !== undefined) return ['all', settings.perSecond];
    if (method === 'POST' && path === '/token') return ['token', 300];
    if (path === '/chatrooms' && (method === 'GET' || method === 'POST')) return [`${method} /chatrooms`, 50];
    if (method === 'GET' && /^\/users\/[^/]+\/joined_chatrooms$/.test(path)) return ['joined', 50];
    return ['other', 100];
  }

  return {
    /** The status a refused call is answered with. */
    status: settings === false ? 429 : (settings.status ?? 429),
    /** Whether the call's budget is spent for the last second; a call let through is counted against it. */
    refuses(method: string, path: string, now: number): boolean {
      if (settings === false) return false;
      const [budget, perSecond] = budgetOf(method, path);
      const times = (recent.get(budget) ?? []).filter((t) => now - t < 1000);
      const over = times.length >= perSecond;
      if (!over) times.push(now);
      recent.set(budget, times);
      return over;
    },
    /** Forget the calls counted so far. */
    reset() {
      recent.clear();
    },
  };
}
