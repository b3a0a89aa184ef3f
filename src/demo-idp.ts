/**
 * The embedded default's stand-in identity provider, so that sign-in can be tried with
 * nothing to set up: a key pair made at start, and ready sign-in tokens for a few demo users
 * and one admin. It exists only when the gateway runs on its embedded emulator without
 * GATEWAY_JWT_* (src/serve.ts); a real deployment verifies its own identity provider's tokens.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { JwtConfig } from './jwt.js';

const issuer = 'urn:easemob-chatroom-gateway:demo-identity-provider';
const audience = 'easemob-chatroom-gateway';
const adminScope = 'chatroom:admin';

/** Demo users of the emulator's seed, and an admin (whose name need not exist). */
const demoUsers = [
  { username: 'alice', admin: false },
  { username: 'bob', admin: false },
  { username: 'carol', admin: false },
  { username: 'admin', admin: true },
];

export interface DemoIdentityProvider {
  jwt: JwtConfig;
  /** Ready tokens by username, valid for a day. */
  tokens: Record<string, string>;
}

/**
 * The demo's key pair: the one kept in `keyFile` from an earlier start, so that a token saved
 * then (in an app's local storage, a script) still signs in; or a new one, kept there for the
 * next start. Without a file (production), or one that cannot be read or written, a key for
 * this run alone.
 */
async function keyPair(keyFile: string | undefined): Promise<{ publicKey: CryptoKey; privateKey: CryptoKey }> {
  if (keyFile) {
    try {
      const jwk = JSON.parse(await readFile(keyFile, 'utf8')) as JWK;
      const { kty, crv, x } = jwk;
      return {
        privateKey: (await importJWK(jwk, 'EdDSA')) as CryptoKey,
        publicKey: (await importJWK({ kty, crv, x }, 'EdDSA', { extractable: true })) as CryptoKey,
      };
    } catch {
      // None kept yet, or not one we can read: a new one.
    }
  }
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  if (keyFile) {
    try {
      await mkdir(dirname(keyFile), { recursive: true });
      await writeFile(keyFile, JSON.stringify(await exportJWK(pair.privateKey)), { mode: 0o600 });
    } catch {
      // A tree we may not write to: the key is this run's alone.
    }
  }
  return pair;
}

export async function createDemoIdentityProvider(keyFile?: string): Promise<DemoIdentityProvider> {
  const { publicKey, privateKey } = await keyPair(keyFile);
  const jwt: JwtConfig = { keys: { kind: 'publicKey', pem: await exportSPKI(publicKey) }, issuer, audience, usernameClaim: 'sub', adminScope };
  const tokens: Record<string, string> = {};
  for (const { username, admin } of demoUsers) {
    tokens[username] = await new SignJWT({ scope: admin ? `chatroom ${adminScope}` : 'chatroom' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(username)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('24h')
      .sign(privateKey);
  }
  return { jwt, tokens };
}
