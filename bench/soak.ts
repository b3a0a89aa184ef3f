/**
 * `npm run bench:soak`: the production gateway (`NODE_ENV=production node
 * --max-old-space-size=128 dist/main.js`) under steady load for SOAK_SECONDS (180), while
 * the upstream misbehaves in every way the emulator can, on a schedule repeating every 10 s.
 * The emulator runs in this process with a 30 calls/s limit for all calls together, so the
 * bench flips its latency, injects faults, and reads its call log and store directly.
 *
 * Reports, as Markdown:
 *  - upstream calls refused for the rate: 429s the emulator's own limit answered (the
 *    injected 429s told apart by the bench's own record of what it injected and what was
 *    taken), by second of the cycle, and the busiest second as the emulator saw it;
 *  - GraphQL answers by operation and code, and answers with an error lacking
 *    `extensions.code` (must be 0);
 *  - lost or doubled writes: what the writers were told, compared with the store;
 *  - each gateway process's peak RSS (from /proc) and whether it stayed up;
 *  - to read the above by: calls, refusals and the pacer's slowdown step and queue (from
 *    the gateway's /metrics) by second of the cycle, and answers and calls by cycle.
 *
 *   npm run bench:soak
 *   SOAK_SECONDS=30 SOAK_REPLICAS=2 npm run bench:soak   # 2 replicas sharing a redis-server of its own
 *
 * Exits 1 when an invariant breaks (an error without a code, a lost or doubled write, a
 * gateway that died); refusals for the rate are measured, not judged.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RedisServer, redisServerInstalled, redisServerPath, startRedisServer } from '../scripts/redis-server.js';
import { type CallRecord, createEmulator, type Fault, summarize } from '../src/emulator/server.js';
import { demoUsers } from '../src/emulator/seed.js';
import { nodeFlagsOf } from './processes.js';
import { Ledger, type OwnedRoom, renamed } from './soak-ledger.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const REPLICAS = Number(process.env.SOAK_REPLICAS ?? 1);
if (!(SECONDS > 0) || !Number.isInteger(REPLICAS) || REPLICAS < 1) {
  console.error('SOAK_SECONDS must be a number > 0 and SOAK_REPLICAS an integer >= 1');
  process.exit(2);
}
if (REPLICAS > 1 && !redisServerInstalled()) {
  console.error(`SOAK_REPLICAS=${REPLICAS} needs ${redisServerPath} for the replicas to share (npm run redis:install)`);
  process.exit(2);
}
const READERS = 20;
const WRITERS = 4;
const THINK_MS = 100;
const CYCLE_MS = 10_000;
const RATE = 30;
const API_KEY = 'soak-key';
/** Past the gateway's operation deadline (15 s): a request this old is the gateway's failure, not the load's. */
const CLIENT_TIMEOUT_MS = 30_000;
const root = new URL('..', import.meta.url);
const prefix = `soak-${Date.now().toString(36)}-`;
/** When the load and the fault schedule started; cycles count from here. */
let t0 = Date.now();
const cycleOf = (at: number) => Math.max(0, Math.floor((at - t0) / CYCLE_MS));

