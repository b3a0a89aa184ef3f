/** Starts the emulator and the systems under test as processes of their own. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { freePort } from '../scripts/redis-server.js';

const root = new URL('..', import.meta.url);
const credentials = { EASEMOB_CLIENT_ID: 'bench-client', EASEMOB_CLIENT_SECRET: 'bench-secret' };
/** The same credentials, as the emulator is told what to accept. */
const accepted = { EMULATOR_CLIENT_ID: credentials.EASEMOB_CLIENT_ID, EMULATOR_CLIENT_SECRET: credentials.EASEMOB_CLIENT_SECRET };

/**
 * Starts `command` (Node by default) in a process group of its own, so that its CPU and memory
 * are counted with its children's (the Tailcall peer is a shell script and the server it starts).
 */
function start(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  command = process.execPath,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(command, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start: ${out}`)), 30_000);
    const watch = (d: Buffer) => {
      out += d;
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        // From now on the output (the gateway's log lines) is drained unread: scanning it
        // cost this process, the load generator's, more CPU the more the target logged.
        child.stdout!.off('data', watch);
        child.stdout!.resume();
        resolve({ child, match });
      }
    };
    child.stdout!.on('data', watch);
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
}

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export async function startEmulator({ latencyMs, limit }: { latencyMs: number; limit: boolean }) {
  const { child, match } = await start(
    ['--import', 'tsx', 'src/emulator/main.ts'],
    {
      ...accepted,
      EMULATOR_PORT: '0',
      EMULATOR_LATENCY_MS: String(latencyMs),
      EMULATOR_RATE_LIMIT: limit ? '30' : '0',
      EMULATOR_ROOMS: '200',
    },
    /EASEMOB_BASE_URL=(\S+) EASEMOB_ORG=(\S+) EASEMOB_APP=(\S+)/,
  );
  const [, url, org, app] = match as unknown as [string, string, string, string];
  const appUrl = `${url}/${org}/${app}`;
  return {
    url,
    org,
    app,
    appUrl,
    async stats(): Promise<{ apiCalls: number; byStatus: Record<string, number>; peakPerSecond: number }> {
      return (await fetch(`${url}/__emulator/stats`)).json() as never;
    },
    async reset() {
      await fetch(`${url}/__emulator/reset`, { method: 'POST' });
    },
    async token(): Promise<string> {
      const res = await fetch(`${appUrl}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials', client_id: credentials.EASEMOB_CLIENT_ID, client_secret: credentials.EASEMOB_CLIENT_SECRET }),
      });
      return ((await res.json()) as { access_token: string }).access_token;
    },
    // SIGTERM lets the gateway shut down (and write a CPU profile when asked).
    stop: () => stopGroup(child),
  };
}

/** Ends a process started by `start`, with its group. */
function stopGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // Gone already.
  }
}

/** The processes of `group` (a process group id), as /proc tells them: CPU seconds (user + system) and RSS in pages. */
function groupUsage(group: number): { cpuSeconds: number; rssPages: number } {
  let ticks = 0;
  let rssPages = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // After the command name (in parentheses, which may hold anything): state, ppid, pgrp, … utime (12th), stime, …, rss (22nd).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== group) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
    rssPages += Number(fields[21]);
  }
  // Linux counts CPU time in clock ticks of 1/100 s (USER_HZ) and memory in 4 KiB pages, on the machines this runs on.
  return { cpuSeconds: ticks / 100, rssPages };
}

export interface Target {
  name: string;
  /** Scenarios this target runs in; all when absent. */
  only?: string[];
  args: string[];
  env?: Record<string, string>;
  /** What it prints once it serves, its port in the first group; absent: it serves on the port it is given, polled. */
  ready?: RegExp;
  /** The program, when not Node. */
  command?: string;
  /** Its GraphQL path. */
  path?: string;
  /** Its cursors are Easemob's own (the peers): the scenarios' variants say so. */
  peer?: boolean;
}

