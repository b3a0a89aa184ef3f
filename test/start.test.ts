/** `npm start` as a newcomer runs it: the real entry point, on the embedded emulator. */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../src/emulator/server.js';
import { entryPoint, type Running, startEntryPoint, useEntryPoint, waitFor } from './entry-point.js';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { subscribeSse } from './sse.js';
import { bigRoom, post } from './stack.js';

/** Entry points started by the running test, stopped after it. */
const started: Running[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((run) => run.stop()));
});
const start = (env: Record<string, string>, command?: string[]) => {
  const run = startEntryPoint(env, command);
  started.push(run);
  return run;
};

/** Many clients from one address: lift the per-IP and per-caller limits. */
const manyClients = { GATEWAY_IP_REQUESTS_PER_SECOND: '100000', GATEWAY_CALLER_BUDGET: '100000' };

/** The URL as printed, `localhost` and all: what a browser on this machine opens, and its Host. */
const asPrinted = (run: Running) => /(http:\/\/\S+\/graphql)/.exec(run.output())![1]!;

/** Waits for the log line that says the gateway listens: sign-in tokens, if any, are printed before it. */
const listening = (run: Running) => waitFor(() => run.output().includes('"msg":"listening"'), run.output);

/** Operations the gateway has read so far: yoga's debug line for each (LOG_LEVEL=debug). */
const received = (run: Running) => run.output().split('"detail":"Processing GraphQL Parameters"').length - 1;

/** GraphiQL's page as a browser gets it, with headers fetch() would not send (Host). */
const pageAt = (url: string, headers: Record<string, string>) =>
  new Promise<string>((resolve, reject) => {
    const req = httpRequest(url, { headers: { accept: 'text/html', ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });

/** Resolves with the exit code, or 'running' if the process is still there after `ms`. */
const exitWithin = (proc: ChildProcess, ms: number) =>
  Promise.race([
    once(proc, 'exit').then(([code]) => code as number | null),
    new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), ms)),
  ]);

