/**
 * The identity provider's JWKS endpoint misbehaving, through the real gateway over HTTP with a
 * real JWKS server on loopback: an outage does not sign everyone out (last good keys are kept
 * for up to an hour, failures back off), keys that cannot be had are said to be unavailable
 * (503 SIGN_IN_UNAVAILABLE, not the token's fault), and no answer, however large, is read
 * past 1 MiB. The key source's clock is moved rather than waited for; token times stay real.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { maxJwksBytes } from '../src/jwks.js';
import { audience, issuer, rsaKey, startJwks, token } from './identity.js';
import { codes, manyClients, post, type Stack, useStack } from './stack.js';

const Viewer = '{ viewer { username } }';
const minutes = 60_000;
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

/** A clock for the key source that tests move forward. */
function testClock() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      offset += ms;
    },
  };
}

type Jwks = Awaited<ReturnType<typeof startJwks>>;
const servers: Jwks[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((jwks) => jwks.close()));
});
// Registered after: its stacks close first, then the key servers they used.
const { start } = useStack();

/** A gateway signing users in with a JWKS (key k1) served on loopback, on a clock the test moves. */
async function signIn() {
  const k1 = await rsaKey('k1');
  const jwks = await startJwks([k1]);
  servers.push(jwks);
  const clock = testClock();
  const stack = await start({
    jwt: { keys: { kind: 'jwks', url: jwks.url }, issuer, audience, usernameClaim: 'sub', adminScope: 'chatroom:admin', jwksClock: clock.now },
    allowAnonymous: false,
    security: manyClients,
  });
  const valid = () => token(k1.privateKey, { kid: 'k1', sub: 'alice' });
  return { k1, jwks, clock, stack, valid };
}

/** `count` requests with one token, sent in waves of `wave` at once, as a busy gateway sees them. */
async function burst(stack: Stack, t: string, count: number, wave = 19) {
  const answers: Awaited<ReturnType<Stack['gql']>>[] = [];
  for (let sent = 0; sent < count; sent += wave) {
    answers.push(...(await Promise.all(Array.from({ length: Math.min(wave, count - sent) }, () => stack.gql(Viewer, undefined, bearer(t))))));
  }
  return answers;
}

