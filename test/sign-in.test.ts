/**
 * End users' sign-in tokens, with keys minted here: a JWKS server on an ephemeral port
 * (RS256), a PEM public key (ES256) and an HS256 secret. Every bad token is 401 with
 * `WWW-Authenticate: Bearer error="invalid_token"` and no upstream call; that includes a
 * token without `exp` and one issued in the future. (The JWKS misbehaving: test/jwks.test.ts.)
 */
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import type { JwtConfig } from '../src/jwt.js';
import { audience, hs256, issuer, jwtWithSecret, rsaKey, secret, secretKey, startJwks, token, type TokenOptions } from './identity.js';
import { codes, post, type Stack, useStack } from './stack.js';

const Viewer = '{ viewer { username } chatrooms(first: 1) { nodes { id } } }';
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const withJwks = (url: string): JwtConfig => ({
  keys: { kind: 'jwks', url },
  issuer,
  audience,
  usernameClaim: 'sub',
  adminScope: 'chatroom:admin',
});

/** A refused token: 401 invalid_token, UNAUTHENTICATED with `message` (a string or a matcher), and no upstream call. */
async function expectRefused(s: Stack, token: string, message: unknown) {
  const mark = s.emulator.calls.length;
  const res = await post(s.url, { query: Viewer }, bearer(token));
  const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  expect(body.errors[0]!.message).toEqual(message);
  expect(s.emulator.calls.length).toBe(mark);
}

describe('with a JWKS (RS256)', () => {
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let k1: Awaited<ReturnType<typeof rsaKey>>;
  beforeAll(async () => {
    k1 = await rsaKey('k1');
    jwks = await startJwks([k1]);
  });
  afterAll(() => jwks.close());
  // Started after the hook above (hooks run in order), so the JWKS's URL is read once it listens.
  const stacks = useStack({
    get jwt() {
      return { ...withJwks(jwks.url), jwksCooldownMs: 0 };
    },
    allowAnonymous: false,
  });

  it('signs a valid token in as its user', async () => {
    const alice = await token(k1.privateKey, { kid: 'k1', sub: 'alice' });
    const { body, status } = await stacks.shared.gql(Viewer, undefined, bearer(alice));
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ viewer: { username: 'alice' } });
  });

  const bad: [string, () => Promise<string>][] = [
    ['expired', () => token(k1.privateKey, { kid: 'k1', expiresIn: -60 })],
    ['not yet valid', () => token(k1.privateKey, { kid: 'k1', notBefore: 3600 })],
    ['signed with none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'alice', iss: issuer, aud: audience, exp: Date.now() / 1000 + 300 })}.`],
    [
      'signed with an algorithm outside the key (HS256 with the public key as secret)',
      async () => token(new TextEncoder().encode(k1.pem), { alg: 'HS256', kid: 'k1' }),
    ],
    [
      'tampered',
      async () => {
        const [header, , signature] = (await token(k1.privateKey, { kid: 'k1', sub: 'alice' })).split('.');
        return `${header}.${b64({ sub: 'admin', iss: issuer, aud: audience, exp: Math.floor(Date.now() / 1000) + 300, scope: 'chatroom:admin' })}.${signature}`;
      },
    ],
    ['from another issuer', () => token(k1.privateKey, { kid: 'k1', iss: 'https://evil.example' })],
    ['for another audience', () => token(k1.privateKey, { kid: 'k1', aud: 'someone-else' })],
    ['with a username that is not an Easemob username (..)', () => token(k1.privateKey, { kid: 'k1', sub: '..' })],
    ['with a username that is not an Easemob username (spaces)', () => token(k1.privateKey, { kid: 'k1', sub: 'a b' })],
    ['without a username', () => token(k1.privateKey, { kid: 'k1', sub: null })],
    ['signed with a key the JWKS does not have', async () => token((await rsaKey('k9')).privateKey, { kid: 'k9' })],
    ['garbled', async () => 'abc.def.ghi'],
    // Not taken for anonymous (200, `viewer: null`): a UI must hear that its credential is wrong.
    ['that is no JWT and no API key', async () => 'not-a-token-at-all'],
  ];

  it.each(bad)('refuses a token %s: 401 invalid_token, no upstream call', async (_, make) => {
    const reason = /^Not authenticated: the sign-in token was refused: [A-Za-z ().]+$/;
    await expectRefused(stacks.shared, await make(), expect.stringMatching(reason));
  });

  it('follows a key rotation: a new kid is fetched, the retired key refused', async () => {
    const k2 = await rsaKey('k2');
    jwks.rotate([k2]);
    const fresh = await stacks.shared.gql(Viewer, undefined, bearer(await token(k2.privateKey, { kid: 'k2', sub: 'bob' })));
    expect(fresh.body.data).toMatchObject({ viewer: { username: 'bob' } });
    const retired = await stacks.shared.gql(Viewer, undefined, bearer(await token(k1.privateKey, { kid: 'k1' })));
    expect(retired.status).toBe(401);
    jwks.rotate([k1]);
  });
});

