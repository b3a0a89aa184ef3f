/**
 * `npm run bench:live`: subscriptions and callbacks on the gateway as production runs it
 * (`npm run serve`: NODE_ENV=production node --max-old-space-size=128 dist/main.js), each
 * party a process of its own: the emulator (`npm run emulator`), the gateway, two processes
 * of subscribers (bench/live-client.ts) and this one, which sends the callbacks. About 2 min.
 *  1. Idle: 5,000 SSE subscriptions over 5 rooms, opened 1,000 at a time; the gateway's heap
 *     (after full GCs) and RSS after each step; then all closed, and the heap read again. If the
 *     production heap cannot hold them (it could not, when this was written), the gateway is
 *     started again with a larger old space (BENCH_LIVE_OLD_SPACE_MB, 384), all else alike, and
 *     step 1 and the rest run on that one. (Yoga alone, last, always gets that larger old space.)
 *  2. Fan-out: 5,000 subscriptions to one room, and 20 callbacks to it, one at a time on an idle
 *     gateway: from when each callback was sent to when each subscriber had it, with the CPU each
 *     process spent per event.
 *  3. Intake: 100 subscriptions over 10 rooms, and callbacks (each a fresh callId, signed) from
 *     10 keep-alive connections as fast as they are answered for 10 s: to those rooms in turn,
 *     then to 10 rooms nobody subscribes to (what the intake costs by itself).
 * Last, for comparison, the 5,000 idle subscriptions of step 1 on graphql-yoga alone (`bareYoga`).
 *
 * The emulator runs apart rather than embedded: embedded, it would share the gateway's heap
 * (it keeps a record of every call) and CPU, and send callbacks of its own. Subscribers are
 * signed-in users (JWT), one subscription each, as browsers would be; BENCH_LIVE_CALLER=key
 * makes every subscription the API key's instead (an admin: one upstream read to start, no
 * token expiry to watch), with the per-caller cap lifted. The limits an address has are lifted
 * (the subscribers all come from 127.0.0.1), and so is pacing (the emulator has no rate limit).
 *
 * Times are process.hrtime's, CLOCK_MONOTONIC on Linux: one clock for every process here. A
 * subscriber notes the time as a stream's bytes arrive, before parsing them; the callback is
 * timed from just before it is written (when the gateway read it cannot be seen from outside).
 *
 * To read a heap the garbage collector has settled, the gateway also gets `--inspect-port=0`
 * (inert until SIGUSR1, which this bench sends once after start-up): two full GCs are asked
 * through the inspector before each reading of `nodejs_heap_size_used_bytes` from /metrics.
 * BENCH_PROFILE=1 takes CPU profiles of phases 2 and 3 through it too (bench/results/profiles/)
 * and prints the functions with the most self time. Prints Markdown for BENCHMARKS.md.
 */
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { Agent, request } from 'undici';
import WebSocket from 'ws';
import { eventIdOf, signatureOf } from '../src/easemob/callbacks.js';
import type { Receipts, Sub, ToClient } from './live-client.js';
import { nodeFlagsOf } from './processes.js';

const IDLE = 5_000;
const EVENTS = 20;
const INTAKE_SUBS = 100;
const INTAKE_SECONDS = 10;
const INTAKE_CONNECTIONS = 10;
const CALLER = process.env.BENCH_LIVE_CALLER === 'key' ? 'key' : 'users';
const root = new URL('..', import.meta.url);
const secret = 'bench-callback-secret';
const apiKey = 'bench-live-key';
const jwt = { secret: 'bench-live-jwt-secret-of-32-bytes-or-more', issuer: 'bench', audience: 'gateway' };
const query = 'subscription($id: ID!) { chatroomEvents(id: $id) { __typename id } }';
/** The fixture's body of a user joining a room, as Easemob documents it. */
const joinBody = (JSON.parse(readFileSync(new URL('test/fixtures/easemob/callbacks/join-direct.json', root), 'utf8')) as { body: Record<string, unknown> }).body;

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const children = new Set<ChildProcess>();
process.once('exit', () => children.forEach((c) => c.kill('SIGKILL')));

