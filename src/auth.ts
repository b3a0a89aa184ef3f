/**
 * How callers identify themselves, by mode. Service mode: an API key (a trusted backend)
 * or, with sign-in configured, an end user's JWT; the gateway calls Easemob with its own
 * app token. Passthrough mode: the caller's Authorization header is the Easemob token and
 * is forwarded verbatim. The result is the request's Caller (src/request-scope.ts), for
 * src/plugins/caller.ts to put in the request's scope.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthConfig } from './options.js';
import type { AuthSource } from './easemob/client.js';
import { createJwtVerifier, looksLikeJwt } from './jwt.js';
import type { Identify } from './plugins/caller.js';
import type { Caller } from './request-scope.js';

const digest = (value: string) => createHash('sha256').update(value).digest();
/** Budget keys name credentials by a short digest, never by the secret itself. */
const keyOf = (kind: string, secret: string) => `${kind}:${digest(secret).toString('base64url').slice(0, 22)}`;

const bearer = (request: Request) => /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim();

export function createIdentify(auth: AuthConfig, appToken: AuthSource | undefined): Identify {
  if (auth.mode === 'passthrough') {
    return async (request, ip) => {
      const header = request.headers.get('authorization');
      // The gateway cannot verify a passthrough token, so the IP pays as well: minting
      // fresh tokens does not buy fresh budgets. The token already allows everything upstream.
      return header
        ? {
            kind: 'passthrough',
            admin: true,
            reader: true,
            credential: { header: async () => header },
            budgetKeys: [keyOf('token', header), `ip:${ip}`],
            scope: keyOf('token', header),
          }
        : { kind: 'none', admin: false, reader: false, budgetKeys: [`ip:${ip}`] };
    };
  }
  if (!appToken) throw new Error('service mode needs the app token provider');
  // Compare digests in constant time so response timing says nothing about a key.
  const keys = auth.apiKeys.map(digest);
  const verify = auth.jwt ? createJwtVerifier(auth.jwt) : undefined;
  // Without sign-in, anonymous callers (when allowed) have every right, as before; with it, they may only read.
  const anonymous = (ip: string): Caller =>
    auth.allowAnonymous
      ? { kind: 'anonymous', admin: !verify, reader: true, credential: appToken, budgetKeys: [`ip:${ip}`], scope: 'anonymous' }
      : { kind: 'none', admin: false, reader: false, budgetKeys: [`ip:${ip}`] };
  return async (request, ip) => {
    const token = bearer(request);
    if (!token) return anonymous(ip);
    const presented = digest(token);
    if (keys.some((k) => timingSafeEqual(k, presented))) {
      return { kind: 'key', admin: true, reader: true, credential: appToken, budgetKeys: [keyOf('key', token)], scope: keyOf('key', token) };
    }
    if (verify && looksLikeJwt(token)) {
      const verified = await verify(token);
      if (!('user' in verified)) return verified;
      const { username, admin, expiresAt } = verified.user;
      // The username and the admin scope decide what the user may see (viewer, rules).
      return { kind: 'user', username, expiresAt, admin, reader: true, credential: appToken, budgetKeys: [`user:${username}`], scope: `user:${username}:${admin}` };
    }
    // Neither a key of ours nor a token we can verify: refused (401), never taken for anonymous, which
    // would answer a mistyped or stale credential as if none were sent (200, `viewer: null`).
    return { refused: verify ? 'it is neither an API key nor a JWT' : 'it is not an API key and sign in is not configured here' };
  };
}
