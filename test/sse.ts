/**
 * A GraphQL over SSE client for tests, as a browser's fetch would be one (distinct connections
 * mode: one POST with `Accept: text/event-stream` per subscription): the results in order, and
 * how the stream ended.
 */
import type { ExecutionResult } from 'graphql';

export interface SseSubscription<T = Record<string, unknown>> {
  /** HTTP status of the stream's response. */
  status: number;
  /** Results so far. */
  results: ExecutionResult<T>[];
  /** Resolves with the next result not yet taken, or undefined when the stream completed first. */
  next(timeoutMs?: number): Promise<ExecutionResult<T> | undefined>;
  /** Resolves when the server completed the stream (`event: complete`) or closed it. */
  ended: Promise<'complete' | 'closed'>;
  close(): void;
}

export async function subscribeSse<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<SseSubscription<T>> {
  const abort = new AbortController();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const results: ExecutionResult<T>[] = [];
  let taken = 0;
  let wake: (() => void) | undefined;
  let finish!: (how: 'complete' | 'closed') => void;
  const ended = new Promise<'complete' | 'closed'>((resolve) => (finish = resolve));
  let over = false;
  const end = (how: 'complete' | 'closed') => {
    over = true;
    finish(how);
    wake?.();
  };
  void (async () => {
    if (!res.body || !res.headers.get('content-type')?.startsWith('text/event-stream')) {
      results.push((await res.json()) as ExecutionResult<T>);
      return end('closed');
    }
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(message)?.[1];
          const data = message
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (event === 'next') {
            results.push(JSON.parse(data) as ExecutionResult<T>);
            wake?.();
          } else if (event === 'complete') return end('complete');
        }
      }
    } catch {
      // aborted, or the connection was cut
    }
    end('closed');
  })();
  return {
    status: res.status,
    results,
    ended,
    async next(timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (taken >= results.length) {
        if (over) return undefined;
        if (Date.now() > deadline) throw new Error(`no SSE result within ${timeoutMs} ms (had ${results.length})`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      return results[taken++];
    },
    close: () => abort.abort(),
  };
}