function start(args: string[], env: Record<string, string>, ready: RegExp) {
  const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise<{ child: ChildProcess; match: RegExpExecArray; stderr: () => string }>((resolve, reject) => {
    const watch = (d: Buffer) => {
      out += d;
      const match = ready.exec(out);
      if (!match) return;
      // From now on its log is drained unread.
      child.stdout!.off('data', watch);
      child.stdout!.resume();
      resolve({ child, match, stderr: () => err });
    };
    child.stdout!.on('data', watch);
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out.slice(-500)} ${err.slice(-500)}`)));
  });
}

// ---- the processes -----------------------------------------------------------------------

const emulator = await start(
  ['--import', 'tsx', 'src/emulator/main.ts'],
  {
    EMULATOR_PORT: '0',
    EMULATOR_CLIENT_ID: 'bench-client',
    EMULATOR_CLIENT_SECRET: 'bench-secret',
    EMULATOR_LATENCY_MS: '20',
    EMULATOR_RATE_LIMIT: '0',
    EMULATOR_SDK_ACTIVITY_MS: '0',
  },
  /EASEMOB_BASE_URL=(\S+) EASEMOB_ORG=(\S+) EASEMOB_APP=(\S+)/,
);
const [, emulatorUrl, org, app] = emulator.match as unknown as [string, string, string, string];

/** `npm run serve`'s Node flags, with `--inspect-port=0` (see above) and another old space (MB) when asked. */
const nodeFlags = (oldSpaceMb?: number) => [
  '--inspect-port=0',
  ...nodeFlagsOf('serve').map((flag) => (oldSpaceMb && flag.startsWith('--max-old-space-size=') ? `--max-old-space-size=${oldSpaceMb}` : flag)),
];

/** The gateway as `npm run serve` runs it, or with another old space (MB) when the production one cannot hold the load. */
async function startGateway(oldSpaceMb?: number) {
  return serve([...nodeFlags(oldSpaceMb), 'dist/main.js'], {
    HOST: '127.0.0.1',
    PORT: '0',
    EASEMOB_BASE_URL: emulatorUrl,
    EASEMOB_ORG: org,
    EASEMOB_APP: app,
    EASEMOB_CLIENT_ID: 'bench-client',
    EASEMOB_CLIENT_SECRET: 'bench-secret',
    EASEMOB_CALLBACK_SECRETS: secret,
    GATEWAY_API_KEYS: apiKey,
    GATEWAY_JWT_SECRET: jwt.secret,
    GATEWAY_JWT_ISSUER: jwt.issuer,
    GATEWAY_JWT_AUDIENCE: jwt.audience,
    // The emulator has no rate limit: the gateway's pacing is lifted to match, as bench/processes.ts does.
    EASEMOB_RATE_LIMIT: '1000000',
    EASEMOB_RATE_BURST: '1000000',
    // Every subscriber comes from 127.0.0.1: as if from many addresses.
    GATEWAY_IP_REQUESTS_PER_SECOND: '1000000000',
    GATEWAY_MAX_CONNECTIONS_PER_IP: '1000000',
    GATEWAY_CALLER_BUDGET: '1000000000',
    ...(CALLER === 'key' ? { GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER: String(IDLE) } : {}),
    // The larger heap is asked for to hold them all: the cap that follows the heap by default is lifted with it.
    ...(oldSpaceMb ? { GATEWAY_MAX_SUBSCRIPTIONS: String(IDLE + 1_000) } : {}),
  });
}

/**
 * For comparison: graphql-yoga alone on Node's HTTP server, one subscription field whose iterator
 * never yields, nothing of the gateway; /metrics answers the two lines this bench reads.
 */
const bareYoga = `
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
let open = 0;
const never = () => ({ next: () => new Promise(() => {}), return: async () => (open--, { done: true, value: undefined }) });
const yoga = createYoga({
  schema: createSchema({
    typeDefs: 'type Query { a: Int } type E { id: ID } type Subscription { chatroomEvents(id: ID!): E }',
    resolvers: { Subscription: { chatroomEvents: { subscribe: () => (open++, { [Symbol.asyncIterator]: never }), resolve: (e) => e } } },
  }),
  logging: false,
});
const server = createServer((req, res) =>
  req.url === '/metrics' ? res.end('nodejs_heap_size_used_bytes ' + process.memoryUsage().heapUsed + '\\ngateway_subscriptions ' + open + '\\n') : yoga(req, res),
);
server.listen(0, '127.0.0.1', () => console.log('on http://127.0.0.1:' + server.address().port + '/graphql'));
`;

/** A server of this bench's (the gateway, or bare yoga), its inspector open. */
async function serve(args: string[], env: Record<string, string>) {
  const started = await start(args, { NODE_ENV: 'production', ...env }, /on http:\/\/[^:]+:(\d+)\/graphql/);
  const { child } = started;
  let stopping = false;
  const died = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      const why = /heap out of memory/.test(started.stderr()) ? 'heap out of memory' : `exit ${code ?? signal}`;
      if (!stopping) console.error(`the gateway stopped: ${why}`);
      resolve(why);
    }),
  );
  // The inspector, for full GCs: opened once, now, so that every reading has it alike.
  process.kill(child.pid!, 'SIGUSR1');
  let inspector: string | undefined;
  for (let i = 0; i < 100 && !inspector; i++) {
    await sleep(50);
    inspector = /Debugger listening on (ws:\/\/\S+)/.exec(started.stderr())?.[1];
  }
  if (!inspector) throw new Error(`the gateway's inspector did not open: ${started.stderr()}`);
  const base = `http://127.0.0.1:${started.match[1]}`;
  return {
    args,
    pid: child.pid!,
    base,
    url: `${base}/graphql`,
    callbackUrl: `${base}/easemob/callbacks`,
    inspector,
    died,
    dead: () => child.exitCode !== null || child.signalCode !== null,
    async stop() {
      stopping = true;
      child.kill('SIGTERM');
      await died;
    },
  };
}

let gateway = await startGateway();

/** A session with the gateway's inspector: `command` resolves with a method's result, and fails if the gateway goes. */
async function inspectorSession() {
  const socket = new WebSocket(gateway.inspector);
  await once(socket, 'open');
  const waiting = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  socket.on('message', (data) => {
    const reply = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (reply.id !== undefined) waiting.get(reply.id)?.resolve(reply.result);
  });
  socket.on('close', () => waiting.forEach(({ reject }) => reject(new Error('the inspector closed: the gateway is gone'))));
  let id = 0;
  return {
    command: <T>(method: string) =>
      new Promise<T>((resolve, reject) => {
        waiting.set(++id, { resolve: resolve as (result: unknown) => void, reject });
        socket.send(JSON.stringify({ id, method }));
      }),
    close: () => socket.close(),
  };
}

async function collectGarbage() {
  const session = await inspectorSession();
  await session.command('HeapProfiler.collectGarbage');
  await session.command('HeapProfiler.collectGarbage');
  session.close();
}

/** BENCH_PROFILE=1: a CPU profile of the gateway from now until `stop`, through the inspector; otherwise nothing. */
async function profile(name: string) {
  if (!process.env.BENCH_PROFILE) return { stop: async () => {} };
  const { command, close } = await inspectorSession();
  await command('Profiler.enable');
  await command('Profiler.start');
  return {
    async stop() {
      const { profile: taken } = await command<{ profile: CpuProfile }>('Profiler.stop');
      close();
      mkdirSync(new URL('bench/results/profiles/', root), { recursive: true });
      writeFileSync(new URL(`bench/results/profiles/live-${name}.cpuprofile`, root), JSON.stringify(taken));
      profiles.push(`\n${name}: the gateway's functions by self time (bench/results/profiles/live-${name}.cpuprofile)\n\n${selfTimes(taken)}`);
    },
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}
const profiles: string[] = [];

/** The 15 functions with the most self time, as bench/profile.ts shows them, of the time the process was not idle. */
function selfTimes({ nodes, samples, timeDeltas }: CpuProfile): string {
  const byNode = new Map<number, number>();
  samples.forEach((node, i) => byNode.set(node, (byNode.get(node) ?? 0) + (timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  for (const { id, callFrame } of nodes) {
    const where = callFrame.url ? ` ${callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|src)\//, '$1/')}:${callFrame.lineNumber + 1}` : '';
    const key = `${callFrame.functionName || '(anonymous)'}${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (byNode.get(id) ?? 0));
  }
  const idle = byFunction.get('(idle)') ?? 0;
  byFunction.delete('(idle)');
  const busy = [...byFunction.values()].reduce((a, b) => a + b, 0);
  const rows = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 15);
  return `busy ${f((100 * busy) / (busy + idle), 0)}% of the time profiled\n\n| self time (of busy) | function |\n|---|---|\n${rows.map(([key, us]) => `| ${f((100 * us) / busy)}% | \`${key}\` |`).join('\n')}`;
}

async function metrics(): Promise<string> {
  return (await fetch(`${gateway.base}/metrics`)).text();
}
const metric = (text: string, name: string) => Number(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
const accepted = (text: string) => metric(text, 'gateway_callbacks_total{outcome="accepted"}');

const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${gateway.pid}/status`, 'utf8'))?.[1]) / 1024;
const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
/** The gateway's CPU time so far (user + system), from /proc. */
function gatewayCpuMs(): number {
  const fields = readFileSync(`/proc/${gateway.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
}

/** heapUsed (MB) after full GCs, the lowest of `readings`; and what a scrape read before them. */
async function heap(readings = 3) {
  const unforced = metric(await metrics(), 'nodejs_heap_size_used_bytes') / 2 ** 20;
  const after: number[] = [];
  for (let i = 0; i < readings; i++) {
    await collectGarbage();
    after.push(metric(await metrics(), 'nodejs_heap_size_used_bytes') / 2 ** 20);
    await sleep(200);
  }
  return { heapMb: Math.min(...after), unforcedMb: unforced, rssMb: rssMb() };
}

async function subscriptionsOpen(n: number) {
  for (let i = 0; i < 600 && !gateway.dead(); i++) {
    if (metric(await metrics(), 'gateway_subscriptions') === n) return;
    await sleep(50);
  }
  throw new Error(`the gateway never held ${n} subscriptions`);
}

// ---- the subscribers' processes ----------------------------------------------------------

function startClient() {
  const child = fork(new URL('./live-client.ts', import.meta.url), { execArgv: ['--import', 'tsx'], cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  const got = new Map<string, () => void>();
  const had = new Set<string>();
  child.on('message', (m: { kind: string; id?: string }) => {
    if (m.kind !== 'all') return;
    had.add(m.id!);
    got.get(m.id!)?.();
  });
  const ask = <T>(message: ToClient, reply: string) =>
    new Promise<T>((resolve) => {
      const on = (m: { kind: string }) => {
        if (m.kind !== reply) return;
        child.off('message', on);
        resolve(m as T);
      };
      child.on('message', on);
      child.send(message);
    });
  return {
    ready: new Promise<void>((resolve) => child.on('message', (m: { kind: string }) => m.kind === 'ready' && resolve())),
    /** Resolves once every stream of this process had event `id`. */
    allOf: (id: string) => (had.has(id) ? Promise.resolve() : new Promise<void>((resolve) => got.set(id, resolve))),
    open: (subs: Sub[]) =>
      ask<{ statuses: Record<string, number>; ms: number }>({ kind: 'open', url: gateway.url, query, subs, concurrency: 50 }, 'opened'),
    receipts: () => ask<Receipts>({ kind: 'receipts' }, 'receipts'),
    close: () => ask({ kind: 'close' }, 'closed'),
  };
}
const clients = [startClient(), startClient()];
await Promise.all(clients.map((c) => c.ready));

const secretKey = new TextEncoder().encode(jwt.secret);
const userTokens = await Promise.all(
  Array.from({ length: IDLE }, async (_, i) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(`bench_user_${i}`)
      .setIssuer(jwt.issuer)
      .setAudience(jwt.audience)
      .setExpirationTime('2h')
      .sign(secretKey),
  ),
);
const authorization = (i: number) => `Bearer ${CALLER === 'key' ? apiKey : userTokens[i]}`;

/**
 * Opens subscriptions `from` to `to` (each its own user), to `rooms` in turn, half in each process;
 * resolves once the gateway holds `to`, or with the answers that were not streams.
 */
async function subscribe(rooms: string[], to: number, from = 0): Promise<string | undefined> {
  const subs = Array.from({ length: to - from }, (_, k) => ({ room: rooms[(from + k) % rooms.length]!, authorization: authorization(from + k) }));
  const opened = await Promise.all(clients.map((c, k) => c.open(subs.filter((_, i) => i % clients.length === k))));
  const refused = new Map<string, number>();
  for (const [status, n] of opened.flatMap((o) => Object.entries(o.statuses))) if (status !== '200') refused.set(status, (refused.get(status) ?? 0) + n);
  if (refused.size) return [...refused].map(([status, n]) => `${n}× ${status}`).join(', ');
  await subscriptionsOpen(to);
  return undefined;
}

async function unsubscribe() {
  await Promise.all(clients.map((c) => c.close()));
  if (!gateway.dead()) await subscriptionsOpen(0);
}

const must = (refused: string | undefined) => {
  if (refused) throw new Error(`subscriptions refused: ${refused}`);
};

// ---- callbacks -----------------------------------------------------------------------------

let calls = 0;
/** A fresh callback: a user joined `room`, signed, with a callId never used. */
function callback(room: string): { body: string; eventId: string } {
  const n = calls++;
  const callId = `bench#live_${process.pid}-${n}`;
  const timestamp = Date.now();
  const body = {
    ...joinBody,
    callId,
    timestamp,
    security: signatureOf(callId, secret, timestamp),
    id: room,
    member_count: 2,
    payload: { type: 'DIRECT', member: [`sdk_user_${n}`] },
  };
  return { body: JSON.stringify(body), eventId: eventIdOf(callId) };
}

const callbackAgent = new Agent({ connections: 1 });
async function post(body: string) {
  const res = await request(gateway.callbackUrl, { method: 'POST', dispatcher: callbackAgent, headers: { 'content-type': 'application/json' }, body });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`callback answered ${res.statusCode}: ${text}`);
}

const rooms = (
  (await (
    await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query: '{ chatrooms(first: 20) { nodes { id } } }' }),
    })
  ).json()) as { data: { chatrooms: { nodes: { id: string }[] } } }
).data.chatrooms.nodes.map((r) => r.id);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const f = (n: number, digits = 1) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const thousands = (n: number) => n.toLocaleString('en');

