/**
 * A local Easemob: a real HTTP server speaking the chatroom REST API's wire format,
 * with token auth and expiry, the documented per-endpoint rate limits, batch detail, both paging styles,
 * the chatroom callbacks (callbacks.ts) of changes made through it or by users it plays (sdk-users.ts),
 * and knobs for tests (latency, injected faults, call log).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCallbacks } from './callbacks.js';
import { createFaultQueue } from './faults.js';
import { answerApiCall, type EmulatorState, errorBody } from './pipeline.js';
import { createRateLimiter } from './rate-limit.js';
import { applySdkAction, startActivity } from './sdk-users.js';
import { seedDemo } from './seed.js';
import type { CallRecord, Emulator, EmulatorOptions, SdkAction } from './options.js';
import { isStringMap } from './shapes.js';
import { Store } from './store.js';
import { StoreError } from './store-error.js';

export type { CallbackTarget, CallRecord, Emulator, EmulatorOptions, Fault, SdkAction, SentCallback } from './options.js';

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

const sdkKinds = new Set(['join', 'leave', 'offline', 'kick', 'set-attributes']);

/** `{ as, kind, room, target? attributes? }`: an SDK user's action, or undefined when the JSON says something else. */
function sdkAction(asked: any): { as: string; action: SdkAction } | undefined {
  const { as, kind, room, target, attributes } = asked ?? {};
  if (typeof as !== 'string' || typeof room !== 'string' || !sdkKinds.has(kind)) return undefined;
  if (kind === 'kick') return typeof target === 'string' ? { as, action: { kind, room, target } } : undefined;
  if (kind === 'set-attributes') return isStringMap(attributes) ? { as, action: { kind, room, attributes } } : undefined;
  return { as, action: { kind, room } };
}

/** POST /__emulator/act: what `actAs` does, for a process that holds no Emulator (a demo, a benchmark). */
async function act({ emulator }: EmulatorState, req: IncomingMessage): Promise<[status: number, body: unknown]> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    // An action is a few names: anything longer is not one.
    if ((size += (chunk as Buffer).length) > 4_096) return [413, { error: 'too_large' }];
    chunks.push(chunk as Buffer);
  }
  let asked: ReturnType<typeof sdkAction>;
  try {
    asked = sdkAction(JSON.parse(Buffer.concat(chunks).toString('utf8')));
  } catch {
    return [400, errorBody('json_parse', 'Unexpected character in the request body', 'JsonParseException')];
  }
  if (!asked) return [400, errorBody('invalid_parameter', 'expected { as, kind: join | leave | offline | kick | set-attributes, room, target (kick), attributes (set-attributes) }')];
  try {
    emulator.actAs(asked.as, asked.action);
    return [200, { ok: true }];
  } catch (error) {
    if (error instanceof StoreError) return [error.status, errorBody(error.error, error.message)];
    throw error;
  }
}

/** Out-of-band endpoints for benchmarks and demos in another process; not counted, not limited. */
async function answerAdmin(state: EmulatorState, req: IncomingMessage, pathname: string, res: ServerResponse) {
  const { emulator, limiter } = state;
  const method = req.method ?? 'GET';
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (pathname === '/__emulator/stats' && method === 'GET') return reply(200, summarize(emulator.calls));
  if (pathname === '/__emulator/reset' && method === 'POST') {
    emulator.calls.length = 0;
    limiter.reset();
    emulator.store.messages.resetLimits();
    return reply(200, { ok: true });
  }
  if (pathname === '/__emulator/act' && method === 'POST') return reply(...(await act(state, req)));
  return reply(404, { error: 'no such admin endpoint' });
}

async function onRequest(state: EmulatorState, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://emulator');
  if (url.pathname.startsWith('/__emulator/')) return answerAdmin(state, req, url.pathname, res);
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
  const store = new Store(options.messages);
  const seeded = options.seed ?? true;
  if (seeded) seedDemo(store, options.rooms);
  const org = options.org ?? 'demo-org';
  const app = options.app ?? 'demo-app';
  const faults = createFaultQueue();
  const tokens = new Map<string, number>();
  const calls: CallRecord[] = [];
  const callbacks = createCallbacks(`${org}#${app}`, options.callbacks, () => store.messages.nextId());
  let server: Server | undefined;

  const emulator: Emulator = {
    org,
    app,
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
      stopActivity?.();
      await callbacks.close();
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
    sendCallbacksTo: (target) => callbacks.sendTo(target),
    callbacksSent: callbacks.sent,
    get callbacksDropped() {
      return callbacks.dropped;
    },
    callbacksIdle: () => callbacks.idle(),
    actAs(username, action) {
      const { operator, changes } = applySdkAction(store, username, action);
      callbacks.send(callbacks.write(changes, operator));
    },
  };
  // The demo's own life, among the rooms it was seeded with.
  const demoRooms = seeded ? [...store.rooms.keys()] : [];
  const stopActivity = options.callbackActivityMs && demoRooms.length > 0
    ? startActivity(store, demoRooms, options.callbackActivityMs, emulator.actAs)
    : undefined;
  const state: EmulatorState = {
    emulator,
    options,
    application: randomUUID(),
    tokenTtlSeconds: options.tokenTtlSeconds ?? 5_184_000, // 60 days, like Easemob
    tokens,
    faults,
    limiter: createRateLimiter(options.rateLimit),
    callbacks,
  };
  return emulator;
}
