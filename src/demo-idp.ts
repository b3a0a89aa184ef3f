/**
 * The embedded default's stand-in identity provider, so that sign-in can be tried with
 * nothing to set up: a key pair made at start, and ready sign-in tokens for a few demo users
 * and one admin. It exists only when the gateway runs on its embedded emulator without
 * GATEWAY_JWT_* (src/main.ts); a real deployment verifies its own identity provider's tokens.
 */
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
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

export async function createDemoIdentityProvider(): Promise<DemoIdentityProvider> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
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