/** Warm-up: the code paths compiled before anything is read. */
async function warmUp() {
  must(await subscribe(rooms.slice(0, 2), 100));
  for (let i = 0; i < 30; i++) await post(callback(rooms[i % 2]!).body);
  await sleep(500);
  await unsubscribe();
}

// ---- 1. idle subscriptions -----------------------------------------------------------------

/**
 * Opens IDLE subscriptions over 5 rooms, 1,000 at a time, reading the heap after each step;
 * stops early if the gateway dies.
 */
async function idleSubscriptions() {
  const before = await heap();
  await fetch(`${emulatorUrl}/__emulator/reset`, { method: 'POST' });
  const steps: { open: number; heapMb: number; rssMb: number }[] = [];
  const started = nowMs();
  let openMs = 0;
  // The most the gateway was seen to hold, should it die on the way.
  let held = 0;
  const watch = setInterval(() => {
    metrics().then((text) => (held = Math.max(held, metric(text, 'gateway_subscriptions') || 0)), () => {});
  }, 250);
  try {
    for (let open = 0; open < IDLE; ) {
      const to = Math.min(IDLE, open + 1_000);
      const t = nowMs();
      const refused = await subscribe(rooms.slice(0, 5), to, open).catch((error: Error) => error.message);
      openMs += nowMs() - t;
      if (refused || gateway.dead()) {
        // Refused by the cap that follows the heap (TOO_MANY_SUBSCRIPTIONS), or dead of it.
        const why = await Promise.race([gateway.died, sleep(3_000, 'still up, refusing')]);
        return { before, steps, died: `${why} while opening ${thousands(open + 1)}–${thousands(to)}, after ${thousands(held)} were seen open; the subscribers were told ${refused}` };
      }
      open = to;
      const reading = await (open === IDLE ? heap() : heap(1)).catch(() => undefined);
      if (!reading) return { before, steps, died: `${await gateway.died} while its heap was read with ${thousands(open)} open` };
      steps.push({ open, ...reading });
    }
  } finally {
    clearInterval(watch);
  }
  const upstreamCalls = ((await (await fetch(`${emulatorUrl}/__emulator/stats`)).json()) as { apiCalls: number }).apiCalls;
  const idle = await heap();
  await unsubscribe();
  const closed = await heap();
  return { before, steps, idle, closed, openMs, upstreamCalls, wallMs: nowMs() - started };
}

