/**
 * A local Easemob: a real HTTP server speaking the chatroom REST API's wire format,
 * with token auth and expiry, the documented per-endpoint rate limits, batch detail, both paging styles,
 * and knobs for tests (latency, injected faults, call log).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFaultQueue } from './faults.js';
import { answerApiCall, type EmulatorState, errorBody } from './pipeline.js';
import { createRateLimiter } from './rate-limit.js';
import { seedDemo } from './seed.js';
import type { CallRecord, Emulator, EmulatorOptions } from './options.js';
import { Store } from './store.js';

export type { CallRecord, Emulator, EmulatorOptions, Fault } from './options.js';

/** Counts for benchmarks: API calls (token requests aside), answers by status, busiest second. */
export function summarize(calls: readonly CallRecord[]) {
  const api = calls.filter((c) => !c.token);
  const byStatus: Record<string, number> = {};
  for (const c of api) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  let peakPerSecond = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= 1000) i++;
    peakPerSecond = Math.max(peakPerSecond, j - i + 1);
  }
  return { apiCalls: api.length, tokenCalls: calls.length - api.length, byStatus, peakPerSecond };
}

/** Out-of-band endpoints for benchmarks in another process; not counted, not limited. */
function answerAdmin({ emulator, limiter }: EmulatorState, pathname: string, method: string, res: ServerResponse) {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (pathname === '/__emulator/stats' && method === 'GET') return reply(200, summarize(emulator.calls));
  if (pathname === '/__emulator/reset' && method === 'POST') {
    emulator.calls.length = 0;
    limiter.reset();
    return reply(200, { ok: true });
  }
  return reply(404, { error: 'no such admin endpoint' });
}

async function onRequest(state: EmulatorState, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://emulator');
  if (url.pathname.startsWith('/__emulator/')) return answerAdmin(state, url.pathname, req.method ?? 'GET', res);
  return answerApiCall(state, req, res, url);
}

/** Whatever is thrown while answering is a 500 with Easemob's error body. */
function requestListener(state: EmulatorState) {
  return (req: IncomingMessage, res: ServerResponse) => {
    onRequest(state, req, res).catch((error) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(errorBody('internal_error', String(error))));
    });
  };
}

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const store = new Store();
  if (options.seed ?? true) seedDemo(store, options.rooms);
  const faults = createFaultQueue();
  const tokens = new Map<string, number>();
  const calls: CallRecord[] = [];
  let server: Server | undefined;

  const emulator: Emulator = {
    org: options.org ?? 'demo-org',
    app: options.app ?? 'demo-app',
    clientId: options.clientId ?? `YXA6${randomBytes(12).toString('base64url')}`,
    clientSecret: options.clientSecret ?? `YXA6${randomBytes(24).toString('base64url')}`,
    store,
    calls,
    latencyMs: options.latencyMs ?? 0,
    url: '',
    async listen(port = 0, host = '127.0.0.1') {
      server = createServer(requestListener(state));
      await new Promise<void>((resolve) => server!.listen(port, host, resolve));
      const { port: bound } = server.address() as AddressInfo;
      emulator.url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
      return emulator.url;
    },
    async close() {
      if (!server) return;
      server.closeAllConnections();
      await new Promise((resolve) => server!.close(resolve));
    },
    apiCalls(since = 0) {
      return calls.slice(since).filter((c) => !c.token);
    },
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    revokeTokens() {
      tokens.clear();
    },
  };
  const state: EmulatorState = {
    emulator,
    options,
    application: randomUUID(),
    tokenTtlSeconds: options.tokenTtlSeconds ?? 5_184_000, // 60 days, like Easemob
    tokens,
    faults,
    limiter: createRateLimiter(options.rateLimit),
  };
  return emulator;
}
