/**
 * Answers kept whole, so that a query asked again is answered without executing it: keyed as
 * coalescing is (the caller's scope, the document, the operation and its variables), held as
 * the result with its serialized text, for a while (`ttlMs`), within a budget of bytes.
 *
 * An answer is about what its upstream reads were about (their cache tags, src/easemob/shared-reads.ts).
 * It is forgotten when one of those tags is (an Easemob event about the room, the room list or a
 * user) or when everything is (a write through the gateway): an answer is served only while
 * nothing it read about was invalidated since its execution began, so an execution that
 * overlapped a change is never kept. Which answers may be kept at all is the caller's to say
 * (src/plugins/coalesce.ts: no errors, no rule that read the room).
 */
import type { ExecutionResult } from 'graphql';

export interface ResponseCacheOptions {
  /** How long an answer is kept; 0: none is. */
  ttlMs: number;
  /** Bytes of serialized answers kept at most: in the process, the least recently used go first; in Redis, new ones are refused. */
  maxBytes: number;
}

/** A result as yoga writes it out: with the text it serializes to, made once. */
export type Serializable = ExecutionResult & { stringify?: (result: unknown) => string };

interface Kept {
  /** The answer, holding nothing but its written-out text: the same object for every request it answers. */
  result: Serializable;
  bytes: number;
  until: number;
  /** When its execution began, in invalidations: it is good while no tag of its moved past this. */
  since: number;
  tags: readonly string[];
}

/** Tags remembered at most; past it, everything is forgotten at once instead. */
const maxTags = 10_000;

/**
 * A result that is its text: written out as it is; read back (JSON.parse, each time, so that
 * nothing but the text stays in memory) only should a plugin copy it to add to it (a request
 * asking x-gateway-cost). `extensions` is there only when the answer had some: yoga looks at
 * them on every answer it writes.
 */
export function fromText(text: string, extended: boolean): Serializable {
  const result: Serializable = {
    stringify: (given) => (given === result ? text : JSON.stringify(given)),
  };
  for (const field of extended ? (['data', 'extensions'] as const) : (['data'] as const)) {
    Object.defineProperty(result, field, { enumerable: true, get: () => (JSON.parse(text) as Serializable)[field] });
  }
  return result;
}

/** What a lookup finds: the kept answer, if any, and where an execution beginning now begins (for `keep`). */
export interface Lookup {
  kept?: Serializable;
  /** Negative: nothing the execution answers may be kept (the cache cannot tell of changes now). */
  since: number;
}

/** Where whole answers are kept: in this process (below), or in Redis for every replica (src/response-cache-redis.ts). */
export interface ResponseCache {
  lookup(key: string): Lookup | Promise<Lookup>;
  /** Keeps `result`, read about `tags` by an execution that began at `since`, unless something it read about changed meanwhile. */
  keep(key: string, result: Serializable, tags: readonly string[], since: number): void;
  /** Forgets the answers about `tags`, or all of them; resolved once no replica would serve them (unless Redis could not be reached). */
  invalidate(tags?: readonly string[]): void | Promise<void>;
}

export function createResponseCache({ ttlMs, maxBytes }: ResponseCacheOptions) {
  const kept = new Map<string, Kept>();
  let bytes = 0;
  /** Invalidations so far; each tag's (and everything's) last one. */
  let sequence = 0;
  let everything = 0;
  const lastOf = new Map<string, number>();

  const forget = (key: string) => {
    const entry = kept.get(key);
    if (!entry) return;
    kept.delete(key);
    bytes -= entry.bytes;
  };
  const stillGood = (entry: Kept) =>
    entry.until > Date.now() && everything <= entry.since && entry.tags.every((tag) => (lastOf.get(tag) ?? 0) <= entry.since);

  const begin = (): number => sequence;
  /** The kept answer for `key`, still good; undefined when there is none. */
  function get(key: string): Serializable | undefined {
    const entry = kept.get(key);
    if (!entry) return undefined;
    if (!stillGood(entry)) return void forget(key);
    // Most recently used last: the first in the map is the first to go.
    kept.delete(key);
    kept.set(key, entry);
    return entry.result;
  }

  return {
    begin,
    get,
    lookup: (key: string): Lookup => ({ kept: get(key), since: begin() }),
    keep(key: string, result: Serializable, tags: readonly string[], since: number): void {
      if (ttlMs <= 0 || since < 0) return;
      const text = (result.stringify ?? JSON.stringify)(result);
      const size = Buffer.byteLength(text) + Buffer.byteLength(key);
      const entry: Kept = { result: fromText(text, result.extensions !== undefined), bytes: size, until: Date.now() + ttlMs, since, tags };
      if (!stillGood(entry) || entry.bytes > maxBytes) return;
      forget(key);
      kept.set(key, entry);
      bytes += entry.bytes;
      for (const oldest of kept.keys()) {
        if (bytes <= maxBytes) break;
        forget(oldest);
      }
    },
    invalidate(tags?: readonly string[]): void {
      sequence++;
      if (!tags || lastOf.size + tags.length > maxTags) {
        everything = sequence;
        lastOf.clear();
        kept.clear();
        bytes = 0;
        return;
      }
      for (const tag of tags) lastOf.set(tag, sequence);
    },
    stats: () => ({ answers: kept.size, bytes }),
  };
}