type Idle = Awaited<ReturnType<typeof idleSubscriptions>>;

await warmUp();
const production = `NODE_ENV=production node ${gateway.args.join(' ')}`;
const atProduction = await idleSubscriptions();
let idle: Idle = atProduction;
let measuredWith = production;
let oldSpaceMb: number | undefined;
if (atProduction.died !== undefined) {
  // The production heap cannot hold them: the rest is measured with a larger old space, all else alike.
  await unsubscribe();
  if (!gateway.dead()) await gateway.stop();
  oldSpaceMb = Number(process.env.BENCH_LIVE_OLD_SPACE_MB ?? 384);
  gateway = await startGateway(oldSpaceMb);
  measuredWith = `NODE_ENV=production node ${gateway.args.join(' ')}`;
  await warmUp();
  idle = await idleSubscriptions();
  if (idle.died !== undefined) throw new Error(`the gateway died with ${measuredWith} too: ${idle.died}`);
}

// ---- 2. one event to 5,000 subscribers ------------------------------------------------------

const hot = rooms[5]!;
must(await subscribe([hot], IDLE));
const sent: { eventId: string; sentAt: number; answeredAt: number }[] = [];
const fanProfile = await profile('fan-out');
const fanCpu = { gateway: gatewayCpuMs(), clients: (await Promise.all(clients.map((c) => c.receipts()))).map((r) => r.cpuMs) };
for (let i = 0; i < EVENTS; i++) {
  const { body, eventId } = callback(hot);
  const everyone = Promise.all(clients.map((c) => c.allOf(eventId)));
  const sentAt = nowMs();
  await post(body);
  const answeredAt = nowMs();
  if (await Promise.race([everyone.then(() => false), sleep(30_000, true)])) throw new Error(`event ${i} did not reach every subscriber within 30 s`);
  sent.push({ eventId, sentAt, answeredAt });
  // Quiet between events: each is sent to an idle gateway, so what is measured is one event's fan-out.
  await sleep(300);
}
const fanGatewayCpu = gatewayCpuMs() - fanCpu.gateway;
await fanProfile.stop();
const fanReceipts = await Promise.all(clients.map((c) => c.receipts()));
const fanClientCpu = fanReceipts.map((r, k) => r.cpuMs - fanCpu.clients[k]!);
const perEvent = sent.map(({ eventId, sentAt, answeredAt }) => {
  const times = fanReceipts.flatMap((r) => r.byId[eventId] ?? []).map((t) => t - sentAt).sort((a, b) => a - b);
  return { n: times.length, first: times[0]!, p50: percentile(times, 50), p99: percentile(times, 99), last: times.at(-1)!, answered: answeredAt - sentAt };
});
const pooled = sent.flatMap(({ eventId, sentAt }) => fanReceipts.flatMap((r) => r.byId[eventId] ?? []).map((t) => t - sentAt)).sort((a, b) => a - b);
const fanEnded = fanReceipts.reduce((s, r) => s + r.ended, 0);
const fanErrors = fanReceipts.map((r) => JSON.stringify(r.errors)).join(' ');
await unsubscribe();

