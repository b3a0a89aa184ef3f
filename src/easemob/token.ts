/**
 * Service mode: the gateway's own app token, fetched with the client credentials,
 * cached, refreshed ahead of expiry, and fetched by one request at a time however
 * many callers need it.
 */
import { type AuthSource, type Upstream, parseResponse, send } from './client.js';
import { EasemobError } from './errors.js';
import { tokenResponse } from './wire.js';

export interface TokenProviderOptions {
  upstream: Upstream;
  clientId: string;
  clientSecret: string;
  /** Injected clock, for tests. */
  now?: () => number;
}

interface CachedToken {
  header: string;
  /** After this, a fresh token is fetched in the background while this one is still used. */
  refreshAt: number;
  expiresAt: number;
}

export function createTokenProvider({ upstream, clientId, clientSecret, now = Date.now }: TokenProviderOptions): AuthSource {
  let cached: CachedToken | undefined;
  let inFlight: Promise<CachedToken> | undefined;

  const fetchToken = async (): Promise<CachedToken> => {
    const started = now();
    const { status, json } = await send(upstream, {
      method: 'POST',
      path: '/token',
      body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
    });
    let token;
    try {
      token = parseResponse(status, json, tokenResponse);
    } catch (cause) {
      if (cause instanceof EasemobError && cause.code !== 'UNAUTHENTICATED' && cause.code !== 'BAD_USER_INPUT') throw cause;
      // The caller did nothing wrong: the gateway's own credentials were refused.
      throw new EasemobError('UPSTREAM_ERROR', 'The gateway could not obtain an Easemob token', status, { cause });
    }
    const ttl = token.expires_in * 1000;
    // Refresh when 80% of the lifetime is used, and at most 10 minutes before expiry.
    const margin = Math.min(ttl * 0.2, 10 * 60_000);
    return { header: `Bearer ${token.access_token}`, refreshAt: started + ttl - margin, expiresAt: started + ttl };
  };

  const refresh = (): Promise<CachedToken> => {
    inFlight ??= fetchToken()
      .then((token) => (cached = token))
      .finally(() => (inFlight = undefined));
    return inFlight;
  };

  return {
    async header() {
      const t = now();
      if (cached && t < cached.expiresAt) {
        if (t >= cached.refreshAt) refresh().catch(() => {}); // background; the next caller retries if it failed
        return cached.header;
      }
      return (await refresh()).header;
    },
    rejected(header) {
      if (cached?.header === header) cached = undefined;
    },
  };
}