// Nothing this bench starts outlives it, however it ends.
const children = new Set<ChildProcess>();
process.once('exit', () => children.forEach((c) => c.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
/** `n` distinct items, in random order. */
const sample = <T>(items: readonly T[], n: number): T[] => [...items].sort(() => Math.random() - 0.5).slice(0, n);
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);

// ---- the upstream, in this process -------------------------------------------------------

const emulator = createEmulator({ rateLimit: { perSecond: RATE }, clientId: 'soak-client', clientSecret: 'soak-secret' });
await emulator.listen(0, '127.0.0.1');
const seedRooms = [...emulator.store.rooms.keys()];

/** What the bench injected, and how much of it the emulator has used (its stored fault counts down). */
interface Injected {
  kind: string;
  status: number | 'reset';
  asked: number;
  stored: Fault;
  /** When each use was seen (polled), for placing injected 429s in the cycle. */
  usedAt: number[];
}
const injected: Injected[] = [];
function inject(kind: string, fault: Fault) {
  injected.push({ kind, status: fault.status ?? 'reset', asked: fault.times ?? 1, stored: emulator.injectFault(fault), usedAt: [] });
}
const used = (i: Injected) => i.asked - (i.stored.times ?? 0);
const watchFaults = setInterval(() => {
  for (const i of injected) while (i.usedAt.length < used(i)) i.usedAt.push(Date.now());
}, 10);

interface Step {
  atMs: number;
  /** The brief's letter for the kind of fault, in the report's by-second table. */
  label: string;
  fault: string;
  run(): void;
}
/** One cycle of faults, repeated every CYCLE_MS from the start of the load. */
const schedule: Step[] = [
  {
    atMs: 0,
    label: '',
    // Faults are events in time: without this, a gateway that backs off would meet a queue of faults growing without end.
    fault: "faults the last cycle's calls did not use are dropped (`emulator.clearFaults()`)",
    run: () => emulator.clearFaults(),
  },
  { atMs: 0, label: '(a)', fault: '(a) latency jump: `emulator.latencyMs = 2500`', run: () => (emulator.latencyMs = 2500) },
  { atMs: 3_000, label: '(a)', fault: '(a) latency back: `emulator.latencyMs = 0`', run: () => (emulator.latencyMs = 0) },
  {
    atMs: 4_000,
    label: '(b)',
    fault: '(b) 5xx burst, error word `server_error`: 5× 503, 1× 500, 1× 502, 1× 429, to the next calls',
    run: () => {
      for (const [status, times] of [[503, 5], [500, 1], [502, 1], [429, 1]] as const) inject('b', { status, error: 'server_error', times });
    },
  },
  {
    atMs: 5_500,
    label: '(c)',
    fault: '(c) connection resets: before and after handling of the next call; before and after handling of the next `POST /chatrooms` (a create)',
    run: () => {
      inject('c', { reset: 'before' });
      inject('c', { reset: 'after' });
      inject('c', { reset: 'before', method: 'POST', path: /^\/chatrooms$/ });
      inject('c', { reset: 'after', method: 'POST', path: /^\/chatrooms$/ });
    },
  },
  { atMs: 7_000, label: '(d)', fault: '(d) `emulator.revokeTokens()`: every app token refused from now on', run: () => emulator.revokeTokens() },
  {
    atMs: 8_500,
    label: '(e)',
    fault: '(e) 3× 429 `reach_limit` with `Retry-After: 1`, to the next calls (injected: counted apart from the real refusals)',
    run: () => inject('e', { status: 429, error: 'reach_limit', retryAfter: 1, times: 3 }),
  },
];

async function runSchedule(until: number) {
  for (let cycle = 0; ; cycle++) {
    for (const step of schedule) {
      const at = t0 + cycle * CYCLE_MS + step.atMs;
      if (at >= until) return;
      await sleep(Math.max(0, at - Date.now()));
      step.run();
    }
  }
}

// ---- the gateways, as production runs them -------------------------------------------------

interface Gateway {
  url: string;
  child: ChildProcess;
  peakRssMb: number;
  rssMb: number;
  /** Log lines at warn (40) and above. */
  warnings: number;
  tail: string;
  /** Peak RSS in each cycle of the schedule. */
  peakRssByCycle: number[];
  /** The pacer as /metrics showed it, twice a second. */
  pacer: { at: number; step: number; queued: number }[];
}

const gatewayArgs = [...nodeFlagsOf('serve'), 'dist/main.js'];

async function startGateway(env: Record<string, string>): Promise<Gateway> {
  const child = spawn(process.execPath, gatewayArgs, {
    cwd: root,
    // Built from scratch, so that no EASEMOB_* or REDIS_URL of this machine leaks in.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      EASEMOB_BASE_URL: emulator.url,
      EASEMOB_ORG: emulator.org,
      EASEMOB_APP: emulator.app,
      EASEMOB_CLIENT_ID: emulator.clientId,
      EASEMOB_CLIENT_SECRET: emulator.clientSecret,
      GATEWAY_API_KEYS: API_KEY,
      // One caller from one address: its own budgets must not be what refuses it.
      GATEWAY_CALLER_BUDGET: '1000000000',
      GATEWAY_IP_REQUESTS_PER_SECOND: '1000000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const gateway: Gateway = { url: '', child, peakRssMb: 0, rssMb: 0, warnings: 0, tail: '', peakRssByCycle: [], pacer: [] };
  const read = (d: Buffer) => {
    const text = d.toString();
    gateway.warnings += text.match(/"level":(4|5|6)0\b/g)?.length ?? 0;
    gateway.tail = (gateway.tail + text).slice(-4_000);
  };
  child.stdout!.on('data', read);
  child.stderr!.on('data', read);
  const until = Date.now() + 30_000;
  for (;;) {
    const match = /on (http:\/\/\S+\/graphql)/.exec(gateway.tail);
    if (match) {
      gateway.url = match[1]!.replace('localhost', '127.0.0.1');
      return gateway;
    }
    if (child.exitCode !== null || Date.now() > until) throw new Error(`the gateway did not start: ${gateway.tail}`);
    await sleep(50);
  }
}

function sampleRss(gateways: Gateway[]) {
  for (const g of gateways) {
    try {
      g.rssMb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${g.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
      g.peakRssMb = Math.max(g.peakRssMb, g.rssMb);
      const cycle = cycleOf(Date.now());
      g.peakRssByCycle[cycle] = Math.max(g.peakRssByCycle[cycle] ?? 0, g.rssMb);
    } catch {
      // gone: reported as not alive
    }
  }
}

/** The pacer's slowdown step and queue depth, from the gateway's own /metrics. */
async function samplePacer(gateways: Gateway[]) {
  await Promise.all(
    gateways.map(async (g) => {
      try {
        const text = await (await fetch(g.url.replace(/\/graphql$/, '/metrics'), { signal: AbortSignal.timeout(1_000) })).text();
        const gauge = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
        g.pacer.push({ at: Date.now(), step: gauge('easemob_pacer_slowdown_step'), queued: gauge('easemob_pacer_queue_depth') });
      } catch {
        // no answer this time
      }
    }),
  );
}

async function stopGateway(g: Gateway): Promise<string> {
  if (g.child.exitCode !== null || g.child.signalCode !== null) return `had exited (${g.child.exitCode ?? g.child.signalCode})`;
  const exited = new Promise<string>((resolve) => g.child.once('exit', (code, signal) => resolve(String(code ?? signal))));
  g.child.kill('SIGTERM');
  // The gateway's grace period is its operation deadline + 2 s; it exits 1 two seconds after that at the latest.
  const outcome = await Promise.race([exited, sleep(25_000).then(() => 'still running after 25 s: killed')]);
  g.child.kill('SIGKILL');
  return outcome;
}

// ---- the load ------------------------------------------------------------------------------

type Op = 'rooms' | 'room' | 'user' | 'create' | 'rename' | 'add' | 'remove';
const ops: Op[] = ['rooms', 'room', 'user', 'create', 'rename', 'add', 'remove'];

const documents: Record<Op, string> = {
  rooms: 'query SoakRooms { chatrooms(first: 20) { nodes { id name description members { username } } } }',
  room: 'query SoakRoom($id: ID!) { chatroom(id: $id) { id name description owner { username } members { username } admins { username } announcement } }',
  user: 'query SoakUser($username: String!) { user(username: $username) { joinedChatrooms { nodes { id name } } } }',
  create: 'mutation SoakCreate($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id name } } }',
  rename: 'mutation SoakRename($input: UpdateChatroomInput!) { updateChatroom(input: $input) { updated { name } chatroom { id } } }',
  add: 'mutation SoakAdd($input: ChatroomMembersInput!) { addChatroomMembers(input: $input) { results { username ok } } }',
  remove: 'mutation SoakRemove($input: ChatroomMembersInput!) { removeChatroomMembers(input: $input) { results { username ok reason } } }',
};

interface Answer {
  /** As the gateway sent it: read with optional chaining. */
  data: any;
  /** One per error: its extensions.code, or '' when it has none. */
  codes: string[];
  messages: string[];
}

interface OpStats {
  answers: number;
  ok: number;
  byCode: Map<string, number>;
  uncoded: number;
  noAnswer: Map<string, number>;
  ms: number[];
}
/** Answers in each cycle of the schedule: how the gateway fared over time. */
const timeline: { answers: number; ok: number; codes: Map<string, number> }[] = [];
const stats = new Map<Op, OpStats>(ops.map((op) => [op, { answers: 0, ok: 0, byCode: new Map(), uncoded: 0, noAnswer: new Map(), ms: [] }]));

let gateways: Gateway[] = [];
let turn = 0;

/** One GraphQL request, to the next replica in turn; undefined when no GraphQL answer came. */
async function ask(op: Op, variables: Record<string, unknown> = {}): Promise<Answer | undefined> {
  const url = gateways[turn++ % gateways.length]!.url;
  const started = performance.now();
  let answer: Answer;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ query: documents[op], variables }),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const body = JSON.parse(await res.text()) as { data?: unknown; errors?: { message?: string; extensions?: { code?: unknown } }[] };
    const errors = body.errors ?? [];
    answer = {
      data: body.data,
      codes: errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : '')),
      messages: errors.map((e) => String(e.message)),
    };
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const { noAnswer } = stats.get(op)!;
    noAnswer.set(why, (noAnswer.get(why) ?? 0) + 1);
    return undefined;
  }
  record(op, answer, performance.now() - started);
  return answer;
}

