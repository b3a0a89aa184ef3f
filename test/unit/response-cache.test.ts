/** The response cache's own rules: what it keeps, for how long, within how many bytes, and what a change retires. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createResponseCache, type Serializable } from '../../src/response-cache.js';

const answer = (name: string): Serializable => ({ data: { chatroom: { name } } });

afterEach(() => {
  vi.useRealTimers();
});

describe('the response cache', () => {
  it('keeps an answer while nothing it read about changed, and writes it out once', () => {
    const cache = createResponseCache({ ttlMs: 60_000, maxBytes: 1 << 20 });
    cache.keep('a', answer('Tea'), ['room:1'], cache.begin());
    const kept = cache.get('a')!;
    // Held as its text: written out as it was, read back only when asked.
    expect(kept.stringify!(kept)).toBe('{"data":{"chatroom":{"name":"Tea"}}}');
    expect({ ...kept }.data).toEqual({ chatroom: { name: 'Tea' } });
    // Another room's change leaves it; its own room's retires it.
    cache.invalidate(['room:2']);
    expect(cache.get('a')).toBeDefined();
    cache.invalidate(['room:1']);
    expect(cache.get('a')).toBeUndefined();
  });

  it('never keeps an answer whose execution overlapped a change to what it read, nor one over its bytes', () => {
    const cache = createResponseCache({ ttlMs: 60_000, maxBytes: 1 << 20 });
    const since = cache.begin();
    cache.invalidate(['room:1']);
    cache.keep('a', answer('Tea'), ['room:1'], since);
    expect(cache.get('a')).toBeUndefined();
    // A change to everything (a write) retires all, and what began before it.
    const before = cache.begin();
    cache.keep('b', answer('Tea'), ['room:3'], cache.begin());
    cache.invalidate();
    cache.keep('c', answer('Tea'), ['room:4'], before);
    expect([cache.get('b'), cache.get('c')]).toEqual([undefined, undefined]);
    const small = createResponseCache({ ttlMs: 60_000, maxBytes: 20 });
    small.keep('a', answer('Tea'), ['room:1'], small.begin());
    expect(small.get('a')).toBeUndefined();
  });

  it('forgets the least recently used past its bytes, and anything past its time', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const bytesOfOne = '{"data":{"chatroom":{"name":"Tea"}}}'.length + 1;
    // Bytes, not characters: a name in Chinese counts three a character (36 characters, 40 bytes here).
    const chinese = createResponseCache({ ttlMs: 1000, maxBytes: bytesOfOne + 2 });
    chinese.keep('a', answer('茶馆'), ['room:1'], chinese.begin());
    expect(chinese.get('a')).toBeUndefined();
    const cache = createResponseCache({ ttlMs: 1000, maxBytes: 2 * bytesOfOne });
    for (const key of ['a', 'b']) cache.keep(key, answer('Tea'), ['room:1'], cache.begin());
    cache.get('a'); // used: b is now the oldest
    cache.keep('c', answer('Tea'), ['room:1'], cache.begin());
    expect([Boolean(cache.get('a')), Boolean(cache.get('b')), Boolean(cache.get('c'))]).toEqual([true, false, true]);
    expect(cache.stats()).toEqual({ answers: 2, bytes: 2 * bytesOfOne });
    vi.setSystemTime(1_001_001);
    expect(cache.get('a')).toBeUndefined();
  });
});
