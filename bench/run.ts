/**
 * `npm run bench`: every scenario against every target (the gateway, its variants, the Apollo
 * peer, and the Tailcall peer when ../shared/peers/tailcall is on this machine), one after
 * another, each against a fresh emulator in its own process; prints the table and rewrites the
 * results part of BENCHMARKS.md and bench/results/chart.svg.
 *
 * Connections are enough that upstream latency does not bound the result: 200 at 20 ms, 64 at
 * 0 ms (20 connections at 20 ms a call bound any gateway at 500-1,000 ops/s). Each target is
 * warmed up 2 s at full load, then measured 6 s; CPU per answered operation is its process
 * group's user + system time over the measured run, from /proc.
 *
 * With a redis-server on this machine, the gateway also runs on every core (GATEWAY_WORKERS=auto,
 * sharing through it). `node floor (no GraphQL)` and `yoga floor (no plugins)` are not peers:
 * bench/peers/floor/ (what Node, and yoga, cost for the same upstream calls and JSON).
 *
 * Knobs: BENCH_DURATION (s measured, 6), BENCH_WARMUP (s, 2), BENCH_CONNECTIONS (one count for
 * every scenario instead), BENCH_LATENCY_MS (20), BENCH_SOAK_SECONDS (60), BENCH_ONLY
 * (comma-separated scenario names), BENCH_TAILCALL_DIR (the peer elsewhere).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { type Scenario, scenarios } from './scenarios.js';
import { connectionsAt, drive, type Measured, measureRun } from './load.js';
import { nodeFlagsOf, startEmulator, startTarget, tailcallPeer, type Target, targets } from './processes.js';
import { chart } from './chart.js';
import { redisServerInstalled, startRedisServer } from '../scripts/redis-server.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 6);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 20);
/** The soak and the low-load run keep the old closed loop: what a replica serves at a steady 20 clients. */
const SOAK_CONNECTIONS = 20;
const SOAK = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
const only = process.env.BENCH_ONLY?.split(',');
const root = new URL('..', import.meta.url);

export interface Row extends Measured {
  scenario: string;
  target: string;
  limit: boolean;
  latencyMs: number;
  callsPerOp: number;
  peakPerSecond: number;
  rejectedUpstream: number;
  rssMb: number;
  connections: number;
}

const apolloDir = new URL('./peers/apollo/', import.meta.url);
if (!existsSync(new URL('node_modules', apolloDir))) {
  console.log('installing the Apollo peer (bench/peers/apollo)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: apolloDir, stdio: 'inherit' });
}
// The Tailcall peer, when this machine has it: copied where it may write, its pinned package installed once.
const tailcall = tailcallPeer((from, to) => {
  if (existsSync(`${to}node_modules`)) return;
  console.log(`installing the Tailcall peer (${from})…`);
  cpSync(from, to, { recursive: true });
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: to, stdio: 'inherit' });
});
// Every core (GATEWAY_WORKERS=auto, as `npm run serve` sets it), when this machine has a redis-server for the workers to share through.
const redis = redisServerInstalled() ? await startRedisServer() : undefined;
const everyCore = (name: string, env: Record<string, string> = {}, only?: string[]): Target => ({
  ...targets[0]!,
  name,
  only,
  env: { ...targets[0]!.env, REDIS_URL: redis!.url, GATEWAY_WORKERS: 'auto', ...env },
});
const workerTargets = redis
  ? [everyCore('gateway, every core'), everyCore('gateway, every core + response cache', { GATEWAY_RESPONSE_CACHE_TTL_MS: '1000' }, ['hotRoom', 'page50', 'summaryPage', 'randomRoom'])]
  : [];
const allTargets = [...targets.slice(0, 3), ...(tailcall ? [tailcall] : []), ...workerTargets, ...targets.slice(3)];

async function measure(scenario: Scenario, target: Target, limit: boolean): Promise<Row> {
  const latencyMs = scenario.latencyMs ?? LATENCY;
  const connections = connectionsAt(latencyMs);
  const emulator = await startEmulator({ latencyMs, limit });
  const server = await startTarget(target, emulator, limit);
  try {
    const load = await measureRun(server, scenario, connections, {
      warmUpSeconds: WARMUP,
      seconds: DURATION,
      peer: target.peer,
      afterWarmUp: () => emulator.reset(),
    });
    const stats = await emulator.stats();
    const rejectedUpstream = (stats.byStatus['503'] ?? 0) + (stats.byStatus['429'] ?? 0);
    return {
      scenario: scenario.name,
      target: target.name,
      limit,
      latencyMs,
      ...load,
      callsPerOp: load.responses ? stats.apiCalls / load.responses : 0,
      peakPerSecond: stats.peakPerSecond,
      rejectedUpstream,
      rssMb: server.rssMb(),
      connections,
    };
  } finally {
    server.stop();
    emulator.stop();
  }
}

