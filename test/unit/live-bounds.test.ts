/** What a replica remembers alone (callIds seen, echo marks, events told), and what the heap holds of subscriptions: bounded. */
import { describe, expect, it, vi } from 'vitest';
import { createBoundedMemory } from '../../src/live/bounded-memory.js';

describe('a bounded memory', () => {
  it('forgets a key after its time, and holds no forgotten key once it is written to again', () => {
    let now = 0;
    const memory = createBoundedMemory(1_000, 100, () => now);
    for (let i = 0; i < 50; i++) memory.set(`old-${i}`, 1);
    now = 999;
    expect(memory.get('old-0')).toBe(1);
    now = 1_000;
    expect(memory.get('old-1')).toBe(0);
    // One write clears what is due, without anyone reading it again.
    memory.set('new', 2);
    expect(memory.size).toBe(1);
    expect(memory.get('new')).toBe(2);
  });

  it('holds at most its size, the oldest going first', () => {
    const memory = createBoundedMemory(60_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) memory.set(key, 1);
    expect(memory.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((key) => memory.get(key))).toEqual([0, 1, 1, 1]);
  });
});

describe('subscriptions an instance holds by default', () => {
  it('are what 40 % of the heap holds at 12 KB each (a member of a shared stream), so that the heap is never what refuses them', async () => {
    const { subscriptionsTheHeapHolds } = await import('../../src/live/options.js');
    // npm start and npm run serve: a 128 MB old space, 176 MB of heap in all.
    expect(subscriptionsTheHeapHolds(176 * 1024 * 1024)).toBe(6_007);
    expect(subscriptionsTheHeapHolds(4 * 1024 ** 3)).toBe(20_000);
    expect(subscriptionsTheHeapHolds(1024 * 1024)).toBe(100);
  });
});

describe('an event from another replica', () => {
  it('is told only when this replica knows its shape: a newer kind, or users that are not names, are let be', async () => {
    const { isRoomEvent } = await import('../../src/live/room-event.js');
    const joined = { id: 'cb_1', chatroomId: '1', occurredAt: 1, actor: null, kind: 'joined', users: ['bob'], memberCount: 2 };
    expect(isRoomEvent(joined)).toBe(true);
    expect(isRoomEvent({ ...joined, kind: 'reactionAdded' })).toBe(false);
    expect(isRoomEvent({ ...joined, users: [{ name: 'bob' }] })).toBe(false);
    expect(isRoomEvent({ ...joined, chatroomId: 1 })).toBe(false);
    expect(isRoomEvent({ id: 'gw_2', chatroomId: '1', occurredAt: 1, actor: null, kind: 'ownerChanged', previousOwner: null })).toBe(false);
    expect(isRoomEvent(null)).toBe(false);
  });
});

describe('expiries', () => {
  it('end each item within a second after its time, on one timer, and not one forgotten', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const { createExpiries } = await import('../../src/live/expiries.js');
      const ended: string[] = [];
      const expiries = createExpiries<string>((item) => ended.push(item));
      expiries.add('a', 1_001_500);
      expiries.add('b', 1_001_900);
      expiries.add('c', 1_003_000);
      expiries.add('gone', 1_001_200);
      expiries.forget('gone', 1_001_200);
      expect(vi.getTimerCount()).toBe(1);
      vi.advanceTimersByTime(1_000);
      expect(ended).toEqual([]);
      vi.advanceTimersByTime(1_000);
      expect(ended).toEqual(['a', 'b']);
      vi.advanceTimersByTime(1_000);
      expect(ended).toEqual(['a', 'b', 'c']);
      // Nothing left to end: the timer stops.
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