describe('npm start', () => {
  describe('on the embedded default', () => {
    const one = useEntryPoint(() => ({ PORT: '0' }));
    // Announcements, the third room: the next test lists the first two.
    const deletable = '1432259624444168';

    it('plays a demo identity provider on the embedded default: printed tokens sign in, anonymous callers only read', async () => {
      const { run, url } = one;
      await waitFor(() => /admin\s+eyJ/.test(run.output()));
      const tokenOf = (user: string) => new RegExp(`^\\s+${user}\\s+(\\S+)$`, 'm').exec(run.output())![1]!;
      const viewer = await post(url, { query: '{ viewer { username } }' }, { authorization: `Bearer ${tokenOf('alice')}` });
      expect(await viewer.json()).toEqual({ data: { viewer: { username: 'alice' } } });
      const anonymousWrite = await post(url, { query: `mutation { deleteChatroom(input: { id: "${deletable}" }) { success } }` });
      // Told to sign in (issue 23, 4): FORBIDDEN would say that signing in would not help.
      expect(((await anonymousWrite.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
      const adminWrite = await post(url, { query: `mutation { deleteChatroom(input: { id: "${deletable}" }) { success } }` }, {
        authorization: `Bearer ${tokenOf('admin')}`,
      });
      expect(await adminWrite.json()).toEqual({ data: { deleteChatroom: { success: true } } });
      const page = await (await fetch(asPrinted(run), { headers: { accept: 'text/html' } })).text();
      expect(page).toContain(tokenOf('alice')); // GraphiQL has them ready
      // Not for a browser elsewhere, behind a proxy on this machine (issue 20, 3).
      const proxied: Record<string, string>[] = [
        { 'x-forwarded-for': '203.0.113.9' },
        { forwarded: 'for=203.0.113.9' },
        { 'x-real-ip': '203.0.113.9' },
        { via: '1.1 nginx' },
        // A page of another site whose name was rebound to 127.0.0.1 asks for that name.
        { host: 'rebound.example.net' },
      ];
      for (const headers of proxied) {
        const page = await pageAt(url, headers);
        expect(page).toContain('GraphiQL');
        expect(page, JSON.stringify(headers)).not.toMatch(/eyJ/);
      }
    });

    it('welcomes an app on this machine: CORS for its pages, the tokens as JSON, a sign-in key that outlives a restart (issue 23, 4)', async () => {
      const { run, url } = one;
      await listening(run);
      expect(run.output()).toMatch(/Browser apps served from this machine \(http:\/\/localhost:<any port>/);
      const tokenOf = (output: string, user: string) => new RegExp(`^\\s+${user}\\s+(\\S+)$`, 'm').exec(output)![1]!;
      // A Vite dev server's page on another port: its preflight and its request are let in.
      const origin = 'http://localhost:5173';
      const preflight = await fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
      const tokens = await fetch(url.replace('/graphql', '/demo/tokens'), { headers: { origin } });
      expect([tokens.status, tokens.headers.get('access-control-allow-origin'), tokens.headers.get('cache-control')]).toEqual([200, origin, 'no-store']);
      const { tokens: byUser } = (await tokens.json()) as { tokens: Record<string, string> };
      expect(byUser.alice).toBe(tokenOf(run.output(), 'alice'));
      // Another site's page is not let in, and a name rebound to this machine finds no tokens.
      const stranger = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
      expect((await pageAt(url.replace('/graphql', '/demo/tokens'), { host: 'rebound.example.net', accept: 'application/json' })).includes('eyJ')).toBe(false);
      // A token saved from this start signs in after the next one.
      const again = start({ PORT: '0' });
      const nextUrl = await again.url();
      const viewer = await post(nextUrl, { query: '{ viewer { username } }' }, { authorization: `Bearer ${byUser.alice}` });
      expect(await viewer.json()).toEqual({ data: { viewer: { username: 'alice' } } });
    });

    it('serves demo rooms on the embedded emulator and stops cleanly on SIGTERM', async () => {
      const { run, url } = one;
      expect(run.output()).not.toMatch(/127\.0\.0\.1:\d+\/demo/); // the upstream URL is not logged
      const res = await post(url, { query: '{ chatrooms(first: 2) { nodes { name description } } }' });
      const body = (await res.json()) as { data: { chatrooms: { nodes: { name: string }[] } } };
      expect(body.data.chatrooms.nodes.map((n) => n.name)).toEqual(['General', 'Random']);
      const page = await fetch(url, { headers: { accept: 'text/html' } });
      expect(await page.text()).toContain('GraphiQL');
      run.proc.kill('SIGTERM');
      const [code] = await once(run.proc, 'exit');
      expect(code).toBe(0);
    });
  });

  it('finishes an operation in flight at SIGTERM, then refuses new connections and exits 0', async () => {
    // Each upstream call takes 300 ms: the operation (a token, then its call) is in flight for 600 ms
    // after the gateway has read it, and the signal goes as soon as it has.
    const run = start({ PORT: '0', EMULATOR_LATENCY_MS: '300', LOG_LEVEL: 'debug' });
    const url = await run.url();
    const inFlight = post(url, { query: '{ chatrooms(first: 1) { nodes { name } } }' });
    await waitFor(() => received(run) === 1, run.output);
    run.proc.kill('SIGTERM');
    const exited = once(run.proc, 'exit');
    const res = await inFlight;
    expect(((await res.json()) as { data: unknown }).data).toEqual({ chatrooms: { nodes: [{ name: 'General' }] } });
    const [code] = await exited;
    expect(code).toBe(0);
    expect(run.output()).toContain('"msg":"shutting down"');
    expect(run.output()).toContain('"msg":"stopped"');
    await expect(post(url, '{}')).rejects.toThrow();
  });

  it('answers every operation in flight at SIGTERM within its deadline, none reset (200 clients)', async () => {
    // The token and the call take 0.6 s each upstream; the deadline is 3 s, so the default grace is 5 s.
    const run = start({ PORT: '0', EMULATOR_LATENCY_MS: '600', EASEMOB_OPERATION_TIMEOUT_MS: '3000', LOG_LEVEL: 'debug', ...manyClients });
    const url = await run.url();
    const clients = Array.from({ length: 200 }, () =>
      post(url, { query: '{ chatrooms(first: 1) { nodes { name } } }' }).then(
        async (res) => ((await res.json()) as { data?: unknown }).data,
        (error: Error) => error,
      ),
    );
    // The signal goes once the gateway has read every one of them.
    await waitFor(() => received(run) >= 200, () => `${received(run)} of 200 read`);
    run.proc.kill('SIGTERM');
    const answers = await Promise.all(clients);
    for (const answer of answers) expect(answer).toEqual({ chatrooms: { nodes: [{ name: 'General' }] } });
    expect(await exitWithin(run.proc, 10_000)).toBe(0);
  });

  it('stops when npm start is told to stop: npm passes the signal on', async () => {
    const run = start({ PORT: '0' }, ['npm', 'start']);
    const url = await run.url();
    run.proc.kill('SIGTERM');
    expect(await exitWithin(run.proc, 10_000)).not.toBe('running');
    // The gateway itself is gone, not left running under PID 1.
    let refused = false;
    for (let i = 0; i < 50 && !refused; i++) {
      refused = await post(url, { query: '{ __typename }' }).then(
        () => false,
        () => true,
      );
      if (!refused) await new Promise((r) => setTimeout(r, 100));
    }
    expect(refused).toBe(true);
  });

  describe('on an upstream of its own, one that hangs', () => {
    // An upstream that accepts connections and never answers, not even the token request.
    const hung = createNetServer(() => {});
    beforeAll(() => new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve)));
    afterAll(() => void hung.close());
    const one = useEntryPoint(() => ({
      PORT: '0',
      EASEMOB_BASE_URL: `http://127.0.0.1:${(hung.address() as AddressInfo).port}`,
      EASEMOB_ORG: 'org',
      EASEMOB_APP: 'app',
      EASEMOB_CLIENT_ID: 'id',
      EASEMOB_CLIENT_SECRET: 'secret',
      GATEWAY_API_KEYS: 'key',
      HOST: '127.0.0.1',
      EASEMOB_OPERATION_TIMEOUT_MS: '2000',
      ...manyClients,
    }));

    it('has no demo identity provider outside the embedded default', async () => {
      await listening(one.run);
      expect(one.run.output()).not.toMatch(/Demo sign-in tokens|eyJ/);
    });

    it('exits though its stdout reader has stalled and the upstream hangs', async () => {
      const { run, url } = one;
      run.proc.stdout!.pause(); // nobody reads the gateway's output any more
      const inFlight = Array.from({ length: 20 }, () =>
        post(url, { query: '{ chatrooms(first: 1) { nodes { id } } }' }, { authorization: 'Bearer key' }).then(
          async (res) => ((await res.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code,
          (error: Error) => error,
        ),
      );
      // A log line per operation, far more than a pipe holds.
      for (let i = 0; i < 40; i++) {
        await Promise.all(Array.from({ length: 50 }, () => post(url, { query: '{ __typename }' }).then((r) => r.text())));
      }
      run.proc.kill('SIGTERM');
      // Operations end at their 2 s deadline; the grace period is 4 s.
      expect(await exitWithin(run.proc, 10_000)).not.toBe('running');
      for (const code of await Promise.all(inFlight)) expect(code).toBe('UPSTREAM_UNAVAILABLE');
    });
  });

  it('hands out no demo sign-in token once API keys guard the demo (issue 20, 3)', async () => {
    const run = start({ PORT: '0', GATEWAY_API_KEYS: 'demo-guard-key' });
    const url = await run.url();
    await listening(run);
    expect(run.output()).not.toMatch(/Demo sign-in tokens|eyJ/);
    const page = await (await fetch(asPrinted(run), { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('GraphiQL');
    expect(page).not.toMatch(/eyJ/);
    const anonymous = await post(url, { query: '{ chatrooms(first: 1) { nodes { id } } }' });
    expect(anonymous.status).toBe(401);
    const keyed = await post(url, { query: '{ chatrooms(first: 1) { nodes { id } } }' }, { authorization: 'Bearer demo-guard-key' });
    expect(((await keyed.json()) as { data: unknown }).data).toBeTruthy();
  });

  describe('under the production heap cap, on an upstream of its own', () => {
    const emulator = createEmulator({ rateLimit: false, clientId: 'heap-id', clientSecret: 'heap-secret' });
    const rooms = { big: '', hostile: '', custom: '' };
    beforeAll(async () => {
      await emulator.listen(0, '127.0.0.1');
      rooms.big = bigRoom(emulator.store);
      const hostile = [...emulator.store.rooms.values()][0]!;
      hostile.admins = Array.from({ length: 100_000 }, (_, i) => `admin_number_${i}`);
      rooms.hostile = hostile.id;
      rooms.custom = emulator.store.create({ name: 'Custom', description: '', maxusers: 10, owner: 'alice', members: [], custom: 'c'.repeat(8 * 1024) }).id;
    });
    afterAll(() => emulator.close());
    const one = useEntryPoint(
      () => ({
        PORT: '0',
        HOST: '127.0.0.1',
        EASEMOB_BASE_URL: emulator.url,
        EASEMOB_ORG: emulator.org,
        EASEMOB_APP: emulator.app,
        EASEMOB_CLIENT_ID: 'heap-id',
        EASEMOB_CLIENT_SECRET: 'heap-secret',
        GATEWAY_ALLOW_ANONYMOUS: 'true',
        ...manyClients,
      }),
      entryPoint(['--max-old-space-size=128']),
    );

    it('survives 10 concurrent worst cases on a 10,000-member room, on 100,000 admins from a broken upstream and on an 8 KB custom, under the production heap cap (issue 20, 1)', async () => {
      const { run, url } = one;
      const { big, hostile, custom } = rooms;
      const room = '{ members { id username } affiliations { role user { id username } } }';
      const worst = [
        // The probe's query, now refused by its price; the same room 500 times; fifteen aliases of it; the broken upstream's admins.
        `{ chatroom(id: "${big}") { members { username joinedChatrooms(first: 2) { nodes { id } } } } }`,
        `{ chatroomsByIds(ids: [${Array(500).fill(`"${big}"`).join(',')}]) ${room} }`,
        `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: chatroom(id: "${big}") ${room}`).join(' ')} }`,
        `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: chatroom(id: "${hostile}") { admins { id username } }`).join(' ')} }`,
        // An 8 KB custom, 7,500 times over: 61 MB of text asked for.
        `{ chatroomsByIds(ids: [${Array(500).fill(`"${custom}"`).join(',')}]) { ${Array.from({ length: 15 }, (_, i) => `a${i}: custom`).join(' ')} } }`,
      ];
      const answers = await Promise.all(worst.flatMap((query) => Array.from({ length: 10 }, () => post(url, { query }).then((res) => res.json()))));
      expect(run.proc.exitCode).toBeNull();
      for (const answer of answers as { errors?: { extensions: { code: string } }[] }[]) {
        expect(new Set(answer.errors?.map((e) => e.extensions.code))).toEqual(new Set(['QUERY_TOO_EXPENSIVE']));
      }
      expect(run.errors()).not.toMatch(/heap out of memory/);
    }, 60_000);

    it('keeps serving when its stdout reader goes away', async () => {
      const { run, url } = one;
      run.proc.stdout!.destroy(); // the log collector is gone: writes now fail with EPIPE
      for (let i = 0; i < 10; i++) {
        const answers = await Promise.all(Array.from({ length: 20 }, () => post(url, { query: '{ __typename }' }).then((r) => r.status)));
        expect(answers.every((status) => status === 200)).toBe(true);
      }
      expect(run.proc.exitCode).toBeNull();
    });
  });

  describe('live rooms', () => {
    /** Waits until the gateway holds `count` subscriptions, as its metrics say. */
    const subscriptionsOpen = async (url: string, count: number) => {
      for (let tries = 0; tries < 100; tries++) {
        const metrics = await (await fetch(url.replace('/graphql', '/metrics'))).text();
        if (new RegExp(`^gateway_subscriptions ${count}$`, 'm').test(metrics)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the gateway never held ${count} subscriptions`);
    };

    const events = (room: string) =>
      `subscription { chatroomEvents(id: "${room}") { __typename actor { username } ... on ChatroomMembersJoined { users { username } } ... on ChatroomMembersLeft { users { username } } } }`;

    it("shows events nobody made through the gateway: the embedded emulator's SDK users join and leave, and say so by callback", async () => {
      const run = start({ PORT: '0', EMULATOR_SDK_ACTIVITY_MS: '50', EMULATOR_ROOMS: '1' });
      const url = await run.url();
      const sub = await subscribeSse<{ chatroomEvents: { __typename: string; actor: { username: string } | null } }>(url, events('1432259622444162'));
      const told = await sub.next(10_000);
      expect(told?.data?.chatroomEvents.__typename).toMatch(/^ChatroomMembers(Joined|Left)$/);
      expect(told?.data?.chatroomEvents.actor).not.toBeNull();
      sub.close();
    });

    it('ends every stream at SIGTERM, SSE and graphql-ws alike, and exits 0 well within the grace period', async () => {
      const run = start({ PORT: '0', EMULATOR_SDK_ACTIVITY_MS: '0', GATEWAY_SHUTDOWN_GRACE_MS: '30000', ...manyClients });
      const url = await run.url();
      const streams = await Promise.all(Array.from({ length: 5 }, () => subscribeSse(url, events('1432259622444162'))));
      const sockets = Array.from({ length: 5 }, () => {
        const client = createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
        return new Promise<string>((resolve) =>
          client.subscribe({ query: events('1432259622444162') }, { next: () => {}, error: () => resolve('error'), complete: () => resolve('complete') }),
        );
      });
      await subscriptionsOpen(url, 10);
      const stopping = Date.now();
      run.proc.kill('SIGTERM');
      for (const stream of streams) expect(await stream.ended).toBe('complete');
      expect(new Set(await Promise.all(sockets)).size).toBe(1);
      expect(await exitWithin(run.proc, 10_000)).toBe(0);
      expect(Date.now() - stopping).toBeLessThan(10_000);
    });

    it('refuses at SIGTERM a subscription that was still starting, so that it holds the process up no longer than the rest', async () => {
      // Each upstream call takes a second: the subscriptions are still reading their room when the signal comes.
      const run = start({ PORT: '0', LOG_LEVEL: 'debug', EMULATOR_SDK_ACTIVITY_MS: '0', EMULATOR_LATENCY_MS: '1000', GATEWAY_SHUTDOWN_GRACE_MS: '30000', ...manyClients });
      const url = await run.url();
      const starting = Array.from({ length: 3 }, () => subscribeSse(url, events('1432259622444162')));
      await waitFor(() => received(run) >= 3, run.output);
      const stopping = Date.now();
      run.proc.kill('SIGTERM');
      for (const stream of await Promise.all(starting)) {
        expect(await Promise.race([stream.ended, new Promise((resolve) => setTimeout(() => resolve('still open'), 10_000))])).toBe('complete');
        expect(stream.results[0]?.errors?.[0]?.extensions?.code).toBe('SHUTTING_DOWN');
      }
      expect(await exitWithin(run.proc, 10_000)).toBe(0);
      expect(Date.now() - stopping).toBeLessThan(10_000);
    });

    it('counts streams as connections of their address (GATEWAY_MAX_CONNECTIONS_PER_IP)', async () => {
      const run = start({ PORT: '0', EMULATOR_SDK_ACTIVITY_MS: '0', GATEWAY_MAX_CONNECTIONS_PER_IP: '3', ...manyClients });
      const url = await run.url();
      const held = await Promise.all(Array.from({ length: 3 }, () => subscribeSse(url, events('1432259622444162'))));
      await expect(subscribeSse(url, events('1432259622444162'))).rejects.toThrow();
      held[0]!.close();
      // Its connection closes a moment later: then there is room again.
      let again: Awaited<ReturnType<typeof subscribeSse>> | undefined;
      for (let tries = 0; !again && tries < 50; tries++) again = await subscribeSse(url, events('1432259622444162')).catch(() => undefined);
      expect(again?.status).toBe(200);
      for (const sub of [...held, again!]) sub.close();
    });
  });

  it('refuses to start on bad config, saying why', async () => {
    const run = start({ EASEMOB_BASE_URL: 'https://a1.easemob.com', EASEMOB_CLIENT_ID: 'id', EASEMOB_CLIENT_SECRET: 'topsecret' });
    const [code] = await once(run.proc, 'exit');
    expect(code).toBe(1);
    expect(run.errors()).toMatch(/EASEMOB_ORG is required/);
    expect(run.errors()).toMatch(/service mode needs GATEWAY_API_KEYS/);
    expect(run.errors() + run.output()).not.toContain('topsecret');
  });
});