function record(op: Op, { codes }: Answer, ms: number) {
  const s = stats.get(op)!;
  const cycle = (timeline[cycleOf(Date.now())] ??= { answers: 0, ok: 0, codes: new Map() });
  s.answers++;
  cycle.answers++;
  s.ms.push(ms);
  if (!codes.length) {
    s.ok++;
    cycle.ok++;
  }
  if (codes.includes('')) s.uncoded++;
  for (const code of new Set(codes)) {
    if (code) s.byCode.set(code, (s.byCode.get(code) ?? 0) + 1);
    cycle.codes.set(code || 'no code', (cycle.codes.get(code || 'no code') ?? 0) + 1);
  }
}

async function reader(until: number) {
  while (Date.now() < until) {
    const r = Math.random();
    if (r < 0.4) await ask('rooms');
    else if (r < 0.75) await ask('room', { id: pick(seedRooms) });
    else await ask('user', { username: pick(demoUsers) });
    await sleep(Math.random() * THINK_MS);
  }
}

const ledger = new Ledger(prefix);

async function create(key: string, mine: OwnedRoom[]) {
  const [owner, ...members] = sample(demoUsers, 3) as [string, ...string[]];
  const answer = await ask('create', { input: { name: key, description: 'soak', owner, members, maxUsers: 100 } });
  const id: unknown = answer?.data?.createChatroom?.chatroom?.id;
  if (typeof id === 'string') {
    ledger.creates.push({ key, outcome: 'confirmed', id });
    const room: OwnedRoom = { id, key, owner, name: key, members: new Map(members.map((m) => [m, true])) };
    mine.push(room);
    ledger.rooms.push(room);
  } else if (!answer) {
    ledger.creates.push({ key, outcome: 'no answer' });
  } else {
    const i = answer.codes.indexOf('UPSTREAM_UNAVAILABLE');
    // The create's own words are "it may exist"; other writes say "it may have been applied".
    const unknown = i >= 0 && /may (have been applied|exist)/.test(answer.messages[i]!);
    ledger.creates.push({ key, outcome: unknown ? 'unknown' : 'refused', code: answer.codes[0] });
  }
}

