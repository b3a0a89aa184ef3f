/**
 * Each callback's callId is acted on once: Easemob's own retry reuses it, and so does
 * anyone replaying a signed body (the signature does not cover the body). With Redis the
 * replicas share what they have seen, so a retry that lands on another replica is known
 * there; without it, each replica remembers alone. Remembered for as long as a callback
 * could still be fresh (twice the freshness window, and a minute), after which a replay is
 * refused as stale anyway.
 */
import { createHash } from 'node:crypto';
import type { SharedState } from '../shared-state.js';
import { createBoundedMemory } from './bounded-memory.js';

export interface SeenCalls {
  /** True the first time a callId is seen by any replica (by this one, while Redis is down). */
  firstSeen(callId: string): Promise<boolean>;
}

export function createSeenCalls(rememberMs: number, shared?: SharedState, max = 200_000): SeenCalls {
  const local = createBoundedMemory(rememberMs, max);
  // The key holds a digest: callIds are Easemob's, of any length up to the body cap.
  const keyOf = (callId: string) => createHash('sha256').update(callId).digest('base64url').slice(0, 32);
  return {
    async firstSeen(callId) {
      const key = keyOf(callId);
      if (local.get(key)) return false;
      local.set(key, 1);
      if (!shared) return true;
      return shared.attempt(
        async (redis) => (await redis.set(shared.key(`callbacks:${key}`), '1', 'PX', rememberMs, 'NX')) === 'OK',
        () => true,
      );
    },
  };
}
