/**
 * A local identity provider for tests: keys minted here, a JWKS server on an ephemeral
 * loopback port that can rotate its keys and counts its fetches, and tokens signed at will.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import type { JwtConfig } from '../src/jwt.js';

export const issuer = 'https://idp.test.example';
export const audience = 'chatroom-gateway-tests';
export const secret = 'a-development-secret-of-at-least-32-bytes';

export type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'] | Uint8Array;

export interface TokenOptions {
  alg?: string;
  kid?: string;
  sub?: string | null;
  iss?: string;
  aud?: string;
  /** Seconds from now; negative: already expired. */
  expiresIn?: number;
  /** Seconds from now. */
  notBefore?: number;
  claims?: JWTPayload;
}

export async function token(key: SigningKey, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ ...options.claims })
    .setProtectedHeader({ alg: options.alg ?? 'RS256', ...(options.kid ? { kid: options.kid } : {}) })
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 300));
  if (options.sub !== null) jwt.setSubject(options.sub ?? 'alice');
  if (options.notBefore !== undefined) jwt.setNotBefore(now + options.notBefore);
  return jwt.sign(key);
}

/** HS256 tokens for the development secret. */
export const secretKey = new TextEncoder().encode(secret);
export const hs256 = (sub: string, claims: JWTPayload = {}) => token(secretKey, { alg: 'HS256', sub, claims });

export const jwtWithSecret: JwtConfig = { keys: { kind: 'secret', secret }, issuer, audience, usernameClaim: 'sub', adminScope: 'chatroom:admin' };

export async function rsaKey(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, publicKey, privateKey, jwk, pem: await exportSPKI(publicKey) };
}

/** A JWKS endpoint whose keys can be swapped, counting how often it is fetched. */
export async function startJwks(initial: { jwk: object }[]) {
  let keys = initial;
  let fetches = 0;
  const server = createServer((_, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    rotate(next: { jwk: object }[]) {
      keys = next;
    },
    fetches: () => fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