async function rename(room: OwnedRoom, n: number) {
  const name = renamed(room.key, n);
  const answer = await ask('rename', { input: { id: room.id, name } });
  const updated: unknown = answer?.data?.updateChatroom?.updated?.name;
  // false: Easemob answered that it did not apply it; anything but an answer leaves the name unknown.
  if (updated === true) room.name = name;
  else if (updated !== false) room.name = undefined;
}

async function changeMembers(op: 'add' | 'remove', room: OwnedRoom) {
  const others = demoUsers.filter((u) => u !== room.owner);
  const present = [...room.members].filter(([, member]) => member).map(([u]) => u);
  const usernames = sample(op === 'remove' && present.length ? present : others, 1 + Math.floor(Math.random() * 2));
  const answer = await ask(op, { input: { id: room.id, usernames } });
  const results: unknown = answer?.data?.[op === 'add' ? 'addChatroomMembers' : 'removeChatroomMembers']?.results;
  for (const user of usernames) {
    const result = Array.isArray(results) ? (results as { username: string; ok: boolean; reason?: string }[]).find((r) => r.username === user) : undefined;
    if (result?.ok) room.members.set(user, op === 'add');
    // A removal retried after a cut answer meets a user already gone: a clear answer too.
    else if (op === 'remove' && /not a member/.test(result?.reason ?? '')) room.members.set(user, false);
    else room.members.delete(user);
  }
}

