/** Drives a GraphQL endpoint with autocannon; a response with `errors` is not a success. */
import autocannon from 'autocannon';
import type { Scenario } from './scenarios.js';

export interface LoadResult {
  responses: number;
  ok: number;
  okPerSecond: number;
  p50: number;
  p99: number;
}

/**
 * Enough connections that the upstream's latency does not bound ops/s: 200 at 20 ms, 64 at 0 ms
 * (at 20 connections and 20 ms a call, any gateway is held to 500-1,000 ops/s). BENCH_CONNECTIONS
 * sets one count for every scenario instead.
 */
export const connectionsAt = (latencyMs: number) => Number(process.env.BENCH_CONNECTIONS ?? (latencyMs === 0 ? 64 : 200));

export async function drive(url: string, scenario: Scenario, connections: number, seconds: number, peer = false): Promise<LoadResult> {
  let ok = 0;
  let responses = 0;
  // Variants: each request takes the next set of variables, so requests differ.
  const variants = scenario.variants?.(peer);
  let next = Math.floor(Math.random() * (variants?.length ?? 1));
  const bodyOf = (variables: unknown) => JSON.stringify({ query: scenario.query, variables });
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: bodyOf(scenario.variables),
    requests: variants && [{ setupRequest: (req) => ({ ...req, body: bodyOf(variants[next++ % variants.length]) }) }],
    setupClient(client) {
      let chunks: Buffer[] = [];
      client.on('body', (chunk) => chunks.push(chunk));
      client.on('response', (status) => {
        responses++;
        const body = Buffer.concat(chunks).toString();
        chunks = [];
        if (status === 200 && body.includes('"data"') && !body.includes('"errors"')) ok++;
      });
    },
  });
  return { responses, ok, okPerSecond: ok / seconds, p50: result.latency.p50, p99: result.latency.p99 };
}

export interface Measured extends LoadResult {
  /** CPU (user + system, all its processes) per answered operation, ms. */
  cpuMsPerOp: number;
}

/**
 * A target warmed up at full load for `warmUpSeconds` (its token, connections and JIT), then
 * driven `seconds` more: what it answered, and its CPU per answered operation over those
 * seconds. `afterWarmUp` runs in between (the bench resets the emulator's counts there).
 */
export async function measureRun(
  server: { url: string; cpuSeconds(): number },
  scenario: Scenario,
  connections: number,
  { warmUpSeconds, seconds, peer = false, afterWarmUp }: { warmUpSeconds: number; seconds: number; peer?: boolean; afterWarmUp?: () => Promise<void> },
): Promise<Measured> {
  await drive(server.url, scenario, connections, warmUpSeconds, peer);
  await afterWarmUp?.();
  const cpuBefore = server.cpuSeconds();
  const load = await drive(server.url, scenario, connections, seconds, peer);
  const cpuSeconds = server.cpuSeconds() - cpuBefore;
  return { ...load, cpuMsPerOp: load.responses ? (cpuSeconds * 1000) / load.responses : 0 };
}
