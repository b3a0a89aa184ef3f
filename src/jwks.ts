/**
 * The identity provider's signing keys, from its JWKS endpoint, for jose to verify tokens
 * with (`createLocalJWKSet` over the last good document). Unlike jose's remote key set, an
 * outage of the endpoint does not sign everyone out, and no answer of it can exhaust memory:
 * - keys are fetched once, then again in the background once older than 10 minutes; requests
 *   keep verifying with the keys in hand meanwhile; one fetch is in flight at a time;
 * - while the endpoint fails, the last good keys are kept for a bounded staleness: up to
 *   1 hour after the last successful fetch (`maxStaleMs`). Past that, and before any keys
 *   were loaded, tokens cannot be verified: `SignInKeysUnavailable`, which the caller is told
 *   (503 SIGN_IN_UNAVAILABLE), rather than calling good tokens bad;
 * - failures back off exponentially with jitter, from 1 s doubling up to 60 s; no fetch is
 *   made while backing off, however many requests arrive;
 * - a token naming a key the set lacks (a rotation) refetches at most once per cooldown
 *   (30 s by default), and never while backing off;
 * - an answer is read up to 1 MiB (real JWKS documents are a few KB), cut off as it
 *   streams, within 5 s, and a redirect is a failure, not followed.
 * The endpoint's URL never appears in an error: it may carry a tenant or a token.
 */
import { createLocalJWKSet, errors, type FlattenedJWSInput, type JSONWebKeySet, type JWSHeaderParameters } from 'jose';
import { Agent, request } from 'undici';

export interface JwksOptions {
  /** The JWKS endpoint. */
  url: string;
  /** Least time between two fetches caused by tokens naming unknown keys (default 30 s). */
  cooldownMs?: number;
  /** The clock for key ages, backoff and cooldown (default `Date.now`); tests move it rather than wait. */
  now?: () => number;
}

/** Keys older than this are refetched in the background. */
const refreshAfterMs = 10 * 60_000;
/** The bound on staleness: keys this long after their fetch are no longer trusted. */
const maxStaleMs = 60 * 60_000;
const minBackoffMs = 1_000;
const maxBackoffMs = 60_000;
/** The most of a JWKS answer read; the rest is never received. */
export const maxJwksBytes = 1024 * 1024;
const fetchTimeoutMs = 5_000;

/** No keys to verify with: never loaded, stale past the bound, or a new key while the endpoint is down. */
export class SignInKeysUnavailable extends Error {
  override name = 'SignInKeysUnavailable';
  constructor(readonly retryAfterSeconds: number) {
    super('the sign-in keys are unavailable');
  }
}

type LocalKeys = ReturnType<typeof createLocalJWKSet>;

/** The n-th consecutive failure's wait: 1 s, 2 s, 4 s … up to 60 s, each stretched by up to half again so replicas spread out. */
const backoffMs = (failures: number): number =>
  Math.min(maxBackoffMs, minBackoffMs * 2 ** (failures - 1) * (1 + Math.random() / 2));

/** A jose key resolver over the JWKS endpoint; throws `SignInKeysUnavailable` when it has no keys to offer. */
export function createJwksKeySource(options: JwksOptions) {
  const now = options.now ?? Date.now;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const url = new URL(options.url);
  // Its own dispatcher, because the limits are the point: a body past the cap is cut off as it streams.
  const agent = new Agent({
    maxResponseSize: maxJwksBytes,
    headersTimeout: fetchTimeoutMs,
    bodyTimeout: fetchTimeoutMs,
    connect: { timeout: fetchTimeoutMs },
  });

  let keys: { find: LocalKeys; fetchedAt: number } | undefined;
  let inFlight: Promise<void> | undefined;
  let lastAttemptAt = -Infinity;
  let failures = 0;
  let backoffUntil = -Infinity;

  async function download(): Promise<LocalKeys> {
    // undici's request follows no redirects; `reset` closes the connection: fetches are minutes apart.
    const { statusCode, body } = await request(url, {
      dispatcher: agent,
      signal: AbortSignal.timeout(fetchTimeoutMs),
      reset: true,
      headers: { accept: 'application/json' },
    });
    if (statusCode !== 200) {
      // dump() drops what is left of the body safely; destroy() would raise an error no one listens to.
      await body.dump();
      throw new Error(`the JWKS endpoint answered HTTP ${statusCode}`);
    }
    return createLocalJWKSet((await body.json()) as JSONWebKeySet);
  }

  /** Fetches the keys, or joins the fetch in flight; never rejects: a failure sets the backoff. */
  function refresh(): Promise<void> {
    inFlight ??= (async () => {
      lastAttemptAt = now();
      try {
        keys = { find: await download(), fetchedAt: now() };
        failures = 0;
        backoffUntil = -Infinity;
      } catch {
        failures++;
        backoffUntil = now() + backoffMs(failures);
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  const backingOff = () => now() < backoffUntil;
  const usable = () => (keys && now() - keys.fetchedAt <= maxStaleMs ? keys : undefined);
  const unavailable = () => new SignInKeysUnavailable(Math.max(1, Math.ceil((backoffUntil - now()) / 1000)));

  async function currentKeys() {
    let current = usable();
    if (!current && !backingOff()) {
      await refresh();
      current = usable();
    }
    if (!current) throw unavailable();
    if (now() - current.fetchedAt > refreshAfterMs && !backingOff()) void refresh();
    return current;
  }

  return async function getKey(header: JWSHeaderParameters, token: FlattenedJWSInput) {
    const current = await currentKeys();
    try {
      return await current.find(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      // A key the set lacks may have been rotated in since the last fetch.
      if (inFlight) await inFlight;
      else if (!backingOff() && now() - lastAttemptAt >= cooldownMs) await refresh();
      // The endpoint is down: whether the key is real cannot be known.
      if (failures > 0) throw unavailable();
      const fresh = usable();
      if (fresh && fresh !== current) return fresh.find(header, token);
      throw error;
    }
  };
}
