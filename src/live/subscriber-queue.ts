/**
 * One subscriber's events on their way out: an async iterator with a bounded queue. A
 * subscriber whose queue is full cannot keep up (its socket is not draining): it is ended,
 * with an error that says so, rather than let memory grow. The end is itself an item of the
 * stream (`Ending`), so that the GraphQL resolver turns it into an error with a code before
 * the stream completes, which a client sees; an iterator that threw would just cut the stream.
 */

/** The last item of a stream that was ended for a reason: the error to answer with. */
export interface Ending {
  ending: Error;
}

export interface SubscriberQueue<T> extends AsyncIterableIterator<T | Ending> {
  /** Queues an item; false (and the stream ends with `overflow()`) when `limit` items already wait. */
  push(item: T): boolean;
  /** Ends the stream: with `reason` as its only item left (what waited is dropped), or after what waits. Idempotent. */
  end(reason?: Error): void;
  readonly ended: boolean;
}

export function createSubscriberQueue<T>(limit: number, overflow: () => Error, onEnd: () => void): SubscriberQueue<T> {
  const items: (T | Ending)[] = [];
  let waiting: ((result: IteratorResult<T | Ending>) => void) | undefined;
  let ended = false;

  /** Hands `result` to a `next()` waiting for one; false when none waits. */
  const hand = (result: IteratorResult<T | Ending>) => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.(result);
    return resolve !== undefined;
  };

  const queue: SubscriberQueue<T> = {
    get ended() {
      return ended;
    },
    push(item) {
      if (ended) return false;
      if (hand({ value: item, done: false })) return true;
      if (items.length >= limit) {
        queue.end(overflow());
        return false;
      }
      items.push(item);
      return true;
    },
    end(reason) {
      if (ended) return;
      ended = true;
      if (reason) {
        // What still waits is dropped: the reason is what the client must hear, and at once.
        items.length = 0;
        if (!hand({ value: { ending: reason }, done: false })) items.push({ ending: reason });
      } else if (!items.length) hand({ value: undefined, done: true });
      onEnd();
    },
    next() {
      const item = items.shift();
      if (item !== undefined) return Promise.resolve({ value: item, done: false });
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return() {
      items.length = 0;
      queue.end();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return queue;
    },
  };
  return queue;
}

export const isEnding = (item: unknown): item is Ending => typeof item === 'object' && item !== null && 'ending' in item;
