/**
 * Service mode: the gateway's own app token, fetched with the client credentials,
 * cached, refreshed ahead of expiry, fetched by one request at a time however many
 * callers need it, and not hammered when the token endpoint fails or when Easemob keeps
 * refusing fresh tokens (a 401 storm): one refresh per token generation, then backoff.
 * With shared state the replicas share one token (src/easemob/shared-token.ts).
 */
import { type AuthSource, parseResponse, send, type Upstream } from './client.js';
import { EasemobError } from './errors.js';
import { backoffMs } from './retry.js';
import { createSharedTokenStore, type StoredToken } from './shared-token.js';
import { tokenResponse } from './wire.js';

export interface TokenProviderOptions {
  upstream: Upstream;
  clientId: string;
  clientSecret: string;
  /** Injected clock, for tests. */
  now?: () => number;
}

/** Waiting for a token counts against the waiting operation's deadline. */
async function beforeDeadline<T>(promise: Promise<T>, deadline: number | undefined): Promise<T> {
  if (deadline === undefined) return promise;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    const error = new EasemobError('UPSTREAM_UNAVAILABLE', 'it could not be reached; try again shortly');
    timer = setTimeout(() => reject(error), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function createTokenProvider({ upstream, clientId, clientSecret, now = Date.now }: TokenProviderOptions): AuthSource {
  let cached: StoredToken | undefined;
  let inFlight: Promise<StoredToken> | undefined;
  // After a failure, callers get that failure at once until the backoff has passed.
  let failures = 0;
  let failedUntil = 0;
  let lastFailure: Error | undefined;
  // Generations refused in a row with none accepted in between: the credentials themselves are refused.
  let refusedInARow = 0;
  const store = upstream.shared && createSharedTokenStore(upstream.shared, now);

  const fetchToken = async (): Promise<StoredToken> => {
    const started = now();
    const answer = await send(
      upstream,
      {
        method: 'POST',
        path: '/token',
        body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
        idempotent: true, // a second token request is harmless
      },
      undefined,
      { deadline: started + upstream.policy.queueTimeoutMs },
    );
    let token;
    try {
      token = parseResponse(answer, tokenResponse);
    } catch (cause) {
      if (cause instanceof EasemobError && cause.code !== 'UNAUTHENTICATED' && cause.code !== 'BAD_USER_INPUT') throw cause;
      // The caller did nothing wrong: the gateway's own credentials were refused.
      throw new EasemobError('UPSTREAM_ERROR', 'the gateway could not obtain an Easemob token', answer.status, { cause });
    }
    // A tiny `expires_in` must not cost a token request per call; a token that really
    // expires sooner is refused with a 401, which refreshes it.
    const ttl = Math.max(token.expires_in * 1000, upstream.policy.minTokenLifetimeMs);
    // Refresh when 80% of the lifetime is used, and at most 10 minutes before expiry.
    const margin = Math.min(ttl * 0.2, 10 * 60_000);
    return { header: `Bearer ${token.access_token}`, refreshAt: started + ttl - margin, expiresAt: started + ttl };
  };

  /** Callers get `error` at once for a while, growing with `attempt`: 1 s up to 30 s, jittered. */
  const backOff = (error: Error, attempt: number) => {
    lastFailure = error;
    failedUntil = now() + backoffMs(attempt, 1000, 30_000) + 500;
  };

  const refresh = (): Promise<StoredToken> => {
    if (lastFailure && now() < failedUntil) return Promise.reject(lastFailure);
    const fetched = () =>
      fetchToken().then(
        (token) => {
          upstream.observer.tokenFetch?.('ok');
          return token;
        },
        (error: Error) => {
          upstream.observer.tokenFetch?.('error');
          throw error;
        },
      );
    inFlight ??= (store ? store.obtain(fetched) : fetched())
      .then((token) => {
        failures = 0;
        lastFailure = undefined;
        return (cached = token);
      })
      .catch((error: Error) => {
        backOff(error, failures++);
        throw error;
      })
      .finally(() => (inFlight = undefined));
    return inFlight;
  };

  return {
    async header(deadline) {
      const t = now();
      if (cached && t < cached.expiresAt) {
        if (t >= cached.refreshAt) refresh().catch(() => {}); // background; the next caller retries if it failed
        return cached.header;
      }
      return (await beforeDeadline(refresh(), deadline)).header;
    },
    rejected(header) {
      if (cached?.header !== header) return; // an older generation, already replaced
      cached = undefined;
      store?.discard(header);
      // The first refusal refreshes at once; a fresh token refused again means the
      // credentials are refused, and callers fail fast until the backoff has passed.
      if (refusedInARow++ > 0) {
        backOff(new EasemobError('UPSTREAM_ERROR', "it refused the gateway's own credentials", 401), refusedInARow - 2);
      }
    },
    accepted(header) {
      if (cached?.header === header) refusedInARow = 0;
    },
  };
}