// ---- 3. callbacks accepted per second ---------------------------------------------------------

const intakeRooms = rooms.slice(10, 20);
must(await subscribe(intakeRooms, INTAKE_SUBS));
const intakeHeap = await heap();

/** Callbacks to `to` in turn, from INTAKE_CONNECTIONS keep-alive connections as fast as they are answered. */
async function intake(name: string, to: string[]) {
  const m0 = await metrics();
  const taken = await profile(name);
  const cpu0 = gatewayCpuMs();
  const clientCpu0 = (await Promise.all(clients.map((c) => c.receipts()))).map((r) => r.cpuMs);
  const received0 = (await Promise.all(clients.map((c) => c.receipts()))).reduce((s, r) => s + Object.values(r.byId).reduce((t, times) => t + times.length, 0), 0);
  const load = await autocannon({
    url: gateway.callbackUrl,
    connections: INTAKE_CONNECTIONS,
    duration: INTAKE_SECONDS,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: callback(to[calls % to.length]!).body }) }],
  });
  const cpuMs = gatewayCpuMs() - cpu0;
  await taken.stop();
  await sleep(500); // what was still on its way to the subscribers
  const m1 = await metrics();
  const receipts = await Promise.all(clients.map((c) => c.receipts()));
  const took = accepted(m1) - accepted(m0);
  return {
    name,
    load,
    accepted: took,
    cpuMs,
    delivered: metric(m1, 'gateway_events_delivered_total') - metric(m0, 'gateway_events_delivered_total'),
    received: receipts.reduce((s, r) => s + Object.values(r.byId).reduce((t, times) => t + times.length, 0), 0) - received0,
    clientCpuS: receipts.map((r, k) => (r.cpuMs - clientCpu0[k]!) / 1000),
    ended: receipts.reduce((s, r) => s + r.ended, 0),
    errors: receipts.map((r) => JSON.stringify(r.errors)).join(' '),
  };
}

