/**
 * A/B of two builds of the gateway on one emulator, runs alternating so that the machine's
 * drift hits both alike: `tsx bench/compare.ts <dir A> <dir B>`, each a checkout with `dist/`
 * built (e.g. `git worktree add /tmp/a <commit> && (cd /tmp/a && npm ci && npm run build)`).
 * BENCH_ONLY (scenario names), BENCH_DURATION (s per run, 8), BENCH_ROUNDS (2).
 */
import { spawn } from 'node:child_process';
import { drive } from './load.js';
import { startEmulator } from './processes.js';
import { scenarios } from './scenarios.js';

const dirs = process.argv.slice(2);
if (dirs.length !== 2) throw new Error('usage: tsx bench/compare.ts <dir A> <dir B>');
const only = process.env.BENCH_ONLY?.split(',') ?? ['page50', 'hotRoom'];
const seconds = Number(process.env.BENCH_DURATION ?? 8);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);

const emulator = await startEmulator({ latencyMs: 20, limit: false });

async function startGateway(dir: string) {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      GATEWAY_ALLOW_ANONYMOUS: 'true',
      // One anonymous caller on loopback, an upstream without a limit: lift what would throttle it.
      GATEWAY_IP_REQUESTS_PER_SECOND: '1000000000',
      GATEWAY_CALLER_BUDGET: '1000000000',
      EASEMOB_RATE_LIMIT: '1000000',
      EASEMOB_RATE_BURST: '1000000',
      EASEMOB_CLIENT_ID: 'bench-client',
      EASEMOB_CLIENT_SECRET: 'bench-secret',
      EASEMOB_BASE_URL: emulator.url,
      EASEMOB_ORG: emulator.org,
      EASEMOB_APP: emulator.app,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  while (!/on http:\/\/[^:]+:(\d+)/.test(out)) await new Promise((r) => setTimeout(r, 50));
  return { dir, child, url: `http://127.0.0.1:${/on http:\/\/[^:]+:(\d+)/.exec(out)![1]}/graphql` };
}

const targets = [await startGateway(dirs[0]!), await startGateway(dirs[1]!)];
console.log('| scenario | build | ok ops/s | p50 ms | p99 ms |\n|---|---|---|---|---|');
for (const scenario of scenarios.filter((s) => only.includes(s.name))) {
  for (const t of targets) await drive(t.url, scenario, 1, 1); // warm up
  for (let round = 0; round < rounds; round++) {
    for (const t of targets) {
      const r = await drive(t.url, scenario, 20, seconds);
      console.log(`| ${scenario.name} | ${t.dir} | ${r.okPerSecond.toFixed(0)} | ${r.p50} | ${r.p99} |`);
    }
  }
}
for (const t of targets) t.child.kill();
emulator.stop();