/** The Node flags of a package.json script (`npm run serve`, `npm start`): the bench runs what users run. */
export function nodeFlagsOf(script: 'serve' | 'start', dir = root.pathname): string[] {
  const scripts = (JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
  return scripts[script]!.match(/--max-[\w-]+=\d+/g) ?? [];
}

/**
 * A gateway target: the compiled build as `npm run serve` runs it (`npm run bench` builds
 * first); `measuring`, options no environment variable sets (bench/variant.mjs).
 */
const gateway = (name: string, env: Record<string, string> = {}, only?: string[], measuring?: object): Target => ({
  name,
  only,
  args: [
    ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=bench/results/profiles'] : []),
    ...nodeFlagsOf('serve'),
    ...(measuring ? ['bench/variant.mjs', JSON.stringify(measuring)] : ['dist/main.js']),
  ],
  env: {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    GATEWAY_ALLOW_ANONYMOUS: 'true',
    // The load comes from one address and one anonymous caller: lift the per-caller limits.
    GATEWAY_IP_REQUESTS_PER_SECOND: '1000000000',
    GATEWAY_CALLER_BUDGET: '1000000000',
    ...env,
  },
  ready: /on http:\/\/[^:]+:(\d+)\/graphql/,
});

export const targets: Target[] = [
  gateway('gateway'),
  // The price limit lifted too: without batching a page of 50 costs 51 calls, over the default 30.
  gateway('gateway, no batching/sharing', { GATEWAY_MAX_UPSTREAM_CALLS: '1000' }, undefined, {
    coalesce: false,
    policy: { batchDetails: false, shareReads: false },
  }),
  { name: 'apollo', args: ['bench/peers/apollo/server.mjs'], ready: /Apollo peer on http:\/\/[^:]+:(\d+)\//, path: '/', peer: true },
  gateway('gateway + 1 s cache', { EASEMOB_CACHE_TTL_MS: '1000' }, ['hotRoom', 'page50']),
  // Whole answers kept 1 s (issue 25): a query asked again is not executed.
  gateway('gateway + response cache', { GATEWAY_RESPONSE_CACHE_TTL_MS: '1000' }, ['hotRoom', 'page50', 'summaryPage', 'randomRoom']),
  gateway('gateway without graphql-jit', {}, ['page50', 'joinedDetails'], { jit: false }),
  // Not a peer: what Node itself costs for the same upstream calls and the same JSON, with no GraphQL at all.
  {
    name: 'node floor (no GraphQL)',
    only: ['randomRoom', 'randomPage50'],
    args: ['bench/peers/floor/server.mjs'],
    ready: /Node floor on http:\/\/[^:]+:(\d+)\//,
    peer: true,
  },
  // Not a peer either: the same calls through graphql-yoga with nothing added, the floor under any gateway built on it.
  {
    name: 'yoga floor (no plugins)',
    only: ['randomRoom', 'randomPage50'],
    args: ['bench/peers/floor/yoga.mjs'],
    env: { NODE_ENV: 'production' },
    ready: /yoga floor on http:\/\/[^:]+:(\d+)\//,
    peer: true,
  },
];

/**
 * Where the Tailcall peer is set up to run: a copy of ../shared/peers/tailcall (or
 * BENCH_TAILCALL_DIR) in a writable place, its npm package installed; undefined when the peer is
 * not on this machine. run.sh patches a copy of the binary where the glibc is older than it needs.
 */
export function tailcallPeer(install: (from: string, to: string) => void): Target | undefined {
  const from = process.env.BENCH_TAILCALL_DIR ?? new URL('../shared/peers/tailcall/', root).pathname;
  if (!existsSync(`${from}/run.sh`)) return undefined;
  const to = new URL('node_modules/.cache/tailcall-peer/', root).pathname;
  install(from, to);
  return { name: 'tailcall', command: 'bash', args: [`${to}run.sh`], env: { TC_LOG_LEVEL: 'error' }, path: '/graphql', peer: true };
}

export async function startTarget(target: Target, emulator: Emulator, limit: boolean) {
  // Against an upstream without a limit, the gateway's own pacing is lifted too; against
  // the 30/s limit it keeps its defaults, which are made for exactly that.
  const pacing: Record<string, string> = limit ? {} : { EASEMOB_RATE_LIMIT: '1000000', EASEMOB_RATE_BURST: '1000000' };
  const given = target.ready ? 0 : await freePort();
  const env = { ...credentials, ...pacing, ...target.env, PORT: String(given), EASEMOB_BASE_URL: emulator.url, EASEMOB_ORG: emulator.org, EASEMOB_APP: emulator.app };
  const { child, port } = target.ready
    ? await start(target.args, env, target.ready, target.command).then(({ child, match }) => ({ child, port: Number(match[1]) }))
    : { child: await startPolled(target, env, given), port: given };
  const url = `http://127.0.0.1:${port}${target.path ?? '/graphql'}`;
  const usage = () => groupUsage(child.pid!);
  return {
    url,
    child,
    rssMb: () => Math.round((usage().rssPages * 4096) / 2 ** 20),
    /** CPU seconds its processes have used so far. */
    cpuSeconds: () => usage().cpuSeconds,
    // SIGTERM lets the gateway shut down (and write a CPU profile when asked).
    stop: () => stopGroup(child),
  };
}

/** Starts a target that prints nothing when ready: it serves once a GraphQL request to `port` is answered. */
async function startPolled(target: Target, env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(target.command ?? process.execPath, target.args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    // Its output is drained unread, as the gateway's logs are.
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${target.name} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}${target.path ?? '/graphql'}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      });
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stopGroup(child);
  throw new Error(`${target.name} did not start within 60 s`);
}
