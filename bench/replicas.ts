/**
 * `npm run bench:replicas`: one replica against two sharing one Redis, on this machine,
 * with and without the emulator's 30 calls/s limit, for random rooms (a call each) and
 * one hot room (calls shared in flight, or cached). The load (BENCH_CONNECTIONS, 20) is
 * split evenly over the replicas' URLs, as a load balancer would; each run reports
 * operations/s, upstream calls/s, the busiest second at the emulator, refusals, and
 * latency (p50 and p99: the worse of the replicas'). Prints a Markdown table for
 * BENCHMARKS.md. Knobs: BENCH_DURATION (s per run, 10), BENCH_LATENCY_MS (20).
 */
import { drive } from './load.js';
import { startEmulator, startTarget, targets } from './processes.js';
import { scenarios } from './scenarios.js';
import { startRedisServer } from '../scripts/redis-server.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 20);

const setups = [
  { name: '1 replica, no Redis', replicas: 1, redis: false },
  { name: '1 replica + Redis', replicas: 1, redis: true },
  { name: '2 replicas + Redis', replicas: 2, redis: true },
  { name: '2 replicas + Redis, 1 s cache', replicas: 2, redis: true, cache: true },
];

const redis = await startRedisServer();
const rows: string[] = [];
for (const limit of [false, true]) {
  for (const scenario of scenarios.filter((s) => s.name === 'randomRoom' || s.name === 'hotRoom')) {
    for (const setup of setups) {
      const emulator = await startEmulator({ latencyMs: LATENCY, limit });
      const env: Record<string, string> = setup.redis ? { REDIS_URL: redis.url, GATEWAY_REPLICAS: String(setup.replicas), GATEWAY_REDIS_PREFIX: `bench${rows.length}:` } : {};
      if (setup.cache) env.EASEMOB_CACHE_TTL_MS = '1000';
      const servers = await Promise.all(
        Array.from({ length: setup.replicas }, () => startTarget({ ...targets[0]!, env: { ...targets[0]!.env, ...env } }, emulator, limit)),
      );
      try {
        await Promise.all(servers.map((s) => drive(s.url, scenario, 1, 1))); // warm up: token, connections, JIT
        await emulator.reset();
        const loads = await Promise.all(servers.map((s) => drive(s.url, scenario, CONNECTIONS / setup.replicas, DURATION)));
        const stats = await emulator.stats();
        const ok = loads.reduce((sum, l) => sum + l.okPerSecond, 0);
        const refused = (stats.byStatus['429'] ?? 0) + (stats.byStatus['503'] ?? 0);
        const row = [
          scenario.name,
          limit ? '30/s' : 'none',
          setup.name,
          ok.toFixed(0),
          (stats.apiCalls / DURATION).toFixed(1),
          String(stats.peakPerSecond),
          String(refused),
          String(Math.max(...loads.map((l) => l.p50))),
          String(Math.max(...loads.map((l) => l.p99))),
        ];
        rows.push(`| ${row.join(' | ')} |`);
        console.log(rows.at(-1));
      } finally {
        servers.forEach((s) => s.stop());
        emulator.stop();
      }
    }
  }
}
await redis.stop();
console.log(`\n| scenario | upstream limit | setup | ok ops/s | upstream calls/s | busiest second | upstream 429/503 | p50 ms | p99 ms |`);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
process.exit(0);