describe('JWKS refetches', () => {
  const stacks = useStack();

  it('are rate-limited: tokens naming unknown keys do not hammer the identity provider', async () => {
    const k1 = await rsaKey('k1');
    const jwks = await startJwks([k1]);
    onTestFinished(() => jwks.close());
    const stack = await stacks.start({ jwt: withJwks(jwks.url) });
    expect((await stack.gql(Viewer, undefined, bearer(await token(k1.privateKey, { kid: 'k1' })))).status).toBe(200);
    const strangers = await Promise.all(Array.from({ length: 10 }, async (_, i) => token((await rsaKey(`x${i}`)).privateKey, { kid: `x${i}` })));
    for (const t of strangers) expect((await stack.gql(Viewer, undefined, bearer(t))).status).toBe(401);
    // One fetch at start, at most one more within the 30 s cooldown.
    expect(jwks.fetches()).toBeLessThanOrEqual(2);
  });
});

describe('with a PEM public key (ES256) or an HS256 secret', () => {
  const stacks = useStack();

  it('verifies ES256 with the public key and refuses other keys', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    const s = await stacks.start({ jwt: { keys: { kind: 'publicKey', pem }, issuer, audience, usernameClaim: 'sub', adminScope: 'chatroom:admin' } });
    expect((await s.gql(Viewer, undefined, bearer(await token(privateKey, { alg: 'ES256', sub: 'carol' })))).body.data).toMatchObject({
      viewer: { username: 'carol' },
    });
    const other = (await generateKeyPair('ES256')).privateKey;
    expect((await s.gql(Viewer, undefined, bearer(await token(other, { alg: 'ES256' })))).status).toBe(401);
  });

  it('verifies HS256 with the secret and refuses other secrets', async () => {
    const s = await stacks.start({ jwt: jwtWithSecret });
    expect((await s.gql(Viewer, undefined, bearer(await hs256('dave')))).body.data).toMatchObject({ viewer: { username: 'dave' } });
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('dave').setIssuer(issuer).setAudience(audience)
      .setExpirationTime('5m').sign(new TextEncoder().encode('another-secret-of-at-least-32-bytes!!'));
    expect((await s.gql(Viewer, undefined, bearer(forged))).status).toBe(401);
  });

  it('reads the admin scope from scope, scp or roles, and the username from the configured claim', async () => {
    const s = await stacks.start({ jwt: { ...jwtWithSecret, usernameClaim: 'easemob_user' } });
    const Admin = '{ viewer { username } user(username: "bob") { joinedChatrooms(first: 1) { nodes { id } } } }';
    for (const claims of [{ scope: 'read chatroom:admin' }, { scp: ['chatroom:admin'] }, { roles: ['chatroom:admin'] }]) {
      const t = await hs256('ignored', { ...claims, easemob_user: 'eve' });
      const { body } = await s.gql(Admin, undefined, bearer(t));
      expect(body.errors, JSON.stringify(claims)).toBeUndefined();
      expect(body.data).toMatchObject({ viewer: { username: 'eve' } });
    }
    const plain = await s.gql(Admin, undefined, bearer(await hs256('ignored', { scope: 'chatroom', easemob_user: 'eve' })));
    expect(codes(plain.body)).toEqual(['FORBIDDEN']);
  });
});

