/** Starts the emulator and the systems under test as processes of their own. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const credentials = { EASEMOB_CLIENT_ID: 'bench-client', EASEMOB_CLIENT_SECRET: 'bench-secret' };
/** The same credentials, as the emulator is told what to accept. */
const accepted = { EMULATOR_CLIENT_ID: credentials.EASEMOB_CLIENT_ID, EMULATOR_CLIENT_SECRET: credentials.EASEMOB_CLIENT_SECRET };

function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
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
    stop: () => child.kill('SIGTERM'),
  };
}

export interface Target {
  name: string;
  /** Scenarios this target runs in; all when absent. */
  only?: string[];
  args: string[];
  env?: Record<string, string>;
  ready: RegExp;
}

/** The Node flags of a package.json script (`npm run serve`, `npm start`): the bench runs what users run. */
export function nodeFlagsOf(script: 'serve' | 'start'): string[] {
  const scripts = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> }).scripts;
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
  { name: 'apollo', args: ['bench/peers/apollo/server.mjs'], ready: /Apollo peer on http:\/\/[^:]+:(\d+)\// },
  gateway('gateway + 1 s cache', { EASEMOB_CACHE_TTL_MS: '1000' }, ['hotRoom', 'page50']),
  gateway('gateway without graphql-jit', {}, ['page50', 'joinedDetails'], { jit: false }),
];

export async function startTarget(target: Target, emulator: Emulator, limit: boolean) {
  // Against an upstream without a limit, the gateway's own pacing is lifted too; against
  // the 30/s limit it keeps its defaults, which are made for exactly that.
  const pacing: Record<string, string> = limit ? {} : { EASEMOB_RATE_LIMIT: '1000000', EASEMOB_RATE_BURST: '1000000' };
  const { child, match } = await start(
    target.args,
    { ...credentials, ...pacing, ...target.env, PORT: '0', EASEMOB_BASE_URL: emulator.url, EASEMOB_ORG: emulator.org, EASEMOB_APP: emulator.app },
    target.ready,
  );
  const port = match[1]!;
  const url = target.name === 'apollo' ? `http://127.0.0.1:${port}/` : `http://127.0.0.1:${port}/graphql`;
  return {
    url,
    child,
    rssMb: () => {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      return kb ? Math.round(Number(kb) / 1024) : 0;
    },
    // SIGTERM lets the gateway shut down (and write a CPU profile when asked).
    stop: () => child.kill('SIGTERM'),
  };
}
