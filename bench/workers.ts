/**
 * `npm run bench:workers`: the gateway with one worker against two (GATEWAY_WORKERS), both
 * sharing through one redis-server as workers must, in front of one emulator; alternating runs
 * at the bench's connections, ok ops/s and CPU per answered operation of the whole process
 * group (primary, workers). BENCH_ONLY (scenarios; page50, hotRoom, randomRoom), BENCH_DURATION
 * (s per run, 6), BENCH_ROUNDS (2).
 */
import { startRedisServer } from '../scripts/redis-server.js';
import { connectionsAt, measureRun } from './load.js';
import { startEmulator, startTarget, targets } from './processes.js';
import { scenarios } from './scenarios.js';

const only = process.env.BENCH_ONLY?.split(',') ?? ['page50', 'hotRoom', 'randomRoom'];
const seconds = Number(process.env.BENCH_DURATION ?? 6);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const redis = await startRedisServer();
const gateway = targets[0]!;

console.log('| scenario | workers | ok ops/s | CPU ms/op | p50 ms | p99 ms |\n|---|---|---|---|---|---|');
for (const scenario of scenarios.filter((s) => only.includes(s.name))) {
  const emulator = await startEmulator({ latencyMs: scenario.latencyMs ?? 20, limit: false });
  const connections = connectionsAt(scenario.latencyMs ?? 20);
  for (let round = 0; round < rounds; round++) {
    for (const workers of [1, 2]) {
      const env = { ...gateway.env, REDIS_URL: redis.url, GATEWAY_REDIS_PREFIX: `bench${round}${workers}:`, GATEWAY_WORKERS: String(workers) };
      const server = await startTarget({ ...gateway, env }, emulator, false);
      const r = await measureRun(server, scenario, connections, { warmUpSeconds: 2, seconds });
      console.log(`| ${scenario.name} | ${workers} | ${r.okPerSecond.toFixed(0)} | ${r.cpuMsPerOp.toFixed(3)} | ${r.p50} | ${r.p99} |`);
      server.stop();
    }
  }
  emulator.stop();
}
await redis.stop();
process.exit(0);