const intakes = [
  await intake('intake', intakeRooms),
  // The same, to rooms nobody subscribes to: what the intake costs by itself.
  await intake('intake-alone', rooms.slice(0, 10)),
];
const outcomes = [...(await metrics()).matchAll(/^gateway_callbacks_total\{outcome="(\w+)"\} (\d+)/gm)].map(([, o, n]) => `${o} ${n}`).join(', ');
const afterIntake = await heap();
const callbacksAccepted = intakes.reduce((s, r) => s + r.accepted, 0);
await gateway.stop();
emulator.child.kill('SIGTERM');

// ---- 1b. the same idle subscriptions on graphql-yoga alone ----------------------------------

// Yoga alone cannot hold them in the production old space (30 KB each): it gets the larger one.
const bareOldSpaceMb = oldSpaceMb ?? Number(process.env.BENCH_LIVE_OLD_SPACE_MB ?? 384);
gateway = await serve([...nodeFlags(bareOldSpaceMb), '--input-type=module', '-e', bareYoga], {});
must(await subscribe(rooms.slice(0, 5), 100));
await unsubscribe();
const bareBefore = await heap();
must(await subscribe(rooms.slice(0, 5), IDLE));
const bareIdle = await heap();
await unsubscribe();
await gateway.stop();

// ---- the report ------------------------------------------------------------------------------

