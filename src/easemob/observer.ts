/**
 * What the upstream layer reports as it works, for metrics and logs. The easemob/ code
 * knows nothing of Prometheus or pino; src/metrics.ts implements this.
 */
export interface UpstreamObserver {
  /** One HTTP exchange: `GET /chatrooms/{ids}`, its status (0: no answer), its duration. */
  call?(endpoint: string, status: number, seconds: number): void;
  /** A retry, and why: a status code or `network`. */
  retry?(reason: string): void;
  /** Time a call waited for its turn from the pacer. */
  paced?(seconds: number): void;
  /** A token request and how it ended. */
  tokenFetch?(outcome: 'ok' | 'error'): void;
  /** A read served by another caller's in-flight call, or by the cache. */
  sharedRead?(kind: 'shared' | 'cached'): void;
  /** Ids in one batched detail call. */
  detailBatch?(size: number): void;
  /**
   * Cached answers about `tags` (all: none named) are stale now: a write through the gateway, or an
   * event. `readsForgotten` settles once the read cache has forgotten them; a promise returned is
   * awaited before the write answers.
   */
  invalidated?(tags: readonly string[] | undefined, readsForgotten: Promise<unknown>): void | Promise<void>;
}

/** The endpoint of a request path, with ids and names replaced by placeholders. */
export function endpointOf(method: string, path: string): string {
  const parts = path.split('?')[0]!.split('/').slice(1);
  const shape = parts.map((part, i) => {
    if (i === 1 && parts[0] === 'chatrooms') return '{ids}';
    if (i === 3 && parts[0] === 'chatrooms' && parts[2] === 'users') return '{usernames}';
    if (i === 1 && parts[0] === 'users') return '{username}';
    return part;
  });
  return `${method} /${shape.join('/')}`;
}