async function writer(w: number, until: number) {
  const mine: OwnedRoom[] = [];
  for (let n = 0; Date.now() < until; n++) {
    const r = Math.random();
    if (!mine.length || r < 0.4) await create(`${prefix}w${w}-${n}`, mine);
    else if (r < 0.6) await rename(pick(mine), n);
    else await changeMembers(r < 0.8 ? 'add' : 'remove', pick(mine));
    await sleep(Math.random() * THINK_MS);
  }
}

// ---- the run -------------------------------------------------------------------------------

let redis: RedisServer | undefined;
let rssTimer: NodeJS.Timeout | undefined;
let pacerTimer: NodeJS.Timeout | undefined;
let failed = false;
try {
  if (REPLICAS > 1) redis = await startRedisServer();
  const shared: Record<string, string> = redis ? { REDIS_URL: redis.url, GATEWAY_REPLICAS: String(REPLICAS), GATEWAY_REDIS_PREFIX: prefix } : {};
  gateways = await Promise.all(Array.from({ length: REPLICAS }, () => startGateway(shared)));
  rssTimer = setInterval(() => sampleRss(gateways), 50);
  pacerTimer = setInterval(() => void samplePacer(gateways), 500);

  const since = emulator.calls.length;
  t0 = Date.now();
  const until = t0 + SECONDS * 1000;
  console.log(`Soak: ${SECONDS} s, ${REPLICAS} replica(s), ${READERS} readers and ${WRITERS} writers; faults every ${CYCLE_MS / 1000} s…`);
  await Promise.all([
    runSchedule(until),
    ...Array.from({ length: READERS }, () => reader(until)),
    ...Array.from({ length: WRITERS }, (_, w) => writer(w, until)),
  ]);
  const loadEnd = Date.now();
  emulator.latencyMs = 0;
  emulator.clearFaults();
  clearInterval(watchFaults);
  clearInterval(pacerTimer);
  for (const i of injected) while (i.usedAt.length < used(i)) i.usedAt.push(loadEnd);
  sampleRss(gateways);
  const alive = gateways.map((g) => g.child.exitCode === null && g.child.signalCode === null);
  // A request this bench gave up on may still be at work in a gateway: let it end before counting rooms.
  if (ledger.creates.some((c) => c.outcome === 'no answer') && alive.some(Boolean)) await sleep(16_000);
  const writes = ledger.compare(emulator.store);
  clearInterval(rssTimer);
  const exits = await Promise.all(gateways.map(stopGateway));
  // The emulator logs a call when it answers, up to 2.5 s after it arrived (an upstream call
  // the gateway gave up on at its deadline may still be waiting): take every call that arrived
  // during the load once all have been answered.
  await sleep(Math.max(0, loadEnd + 3_000 - Date.now()));
  const calls = emulator.calls.slice(since).filter((c) => c.at <= loadEnd);

  failed = report({ calls, loadEnd, writes, alive, exits });
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  clearInterval(watchFaults);
  clearInterval(rssTimer);
  clearInterval(pacerTimer);
  for (const g of gateways) g.child.kill('SIGKILL');
  await redis?.stop();
  await emulator.close();
}
process.exit(failed ? 1 : 0);

// ---- the report ----------------------------------------------------------------------------