const yogaVersion = (JSON.parse(readFileSync(new URL('node_modules/graphql-yoga/package.json', root), 'utf8')) as { version: string }).version;
const cpuModel = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
const ofEvents = (pick: (e: (typeof perEvent)[number]) => number) => perEvent.map(pick).sort((a, b) => a - b);
const median = (xs: number[]) => percentile(xs, 50);
const perSub = (mb: number, n: number) => f((mb * 1024) / n, 1);
console.log(
  `\n${new Date().toISOString().slice(0, 10)}, ${availableParallelism()} cores (${cpuModel}), ${Math.round(totalmem() / 2 ** 30)} GB, Node.js ${process.version}; ` +
    `subscribers: ${CALLER === 'key' ? 'the API key' : 'signed-in users (JWT), one subscription each'}.\n`,
);
console.log(`1. Idle subscriptions over 5 rooms, 1,000 at a time. Production command: \`${production}\`\n`);
const idleTable = (run: Idle) => {
  console.log('| subscriptions | heapUsed after full GC MB | per subscription KB | RSS MB |\n|---|---|---|---|');
  console.log(`| 0 | ${f(run.before.heapMb)} | | ${f(run.before.rssMb)} |`);
  for (const s of run.steps) console.log(`| ${thousands(s.open)} | ${f(s.heapMb)} | ${perSub(s.heapMb - run.before.heapMb, s.open)} | ${f(s.rssMb)} |`);
  if (run.died !== undefined) console.log(`| died | ${run.died} | | |`);
  if (run.closed) console.log(`| all closed again | ${f(run.closed.heapMb)} | | ${f(run.closed.rssMb)} |`);
};
idleTable(atProduction);
if (idle !== atProduction) {
  console.log(`\nAgain with \`${measuredWith}\` (only the old space differs), where phases 2 and 3 ran too:\n`);
  idleTable(idle);
}
if (idle.idle) {
  console.log(
    `\nAt ${thousands(IDLE)}: heap ${perSub(idle.idle.heapMb - idle.before.heapMb, IDLE)} KB per subscription after full GCs ` +
      `(${perSub(idle.idle.unforcedMb - idle.before.unforcedMb, IDLE)} KB as scraped without them), RSS ${perSub(idle.idle.rssMb - idle.before.rssMb, IDLE)} KB. ` +
      `Opened in ${f(idle.openMs! / 1000)} s (${f(IDLE / (idle.openMs! / 1000), 0)}/s, 100 requests at a time), ${idle.upstreamCalls} upstream calls ` +
      `(${f(idle.upstreamCalls! / IDLE, 2)} per subscription).`,
  );
}

