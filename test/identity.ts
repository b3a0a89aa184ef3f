/**
 * A local identity provider for tests: keys minted here, a JWKS server on an ephemeral
 * loopback port that can rotate its keys, fail on demand, stream a huge answer and counts
 * its fetches, and tokens signed at will.
 */
import { createServer, type ServerResponse } from 'node:http';
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
  /** Seconds from now; negative: already expired; null: no `exp` claim. */
  expiresIn?: number | null;
  /** `iat`, seconds from now (default 0); null: no `iat` claim. */
  issuedAt?: number | null;
  /** Seconds from now. */
  notBefore?: number;
  claims?: JWTPayload;
}

export async function token(key: SigningKey, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ ...options.claims })
    .setProtectedHeader({ alg: options.alg ?? 'RS256', ...(options.kid ? { kid: options.kid } : {}) })
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? audience);
  if (options.issuedAt !== null) jwt.setIssuedAt(now + (options.issuedAt ?? 0));
  if (options.expiresIn !== null) jwt.setExpirationTime(now + (options.expiresIn ?? 300));
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

/**
 * How the JWKS endpoint answers: its keys; HTTP 500; a hang-up without an answer; an answer
 * of one's choosing; or a JWKS-looking body of this many bytes, streamed as fast as the
 * reader takes it.
 */
export type JwksAnswer =
  | 'keys'
  | 'error'
  | 'hangUp'
  | { status: number; body: string; headers?: Record<string, string> }
  | { streamBytes: number };

/** Writes a huge `{"keys":[{"n":"xxx…` body, counting what the socket accepted, until done or cut off. */
async function streamHuge(res: ServerResponse, total: number, count: (bytes: number) => void) {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = 'x'.repeat(64 * 1024);
  let sent = 0;
  const write = (text: string) => {
    sent += text.length;
    count(text.length);
    if (res.write(text)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.once('drain', done);
      res.once('close', done);
    });
  };
  await write('{"keys":[{"kty":"RSA","kid":"huge","e":"AQAB","n":"');
  while (!res.destroyed && sent + chunk.length <= total) await write(chunk);
  if (!res.destroyed) res.end('"}]}');
}

/** A JWKS endpoint whose keys can be swapped and whose answer chosen, counting how often it is fetched. */
export async function startJwks(initial: { jwk: object }[]) {
  let keys = initial;
  let answer: JwksAnswer = 'keys';
  let fetches = 0;
  let bytesSent = 0;
  let streams: Promise<void>[] = [];
  const server = createServer((req, res) => {
    fetches++;
    if (answer === 'error') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    } else if (answer === 'hangUp') {
      req.socket.destroy();
    } else if (answer === 'keys') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
    } else if ('status' in answer) {
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body);
    } else {
      streams.push(streamHuge(res, answer.streamBytes, (n) => (bytesSent += n)).catch(() => undefined));
    }
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    rotate(next: { jwk: object }[]) {
      keys = next;
    },
    /** From now on, answer so. */
    answer(next: JwksAnswer) {
      answer = next;
    },
    fetches: () => fetches,
    /** Bytes of streamed bodies the reader's socket accepted, once every stream has ended or been cut off. */
    async bytesSent() {
      await Promise.all(streams);
      streams = [];
      return bytesSent;
    },
    /** Stops listening: fetches meet a refused connection (and are not counted). */
    stop: close,
    /** Listens again on the same port. */
    restart: () => listen(port),
    close,
  };
}
