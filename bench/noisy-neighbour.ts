/**
 * `npm run bench:noisy`: does one caller hammering the gateway at 10x its budget slow
 * another caller down? Measures the quiet caller's latency alone, then beside the noisy
 * one, in one run (ratios, not absolute times, are what this machine can tell).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator } from '../src/emulator/server.js';
import { createGateway } from '../src/gateway.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const emulator = createEmulator({ latencyMs: 20, rateLimit: { perSecond: 30, status: 503 } });
await emulator.listen(0, '127.0.0.1');
const gateway = createGateway({
  easemob: { baseUrl: emulator.url, org: emulator.org, app: emulator.app },
  auth: { mode: 'service', clientId: emulator.clientId, clientSecret: emulator.clientSecret, apiKeys: ['quiet', 'noisy'], allowAnonymous: false },
  // Each caller may cause 60 upstream calls per 6 s (the default); the IP limit is lifted
  // because both callers come from this one machine.
  security: { ipRequestsPerSecond: 1_000_000 },
});
const server = createServer(gateway.yoga);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
const ids = [...emulator.store.rooms.keys()];

async function ask(key: string, id: string) {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: 'query($id: ID!) { chatroom(id: $id) { name } }', variables: { id } }),
  });
  const body = (await res.json()) as { errors?: unknown[] };
  return { ms: performance.now() - started, ok: res.status === 200 && !body.errors, status: res.status };
}

/** The quiet caller: one request every 200 ms (5/s, half its budget), for the run. */
async function quiet() {
  const results = [];
  const until = Date.now() + SECONDS * 1000;
  for (let i = 0; Date.now() < until; i++) {
    results.push(await ask('quiet', ids[i % ids.length]!));
    await new Promise((r) => setTimeout(r, 200));
  }
  return results;
}

/** The noisy caller, in a child process: 20 concurrent loops, far over its budget. */
function noisy(): Promise<{ sent: number; refused: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./noisy-client.ts', import.meta.url).pathname, url, String(SECONDS), ids[1]!], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', () => resolve(JSON.parse(out))));
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const summary = (rs: { ms: number; ok: boolean }[]) => ({
  n: rs.length,
  ok: rs.filter((r) => r.ok).length,
  p50: pct(rs.map((r) => r.ms), 50),
  p99: pct(rs.map((r) => r.ms), 99),
});

await ask('quiet', ids[0]!); // warm the token and connections
const alone = summary(await quiet());
const noise = noisy();
await new Promise((r) => setTimeout(r, 500)); // let the noisy process start
const beside = summary(await quiet());
const { sent, refused } = await noise;
const upstream503 = emulator.calls.filter((c) => c.status === 503 || c.status === 429).length;

console.log(`quiet caller alone:        ${alone.ok}/${alone.n} ok, p50 ${alone.p50.toFixed(1)} ms, p99 ${alone.p99.toFixed(1)} ms`);
console.log(`quiet caller beside noisy: ${beside.ok}/${beside.n} ok, p50 ${beside.p50.toFixed(1)} ms, p99 ${beside.p99.toFixed(1)} ms`);
console.log(`noisy caller: ${sent} requests (${(sent / SECONDS).toFixed(0)}/s), ${refused} refused with 429`);
console.log(`p50 ratio beside/alone: ${(beside.p50 / alone.p50).toFixed(2)}; upstream 503/429 answers: ${upstream503}`);

server.closeAllConnections();
server.close();
await gateway.close();
await emulator.close();