console.log(
  `\nFor comparison, graphql-yoga ${yogaVersion} alone (the same Node flags${oldSpaceMb ? '' : `, but --max-old-space-size=${bareOldSpaceMb}`}, one subscription field whose iterator never yields, nothing of the gateway): ` +
    `${perSub(bareIdle.heapMb - bareBefore.heapMb, IDLE)} KB of heap per idle SSE subscription (${f(bareBefore.heapMb)} → ${f(bareIdle.heapMb)} MB), ` +
    `RSS ${perSub(bareIdle.rssMb - bareBefore.rssMb, IDLE)} KB.`,
);

console.log(`\n2. One callback to ${thousands(IDLE)} subscribers of one room, ${EVENTS} times, 300 ms apart (ms from sending the callback)\n`);
console.log('| event | receipts | first | p50 | p99 | last | callback answered |\n|---|---|---|---|---|---|---|');
perEvent.forEach((e, i) => console.log(`| ${i + 1} | ${e.n} | ${f(e.first)} | ${f(e.p50)} | ${f(e.p99)} | ${f(e.last)} | ${f(e.answered)} |`));
for (const [name, of] of [['median', median], ['worst', (xs: number[]) => xs.at(-1)!]] as const) {
  const cells = [ofEvents((e) => e.first), ofEvents((e) => e.p50), ofEvents((e) => e.p99), ofEvents((e) => e.last), ofEvents((e) => e.answered)].map((xs) => f(of(xs)));
  console.log(`| ${name} of ${EVENTS} | | ${cells.join(' | ')} |`);
}
console.log(
  `\nAll ${thousands(pooled.length)} receipts: p50 ${f(percentile(pooled, 50))} ms, p99 ${f(percentile(pooled, 99))} ms. ` +
    `CPU per event: gateway ${f(fanGatewayCpu / EVENTS)} ms, the subscribers' processes ${fanClientCpu.map((c) => f(c / EVENTS)).join(' + ')} ms. ` +
    `Streams ended: ${fanEnded}; errors: ${fanErrors}.`,
);

console.log(`\n3. Callbacks from ${INTAKE_CONNECTIONS} keep-alive connections, ${INTAKE_SECONDS} s a run, ${INTAKE_SUBS} subscribers connected (10 in each of 10 rooms)\n`);
console.log(
  '| callbacks to | answered/s | accepted (metric) | accepted/s | p50 ms | p99 ms | gateway CPU per callback | gateway CPU | events delivered | received by subscribers |\n|---|---|---|---|---|---|---|---|---|---|',
);
for (const r of intakes) {
  console.log(
    `| ${r.name === 'intake' ? 'the 10 rooms subscribed to' : '10 rooms nobody subscribes to'} | ${f(r.load.requests.average, 0)} | ${thousands(r.accepted)} | ` +
      `${f(r.accepted / INTAKE_SECONDS, 0)} | ${r.load.latency.p50} | ${r.load.latency.p99} | ${f((r.cpuMs * 1000) / r.accepted, 0)} µs | ` +
      `${f((100 * r.cpuMs) / (INTAKE_SECONDS * 1000), 0)}% of a core | ${thousands(r.delivered)} | ${thousands(r.received)} |`,
  );
}
console.log(
  `\nHTTP: ${intakes.map((r) => `${r.load['2xx']} 2xx, ${r.load.non2xx} other, ${r.load.errors} errors`).join('; ')}. Callbacks by outcome since the gateway started: ${outcomes}. ` +
    `The subscribers' CPU: ${intakes.map((r) => r.clientCpuS.map((c) => f(c, 2)).join(' + ')).join('; ')} s; streams ended ${intakes.map((r) => r.ended).join(', ')}; errors ${intakes.map((r) => r.errors).join('; ')}. ` +
    `Heap after full GC with ${INTAKE_SUBS} subscribers: ${f(intakeHeap.heapMb)} MB before, ${f(afterIntake.heapMb)} MB after ` +
    `(${f(((afterIntake.heapMb - intakeHeap.heapMb) * 2 ** 20) / callbacksAccepted, 0)} bytes per callback accepted: the callIds kept); RSS ${f(afterIntake.rssMb)} MB.`,
);
for (const table of profiles) console.log(table);
process.exit(0);