/** A 503 that says the sign-in keys are unavailable and when to come back, and leaks nothing about the endpoint. */
function expectUnavailable(answer: { status: number; body: Parameters<typeof codes>[0]; text: string }, jwks: Jwks) {
  expect(answer.status).toBe(503);
  expect(codes(answer.body)).toEqual(['SIGN_IN_UNAVAILABLE']);
  const [error] = answer.body.errors!;
  expect(error!.message).toMatch(/^Sign-in unavailable: /);
  expect(error!.extensions!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(error!.extensions!.retryAfterSeconds).toBeLessThanOrEqual(60);
  expect(answer.text).not.toContain(new URL(jwks.url).host);
  expect(answer.text).not.toContain('jwks');
}

describe('a JWKS outage does not sign everyone out', () => {
  it.each([
    ['answers 500', (jwks: Jwks) => jwks.answer('error')],
    ['hangs up', (jwks: Jwks) => jwks.answer('hangUp')],
  ])(
    'while the JWKS %s, keys older than 10 minutes keep verifying, and 190 requests cause a few fetches, not 190',
    async (_, outage) => {
      const { jwks, clock, stack, valid } = await signIn();
      expect((await stack.gql(Viewer, undefined, bearer(await valid()))).status).toBe(200);
      expect(jwks.fetches()).toBe(1);
      outage(jwks);
      clock.advance(11 * minutes);
      const answers = await burst(stack, await valid(), 190);
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      expect(answers[189]!.body.data).toEqual({ viewer: { username: 'alice' } });
      // The keys were due for a refresh: it was tried in the background, then backed off.
      const duringOutage = jwks.fetches() - 1;
      expect(duringOutage).toBeGreaterThanOrEqual(1);
      expect(duringOutage).toBeLessThanOrEqual(5);
      expect(stack.emulator.calls.filter((c) => !c.token)).toEqual([]);
    },
  );

  it('with the JWKS not listening at all, valid tokens keep verifying; once it is back the keys are fetched again', async () => {
    const { jwks, clock, stack, valid } = await signIn();
    expect((await stack.gql(Viewer, undefined, bearer(await valid()))).status).toBe(200);
    await jwks.stop();
    clock.advance(11 * minutes);
    const answers = await burst(stack, await valid(), 20);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    await jwks.restart();
    clock.advance(61_000); // past the longest backoff
    expect((await stack.gql(Viewer, undefined, bearer(await valid()))).status).toBe(200);
    await expect.poll(() => jwks.fetches()).toBe(2);
    // Fresh keys again: no more fetches.
    await burst(stack, await valid(), 20);
    expect(jwks.fetches()).toBe(2);
  });

  it('before any keys were loaded, answers 503 SIGN_IN_UNAVAILABLE with Retry-After, fetching a few times for 190 requests', async () => {
    const { jwks, clock, stack, valid } = await signIn();
    jwks.answer('error');
    const answers = await burst(stack, await valid(), 190);
    for (const answer of answers) expectUnavailable(answer, jwks);
    const first = await post(stack.url, { query: Viewer }, bearer(await valid()));
    const body = (await first.json()) as { errors: { extensions: { retryAfterSeconds: number } }[] };
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe(String(body.errors[0]!.extensions.retryAfterSeconds));
    expect(first.headers.get('www-authenticate')).toBeNull();
    expect(jwks.fetches()).toBeGreaterThanOrEqual(1);
    expect(jwks.fetches()).toBeLessThanOrEqual(5);
    expect(stack.emulator.calls.filter((c) => !c.token)).toEqual([]);
    // Back: fetched once the backoff is over, and verifying.
    jwks.answer('keys');
    clock.advance(61_000);
    const back = await stack.gql(Viewer, undefined, bearer(await valid()));
    expect(back.status).toBe(200);
    expect(back.body.data).toEqual({ viewer: { username: 'alice' } });
  });

  it('backs off from 1 s doubling up to 60 s: no fetch while backing off, and Retry-After says how long', async () => {
    const { jwks, clock, stack, valid } = await signIn();
    jwks.answer('error');
    const t = await valid();
    const retryAfter = async () => {
      const answer = await stack.gql(Viewer, undefined, bearer(t));
      expectUnavailable(answer, jwks);
      return answer.body.errors![0]!.extensions!.retryAfterSeconds as number;
    };
    // Each wait is the step (1, 2, 4 … s) stretched by up to half again, never past 60 s.
    for (const [failure, step] of [1, 2, 4, 8, 16, 32, 60, 60].entries()) {
      const wait = await retryAfter();
      expect(jwks.fetches()).toBe(failure + 1);
      expect(wait).toBeGreaterThanOrEqual(step);
      expect(wait).toBeLessThanOrEqual(Math.min(60, Math.ceil(step * 1.5)));
      clock.advance(step * 1000 - 500);
      await retryAfter();
      expect(jwks.fetches(), 'no fetch before the step is over').toBe(failure + 1);
      clock.advance(wait * 1000);
    }
  });

  it('keeps the last good keys up to 1 hour after the last fetch; past that answers 503 until the JWKS is back', async () => {
    const { jwks, clock, stack, valid } = await signIn();
    expect((await stack.gql(Viewer, undefined, bearer(await valid()))).status).toBe(200);
    jwks.answer('error');
    clock.advance(59 * minutes);
    expect((await stack.gql(Viewer, undefined, bearer(await valid()))).status).toBe(200);
    clock.advance(2 * minutes);
    const stale = await burst(stack, await valid(), 40);
    for (const answer of stale) expectUnavailable(answer, jwks);
    expect(jwks.fetches()).toBeLessThanOrEqual(6);
    jwks.answer('keys');
    clock.advance(61_000);
    expect((await stack.gql(Viewer, undefined, bearer(await valid()))).status).toBe(200);
  });

  it('a token naming an unknown key is 503 while the JWKS is down (not 401), refetches once per 30 s cooldown, and verifies after the rotation', async () => {
    const { jwks, clock, stack, valid } = await signIn();
    expect((await stack.gql(Viewer, undefined, bearer(await valid()))).status).toBe(200);
    const k2 = await rsaKey('k2');
    const rotated = await token(k2.privateKey, { kid: 'k2', sub: 'bob' });
    jwks.answer('error');
    clock.advance(31_000);
    for (const answer of await burst(stack, rotated, 10)) expectUnavailable(answer, jwks);
    expect(jwks.fetches()).toBe(2);
    // The keys in hand still verify the tokens they know.
    expect((await stack.gql(Viewer, undefined, bearer(await valid()))).status).toBe(200);
    jwks.rotate([k2]);
    jwks.answer('keys');
    clock.advance(61_000);
    const fresh = await stack.gql(Viewer, undefined, bearer(rotated));
    expect(fresh.body.data).toEqual({ viewer: { username: 'bob' } });
    expect(jwks.fetches()).toBe(3);
    // The JWKS is up and does not have k9: a bad token, refused, with no refetch within the cooldown.
    const stranger = await token((await rsaKey('k9')).privateKey, { kid: 'k9' });
    for (const answer of await burst(stack, stranger, 10)) expect(answer.status).toBe(401);
    expect(jwks.fetches()).toBe(3);
  });

  it('fetches once for 20 concurrent first requests', async () => {
    const { jwks, stack, valid } = await signIn();
    const answers = await burst(stack, await valid(), 20, 20);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(jwks.fetches()).toBe(1);
  });
});

describe('a JWKS answer that is not a key set', () => {
  it('stops reading a 150 MB answer at about 1 MiB, stays up and says sign-in is unavailable', async () => {
    const { jwks, clock, stack, valid } = await signIn();
    jwks.answer({ streamBytes: 150 * 1024 * 1024 });
    const answer = await stack.gql(Viewer, undefined, bearer(await valid()));
    // What the gateway took, and what sat in loopback socket buffers when it hung up.
    expect(await jwks.bytesSent()).toBeLessThan(maxJwksBytes + 8 * 1024 * 1024);
    expectUnavailable(answer, jwks);
    // Still serving, and signing in once the JWKS answers keys.
    jwks.answer('keys');
    clock.advance(61_000);
    expect((await stack.gql(Viewer, undefined, bearer(await valid()))).status).toBe(200);
  });

  it('keeps the last good keys when a refresh meets a huge answer', async () => {
    const { jwks, clock, stack, valid } = await signIn();
    expect((await stack.gql(Viewer, undefined, bearer(await valid()))).status).toBe(200);
    jwks.answer({ streamBytes: 150 * 1024 * 1024 });
    clock.advance(11 * minutes);
    expect((await stack.gql(Viewer, undefined, bearer(await valid()))).status).toBe(200);
    await expect.poll(() => jwks.fetches()).toBe(2);
    expect(await jwks.bytesSent()).toBeLessThan(maxJwksBytes + 8 * 1024 * 1024);
    expect((await stack.gql(Viewer, undefined, bearer(await valid()))).status).toBe(200);
  });

  it.each([
    ['a redirect, not followed', { status: 302, body: '', headers: { location: '/.well-known/jwks.json' } }],
    ['not JSON', { status: 200, body: '<html>maintenance</html>' }],
    ['JSON that is not a JWKS', { status: 200, body: '{"keys":"none"}' }],
  ])('answers 503 SIGN_IN_UNAVAILABLE for %s', async (_, answer) => {
    const { jwks, stack, valid } = await signIn();
    jwks.answer(answer);
    expectUnavailable(await stack.gql(Viewer, undefined, bearer(await valid())), jwks);
    expect(jwks.fetches()).toBe(1);
  });
});
