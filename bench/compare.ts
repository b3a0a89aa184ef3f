/**
 * A/B of two builds of the gateway, run as `npm run bench` runs its `gateway` target (same
 * settings and connections, logs included, each scenario at its own upstream latency), alternating runs so
 * that the machine's drift hits both alike: `tsx bench/compare.ts <dir A> <dir B>`, each a
 * checkout with `dist/` built (e.g. `git worktree add /tmp/a <commit> && (cd /tmp/a && npm ci
 * && npm run build)`). BENCH_ONLY (scenario names), BENCH_DURATION (s per run, 8),
 * BENCH_ROUNDS (2), BENCH_TARGET (another of the bench's gateway targets). Prints ok ops/s and CPU per answered operation.
 */
import { connectionsAt, measureRun } from './load.js';
import { nodeFlagsOf, startEmulator, startTarget, targets } from './processes.js';
import { scenarios } from './scenarios.js';

const dirs = process.argv.slice(2);
if (dirs.length !== 2) throw new Error('usage: tsx bench/compare.ts <dir A> <dir B>');
const only = process.env.BENCH_ONLY?.split(',') ?? ['page50', 'hotRoom'];
const seconds = Number(process.env.BENCH_DURATION ?? 8);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);

const gateway = targets.find((t) => t.name === (process.env.BENCH_TARGET ?? 'gateway'));
if (!gateway) throw new Error(`no target ${process.env.BENCH_TARGET}: ${targets.map((t) => t.name).join(', ')}`);

/** The bench's gateway target (BENCH_TARGET), started from another checkout's build with that checkout's Node flags (`npm run serve`'s). */
const gatewayIn = (dir: string) => {
  const args = gateway.args.filter((arg) => !arg.startsWith('--max-'));
  return { ...gateway, args: [...nodeFlagsOf('serve', dir), ...args.map((arg) => (arg === 'dist/main.js' ? `${dir}/dist/main.js` : arg))] };
};

console.log('| scenario | build | ok ops/s | CPU ms/op | p50 ms | p99 ms |\n|---|---|---|---|---|---|');
for (const scenario of scenarios.filter((s) => only.includes(s.name))) {
  const emulator = await startEmulator({ latencyMs: scenario.latencyMs ?? 20, limit: false });
  for (let round = 0; round < rounds; round++) {
    for (const dir of dirs) {
      const server = await startTarget(gatewayIn(dir), emulator, false);
      const connections = connectionsAt(scenario.latencyMs ?? 20);
      const r = await measureRun(server, scenario, connections, { warmUpSeconds: 2, seconds });
      console.log(`| ${scenario.name} | ${dir} | ${r.okPerSecond.toFixed(0)} | ${r.cpuMsPerOp.toFixed(3)} | ${r.p50} | ${r.p99} |`);
      server.stop();
    }
  }
  emulator.stop();
}
process.exit(0);