function report({
  calls,
  loadEnd,
  writes,
  alive,
  exits,
}: {
  calls: CallRecord[];
  loadEnd: number;
  writes: ReturnType<Ledger['compare']>;
  alive: boolean[];
  exits: string[];
}): boolean {
  const table = (head: string[], rows: (string | number)[][]) =>
    [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const seconds = (loadEnd - t0) / 1000;
  const byStatus = (some: CallRecord[]) => {
    const counts = new Map<number, number>();
    for (const c of some) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`).join(', ') || 'none';
  };
  const up = summarize(calls);
  const secondOfCycle = (at: number) => Math.floor(((at - t0) % CYCLE_MS) / 1000);

  // Real refusals: every 429 the emulator answered, less the injected 429s it used. Exact
  // in total; by second of the cycle, an injected one is placed where it was seen used (±10 ms).
  const injected429 = injected.filter((i) => i.status === 429);
  const injected429Used = injected429.reduce((n, i) => n + used(i), 0);
  // Token requests too: they share the emulator's budget, and an injected fault can hit one.
  const all429 = calls.filter((c) => c.status === 429).length;
  const refusedForRate = all429 - injected429Used;
  const buckets = Array.from({ length: CYCLE_MS / 1000 }, () => ({ calls: 0, all429: 0, injected429: 0 }));
  for (const c of calls) {
    const b = buckets[secondOfCycle(c.at)]!;
    b.calls++;
    if (c.status === 429) b.all429++;
  }
  for (const i of injected429) for (const at of i.usedAt) buckets[secondOfCycle(at)]!.injected429++;
  const pacer = Array.from({ length: CYCLE_MS / 1000 }, () => ({ samples: 0, step: 0, queued: 0 }));
  for (const g of gateways) {
    for (const x of g.pacer.filter((x) => x.at < loadEnd && Number.isFinite(x.step))) {
      const b = pacer[secondOfCycle(x.at)]!;
      b.samples++;
      b.step += x.step;
      b.queued += x.queued;
    }
  }
  const mean = (total: number, n: number) => (n ? (total / n).toFixed(1) : '-');
  const samples = gateways.flatMap((g) => g.pacer.filter((x) => x.at < loadEnd && Number.isFinite(x.step)));
  const stepShare = [0, 1, 2, 3].map((step) => `${step}: ${samples.length ? Math.round((100 * samples.filter((x) => x.step === step).length) / samples.length) : 0}%`);

  // The busiest second again, to say when it was.
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  let busiest = { n: 0, at: t0 };
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= 1000) i++;
    if (j - i + 1 > busiest.n) busiest = { n: j - i + 1, at: times[i]! };
  }

  const stepAt = new Map<number, string>();
  for (const s of schedule) stepAt.set(Math.floor(s.atMs / 1000), [stepAt.get(Math.floor(s.atMs / 1000)), s.label].filter(Boolean).join(' '));
  const latencyHigh = (sec: number) => sec < 3;

  const out: string[] = [];
  const p = (...lines: string[]) => out.push(...lines);
  const command = `${REPLICAS > 1 ? `SOAK_REPLICAS=${REPLICAS} ` : ''}${process.env.SOAK_SECONDS ? `SOAK_SECONDS=${SECONDS} ` : ''}npm run bench:soak`;
  p(
    '',
    `## Soak under faults: ${SECONDS} s, ${REPLICAS} replica${REPLICAS > 1 ? 's sharing one redis-server' : ''}`,
    '',
    `\`${command}\`: one run on this machine (${availableParallelism()} cores, Node.js ${process.version}), ${new Date().toISOString().slice(0, 10)}.`,
    `Gateway: \`NODE_ENV=production node ${gatewayArgs.join(' ')}\` (LOG_LEVEL=warn, one API key, the caller budget and per-IP rate lifted)` +
      `${REPLICAS > 1 ? `, ${REPLICAS} replicas with REDIS_URL and GATEWAY_REPLICAS=${REPLICAS}, requests round-robin` : ''}.`,
    `Upstream: the emulator in the bench process, ${RATE} calls/s for all calls together (token requests included), 429 \`reach_limit\` past it; ${seedRooms.length} demo rooms.`,
    `Load: ${READERS} reader loops (40% \`chatrooms(first: 20)\` with members, 35% \`chatroom(id)\` with admins and announcement, 25% \`user.joinedChatrooms\`) and ` +
      `${WRITERS} writer loops (40% \`createChatroom\` with a unique name and 2 members, 20% rename, 20% add, 20% remove members, each on its own rooms); ` +
      `closed loops, 0-${THINK_MS} ms think time, ${CLIENT_TIMEOUT_MS / 1000} s client timeout. Load ran ${seconds.toFixed(0)} s (the last answers included).`,
    '',
    `Faults, every ${CYCLE_MS / 1000} s from the start of the load (${Math.ceil((SECONDS * 1000) / CYCLE_MS)} cycles); ` +
      'an injected fault goes to the next call(s) the emulator gets:',
    '',
    table(
      ['at', 'fault'],
      schedule.map((s) => [`${(s.atMs / 1000).toFixed(1)} s`, s.fault]),
    ),
    '',
    '### Upstream, as the emulator saw it',
    '',
    table(
      ['', ''],
      [
        ['API calls (token requests aside)', `${up.apiCalls} (${(up.apiCalls / seconds).toFixed(1)}/s)`],
        ['token requests, by status', `${up.tokenCalls} (${byStatus(calls.filter((c) => c.token))})`],
        ['API answers by status (0: connection cut)', byStatus(calls.filter((c) => !c.token))],
        ['**refused for the rate** (429 `reach_limit` from the emulator\'s own limit, token requests included)', `**${refusedForRate}**`],
        [
          'injected 429s used',
          `${injected429Used} (${['b', 'e'].map((k) => `${k}: ${injected429.filter((i) => i.kind === k).reduce((n, i) => n + used(i), 0)}`).join(', ')})`,
        ],
        [
          'busiest second (every call: token requests and injected faults included)',
          `**${up.peakPerSecond}** (limit ${RATE}), from ${((busiest.at - t0) / 1000).toFixed(1)} s (second ${secondOfCycle(busiest.at)} of its cycle)`,
        ],
        [
          'injected faults used / injected (the rest dropped unused at the end of their cycle)',
          `${injected.reduce((n, i) => n + used(i), 0)} / ${injected.reduce((n, i) => n + i.asked, 0)}`,
        ],
      ],
    ),
    '',
    'By second of the cycle, all cycles together (refusals placed by when the injected 429s were seen used, ±10 ms):',
    '',
    table(
      ['second', 'fault at its start', 'latency', 'calls', 'refused for the rate', 'pacer slowdown step (mean)', 'pacer queue (mean)'],
      buckets.map((b, sec) => [
        sec,
        stepAt.get(sec) ?? '',
        latencyHigh(sec) ? '2500 ms' : '0',
        b.calls,
        Math.max(0, b.all429 - b.injected429),
        mean(pacer[sec]!.step, pacer[sec]!.samples),
        mean(pacer[sec]!.queued, pacer[sec]!.samples),
      ]),
    ),
    '',
    `The pacer's slowdown step (\`easemob_pacer_slowdown_step\`, 0 = full rate, 3 = a quarter), share of ${samples.length} samples of /metrics: ${stepShare.join(', ')}; ` +
      `its queue at most ${samples.length ? Math.max(...samples.map((x) => x.queued)) : '-'} calls.`,
    '',
    `By cycle (${CYCLE_MS / 1000} s each), to see whether the gateway drifts or gets stuck:`,
    '',
    table(
      ['cycle', 'from', 'answers', 'ok', 'most frequent errors', 'API calls', 'of which 2xx', 'refused for the rate', 'pacer step (mean)', 'peak RSS MB'],
      Array.from({ length: Math.ceil((loadEnd - t0) / CYCLE_MS) }, (_, c) => {
        const answers = timeline[c] ?? { answers: 0, ok: 0, codes: new Map<string, number>() };
        const inCycle = calls.filter((x) => cycleOf(x.at) === c);
        const api = inCycle.filter((x) => !x.token);
        const injectedHere = injected429.reduce((n, i) => n + i.usedAt.filter((at) => cycleOf(at) === c).length, 0);
        const steps = samples.filter((x) => cycleOf(x.at) === c);
        return [
          c + 1,
          `${(c * CYCLE_MS) / 1000} s`,
          answers.answers,
          answers.ok,
          [...answers.codes].sort(([, a], [, b]) => b - a).slice(0, 2).map(([code, n]) => `${code} ${n}`).join(', '),
          api.length,
          api.filter((x) => x.status >= 200 && x.status < 300).length,
          Math.max(0, inCycle.filter((x) => x.status === 429).length - injectedHere),
          mean(steps.reduce((n, x) => n + x.step, 0), steps.length),
          gateways.map((g) => (g.peakRssByCycle[c] ?? 0).toFixed(0)).join(' / '),
        ];
      }),
    ),
    '',
    '### GraphQL answers',
    '',
  );
  const codes = [...new Set(ops.flatMap((op) => [...stats.get(op)!.byCode.keys()]))].sort();
  const sum = (f: (s: OpStats) => number) => ops.reduce((n, op) => n + f(stats.get(op)!), 0);
  const row = (label: string, f: (s: OpStats) => number | string, total?: number | string) => [label, ...ops.map((op) => f(stats.get(op)!)), total ?? ''];
  const ms = (q: number) => (s: OpStats) => percentile([...s.ms].sort((a, b) => a - b), q).toFixed(0);
  const noAnswer = (s: OpStats) => [...s.noAnswer.values()].reduce((a, b) => a + b, 0);
  const uncoded = sum((s) => s.uncoded);
  p(
    table(
      ['answers', ...ops, 'total'],
      [
        row('all', (s) => s.answers, sum((s) => s.answers)),
        row('ok (no error)', (s) => s.ok, sum((s) => s.ok)),
        ...codes.map((code) => row(`\`${code}\``, (s) => s.byCode.get(code) ?? 0, sum((s) => s.byCode.get(code) ?? 0))),
        row('**an error without `extensions.code`**', (s) => s.uncoded, `**${uncoded}**`),
        row('no GraphQL answer', noAnswer, sum(noAnswer)),
        row('p50 ms', ms(50)),
        row('p99 ms', ms(99)),
        row('answers/s', (s) => (s.answers / seconds).toFixed(1), (sum((s) => s.answers) / seconds).toFixed(1)),
      ],
    ),
    '',
    'An answer with errors of several codes counts once under each.',
  );
  const reasons = new Map<string, number>();
  for (const s of stats.values()) for (const [why, n] of s.noAnswer) reasons.set(why, (reasons.get(why) ?? 0) + n);
  if (reasons.size) p('', `No GraphQL answer: ${[...reasons].map(([why, n]) => `${n}× ${why}`).join('; ')}.`);

  const w = writes;
  const broken = {
    'confirmed creates missing': w.confirmedLost,
    'creates whose room exists more than once': w.doubled,
    'creates answered as not applied that exist': w.refusedButExist,
    'rooms of this run no writer asked for': w.unexplained,
    'room names held by more than one room (all rooms)': w.duplicateNames,
    [`confirmed renames not in the store (of ${w.namesChecked} rooms with a known name)`]: w.renamesLost,
    [`confirmed member changes not in the store (of ${w.membersChecked} memberships with a clear answer)`]: w.membersWrong,
  };
  p(
    '',
    '### Writes: what the writers were told, against the emulator\'s store',
    '',
    table(
      ['creates sent', 'confirmed (id returned)', '`UPSTREAM_UNAVAILABLE`, may have been applied', '… of which exist (once)', 'refused (another error)', 'no answer'],
      [[w.creates, w.byOutcome.confirmed!, w.byOutcome.unknown!, w.unknownApplied, w.byOutcome.refused!, w.byOutcome['no answer']!]],
    ),
    '',
    table(
      ['lost or doubled', 'count', 'must be'],
      Object.entries(broken).map(([what, n]) => [what, n ? `**${n}**` : n, 0]),
    ),
    '',
    '### Memory and life',
    '',
    table(
      ['replica', 'peak RSS MB', 'RSS at the end MB', 'alive at the end', 'exit after SIGTERM', 'log lines at warn or above'],
      gateways.map((g, i) => [i + 1, g.peakRssMb.toFixed(0), g.rssMb.toFixed(0), alive[i] ? 'yes' : '**no**', exits[i]!, g.warnings]),
    ),
  );
  for (const [i, g] of gateways.entries()) if (!alive[i]) p('', `Replica ${i + 1} ended; its last output:`, '```', g.tail.slice(-1_500), '```');

  const failures = [
    ...(uncoded ? [`${uncoded} answers with an error without extensions.code`] : []),
    ...Object.entries(broken).flatMap(([what, n]) => (n ? [`${n} ${what}`] : [])),
    ...(alive.every(Boolean) ? [] : ['a gateway died']),
  ];
  p(
    '',
    failures.length
      ? `**Invariants broken:** ${failures.join('; ')}.`
      : 'Invariants held: every error had a code, no write was lost or doubled, every gateway stayed up.',
    `Refused for the rate: ${refusedForRate} (measured, not judged: the goal is 0); busiest second ${up.peakPerSecond} against a limit of ${RATE}.`,
    '',
  );
  console.log(out.join('\n'));
  return failures.length > 0;
}