describe('time claims (HS256 secret)', () => {
  const stacks = useStack({ jwt: jwtWithSecret, allowAnonymous: false });
  const signed = (options: TokenOptions) => token(secretKey, { alg: 'HS256', sub: 'dave', ...options });
  const year = 365 * 24 * 3600;

  it.each<[string, string, TokenOptions]>([
    ['without exp', 'token has no expiry', { expiresIn: null }],
    ['without exp or iat', 'token has no expiry', { expiresIn: null, issuedAt: null }],
    ['issued a year in the future', 'token issued in the future', { issuedAt: year, expiresIn: year + 300 }],
    ['issued a minute in the future', 'token issued in the future', { issuedAt: 60 }],
    ['valid only from a year in the future', 'token not yet valid', { notBefore: year, expiresIn: year + 300 }],
  ])('refuses a token %s: 401 invalid_token, "%s"', async (_, reason, options) => {
    await expectRefused(stacks.shared, await signed(options), `Not authenticated: the sign-in token was refused: ${reason}`);
  });

  it.each<[string, TokenOptions]>([
    ['without iat (not required)', { issuedAt: null }],
    ['issued 3 s ahead (within the 5 s leeway)', { issuedAt: 3 }],
    ['valid from 3 s ahead (within the 5 s leeway)', { notBefore: 3 }],
  ])('accepts a token %s', async (_, options) => {
    const { status, body } = await stacks.shared.gql(Viewer, undefined, bearer(await signed(options)));
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ viewer: { username: 'dave' } });
  });
});

describe('configuration', () => {
  const service = { EASEMOB_BASE_URL: 'https://a1.easemob.com', EASEMOB_ORG: 'o', EASEMOB_APP: 'a', EASEMOB_CLIENT_ID: 'id', EASEMOB_CLIENT_SECRET: 's' };
  const problems = (env: NodeJS.ProcessEnv) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it('takes a JWKS, a public key or a secret, with issuer and audience, and needs no API keys then', () => {
    const config = loadConfig({ ...service, GATEWAY_JWT_SECRET: secret, GATEWAY_JWT_ISSUER: issuer, GATEWAY_JWT_AUDIENCE: audience });
    expect(config.upstream).toMatchObject({ auth: { jwt: { keys: { kind: 'secret' }, usernameClaim: 'sub', adminScope: 'chatroom:admin' } } });
  });

  it.each([
    ['no issuer or audience', { GATEWAY_JWT_SECRET: secret }, /GATEWAY_JWT_ISSUER is required/],
    ['two key sources', { GATEWAY_JWT_SECRET: secret, GATEWAY_JWT_JWKS_URL: 'https://idp/jwks', GATEWAY_JWT_ISSUER: 'i', GATEWAY_JWT_AUDIENCE: 'a' }, /only one of/],
    ['a short secret', { GATEWAY_JWT_SECRET: 'short', GATEWAY_JWT_ISSUER: 'i', GATEWAY_JWT_AUDIENCE: 'a' }, /at least 32 bytes/],
    ['a bad PEM', { GATEWAY_JWT_PUBLIC_KEY: 'nope', GATEWAY_JWT_ISSUER: 'i', GATEWAY_JWT_AUDIENCE: 'a' }, /not a PEM public key/],
    ['a plain-http JWKS off loopback', { GATEWAY_JWT_JWKS_URL: 'http://idp.example/jwks', GATEWAY_JWT_ISSUER: 'i', GATEWAY_JWT_AUDIENCE: 'a' }, /must be https/],
    ['an issuer without a key', { GATEWAY_JWT_ISSUER: 'i' }, /needs one of/],
  ])('refuses %s', (_, env, message) => {
    expect(problems({ ...service, ...env }).join('\n')).toMatch(message);
  });

  it('refuses JWT in passthrough mode: sign-in runs on the gateway’s own app token', () => {
    const env = { EASEMOB_BASE_URL: 'https://a1.easemob.com', EASEMOB_ORG: 'o', EASEMOB_APP: 'a', GATEWAY_JWT_SECRET: secret, GATEWAY_JWT_ISSUER: 'i', GATEWAY_JWT_AUDIENCE: 'a' };
    expect(problems(env).join('\n')).toMatch(/needs service mode/);
  });
});