/** RSS of the gateway under page50 load, sampled every 5 s, as `command` runs it (its Node flags included). */
async function soak(command: 'npm run serve' | 'npm start'): Promise<{ command: string; okPerSecond: number; samples: number[] }> {
  const emulator = await startEmulator({ latencyMs: LATENCY, limit: false });
  const target =
    command === 'npm start'
      ? { ...targets[0]!, args: [...nodeFlagsOf('start'), '--import', 'tsx', 'src/main.ts'] }
      : targets[0]!;
  const server = await startTarget(target, emulator, false);
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(server.rssMb()), 5000);
  try {
    const load = await drive(server.url, scenarios.find((s) => s.name === 'page50')!, SOAK_CONNECTIONS, SOAK);
    samples.push(server.rssMb());
    return { command, okPerSecond: load.okPerSecond, samples };
  } finally {
    clearInterval(timer);
    server.stop();
    emulator.stop();
  }
}

/** The gateway's own latency at low load: page50 through it, against the two REST calls by hand. */
async function overhead(): Promise<{ gatewayP50: number; directP50: number }> {
  const emulator = await startEmulator({ latencyMs: LATENCY, limit: false });
  const server = await startTarget(targets[0]!, emulator, false);
  try {
    const page50 = scenarios.find((s) => s.name === 'page50')!;
    await drive(server.url, page50, 1, 1);
    const gateway = await drive(server.url, page50, 1, 5);
    const token = await emulator.token();
    const direct: number[] = [];
    const headers = { authorization: `Bearer ${token}` };
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      const started = performance.now();
      const list = (await (await fetch(`${emulator.appUrl}/chatrooms?limit=50`, { headers })).json()) as { data: { id: string }[] };
      const ids = list.data.map((r) => r.id).join('%2C');
      await (await fetch(`${emulator.appUrl}/chatrooms/${ids}`, { headers })).json();
      direct.push(performance.now() - started);
    }
    direct.sort((a, b) => a - b);
    return { gatewayP50: gateway.p50, directP50: direct[Math.floor(direct.length / 2)]! };
  } finally {
    server.stop();
    emulator.stop();
  }
}

const rows: Row[] = [];
for (const scenario of scenarios.filter((s) => !only || only.includes(s.name))) {
  for (const limit of [false, true]) {
    for (const target of allTargets.filter((t) => !t.only || t.only.includes(scenario.name))) {
      const row = await measure(scenario, target, limit);
      rows.push(row);
      console.log(
        `${row.scenario.padEnd(14)} limit ${limit ? 'on ' : 'off'} ${row.target.padEnd(22)} ${row.okPerSecond.toFixed(1).padStart(8)} ok/s  ` +
          `cpu ${row.cpuMsPerOp.toFixed(3)} ms/op  p50 ${row.p50.toFixed(1)} ms  p99 ${row.p99.toFixed(1)} ms  ${row.callsPerOp.toFixed(2)} calls/op  ` +
          `peak ${row.peakPerSecond}/s  503/429 ${row.rejectedUpstream}  rss ${row.rssMb} MB`,
      );
    }
  }
}
const soaks = only ? [] : [await soak('npm run serve'), await soak('npm start')];
const low = only ? undefined : await overhead();
for (const s of soaks) console.log(`soak (page50, ${SOAK} s, ${s.command}) ${s.okPerSecond.toFixed(0)} ok/s, RSS MB: ${s.samples.join(' ')}`);
if (low) console.log(`low load page50 p50: gateway ${low.gatewayP50.toFixed(1)} ms, direct REST ${low.directP50.toFixed(1)} ms`);
await redis?.stop();

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
// A run of some scenarios (BENCH_ONLY) leaves the whole run's results, chart and report as they are.
writeFileSync(new URL(only ? './results/partial.json' : './results/results.json', import.meta.url), JSON.stringify({ rows, soaks, low }, null, 2));
if (!only) {
  writeFileSync(new URL('./results/chart.svg', import.meta.url), chart(rows));
  writeReport(rows, soaks, low);
}

function writeReport(rows: Row[], soaks: Awaited<ReturnType<typeof soak>>[], low?: { gatewayP50: number; directP50: number }) {
  const file = new URL('BENCHMARKS.md', root);
  const text = readFileSync(file, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const fmt = (n: number, d = 1) => n.toFixed(d);
  const table = [
    '| scenario | upstream limit | connections | target | ok ops/s | CPU ms/op | p50 ms | p99 ms | upstream calls/op | upstream peak/s | upstream 503/429 | RSS MB |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.limit ? '30/s' : 'off'} | ${r.connections} | ${r.target} | ${fmt(r.okPerSecond)} | ${fmt(r.cpuMsPerOp, 3)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.callsPerOp, 2)} | ${r.peakPerSecond} | ${r.rejectedUpstream} | ${r.rssMb} |`,
    ),
  ].join('\n');
  const rowOf = (scenario: string, limit: boolean, target: string) => rows.find((r) => r.scenario === scenario && r.limit === limit && r.target === target);
  /** The gateway's ok ops/s over the peer's, same scenario and limit. */
  const ratio = (scenario: string, limit: boolean, peer: string, target = 'gateway') => {
    const [ours, theirs] = [rowOf(scenario, limit, target), rowOf(scenario, limit, peer)];
    if (!ours || !theirs) return 'n/a';
    return theirs.okPerSecond > 0 ? `${fmt(ours.okPerSecond / theirs.okPerSecond, 2)}×` : `∞ (${fmt(ours.okPerSecond)} vs 0 ok/s)`;
  };
  /** The gateway's CPU per operation over the peer's (no upstream limit): above 1, the gateway spends more. */
  const cpuRatio = (scenario: string, peer: string, target = 'gateway') => {
    const [ours, theirs] = [rowOf(scenario, false, target), rowOf(scenario, false, peer)];
    return ours && theirs && theirs.cpuMsPerOp > 0 ? `${fmt(ours.cpuMsPerOp / theirs.cpuMsPerOp, 2)}×` : 'n/a';
  };
  const names = ['page50', 'joinedDetails', 'hotRoom', 'summaryPage', 'randomRoom', 'randomPage50'];
  const body = `${start}
Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node.js ${process.version}; ${connectionsAt(LATENCY)} connections at ${LATENCY} ms upstream latency, ${connectionsAt(0)} at 0 ms (summaryPage); each target warmed up ${WARMUP} s, measured ${DURATION} s; CPU per answered operation from its process group's /proc times.

![successful ops/s](bench/results/chart.svg)

${table}

Ratios to the peers, same run: the gateway's successful ops/s over theirs (above 1: the gateway serves more), and its CPU per operation over theirs (above 1: it spends more).

| scenario | vs Apollo, no limit | vs Apollo, 30/s | vs Tailcall, no limit | vs Tailcall, 30/s | CPU/op vs Apollo | CPU/op vs Tailcall |
|---|---|---|---|---|---|---|
${names.map((s) => `| ${s} | ${ratio(s, false, 'apollo')} | ${ratio(s, true, 'apollo')} | ${ratio(s, false, 'tailcall')} | ${ratio(s, true, 'tailcall')} | ${cpuRatio(s, 'apollo')} | ${cpuRatio(s, 'tailcall')} |`).join('\n')}

The same against Tailcall for the gateway on every core (GATEWAY_WORKERS=auto through Redis; Tailcall uses every core too), with and without the response cache (1 s), and the floors' CPU per operation: what graphql-yoga alone costs for the same calls and JSON (no plugins), and what Node alone costs (no GraphQL).

| scenario | every core: ops/s vs Tailcall | every core: CPU/op vs Tailcall | + response cache: ops/s | + response cache: CPU/op | gateway: CPU/op vs yoga floor | yoga floor: CPU/op vs Tailcall | Node floor: CPU/op vs Tailcall |
|---|---|---|---|---|---|---|---|
${names.map((s) => `| ${s} | ${ratio(s, false, 'tailcall', 'gateway, every core')} | ${cpuRatio(s, 'tailcall', 'gateway, every core')} | ${ratio(s, false, 'tailcall', 'gateway, every core + response cache')} | ${cpuRatio(s, 'tailcall', 'gateway, every core + response cache')} | ${cpuRatio(s, 'yoga floor (no plugins)')} | ${cpuRatio(s, 'tailcall', 'yoga floor (no plugins)')} | ${cpuRatio(s, 'tailcall', 'node floor (no GraphQL)')} |`).join('\n')}

RSS of the gateway under ${SOAK} s of page50 load (${SOAK_CONNECTIONS} connections), sampled every 5 s (MB), started as users start it (the Node flags of its package.json script, nothing added):
${soaks.map((s) => `- \`${s.command}\`: ${s.samples.join(', ')} (${s.okPerSecond.toFixed(0)} ok/s)`).join('\n')}

Latency at low load (1 connection, page50): through the gateway p50 ${low ? fmt(low.gatewayP50) : 'n/a'} ms; the same two REST calls by hand (list, then one batch detail) p50 ${low ? fmt(low.directP50) : 'n/a'} ms; added by the gateway ${low ? fmt(low.gatewayP50 - low.directP50) : 'n/a'} ms.
${end}`;
  const next = text.includes(start) ? text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), body) : `${text}\n${body}\n`;
  writeFileSync(file, next);
}
