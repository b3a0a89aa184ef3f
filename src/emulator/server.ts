/**
 * A local Easemob: a real HTTP server speaking the chatroom REST API's wire format,
 * with token auth and expiry, the documented per-endpoint rate limits, batch detail, both paging styles,
 * and knobs for tests (latency, injected faults, call log).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Documented } from '../easemob/wire.js';
import type * as wire from '../easemob/wire.js';
import { handle, type Reply } from './routes.js';
import { seedDemo } from './seed.js';
import { Store } from './store.js';

export interface EmulatorOptions {
  org?: string;
  app?: string;
  clientId?: string;
  clientSecret?: string;
  /** Lifetime of issued tokens, in seconds. */
  tokenTtlSeconds?: number;
  /** The `expires_in` answered with a token, when it should differ from the true lifetime. */
  tokenExpiresIn?: number;
  /**
   * The service's rate limits, per app key: by default the documented ones (50 calls/s for
   * the room list, a user's rooms and create; 100/s for every other chatroom call; 300/s for
   * tokens), answered 429 `reach_limit`. `perSecond` puts every call in one budget instead;
   * `status: 503` answers as the seed doc says; `false` turns the limits off.
   */
  rateLimit?: { perSecond?: number; status?: 429 | 503 } | false;
  /** Delay added before every answer, in milliseconds. */
  latencyMs?: number;
  /** Start with the demo users and rooms. */
  seed?: boolean;
  /** How many demo rooms (default 30). */
  rooms?: number;
  /** Answer a one-room detail with `data` as an object, as the docs' example shows it. */
  singleDetailAsObject?: boolean;
}

/** One answered (or cut) request, as the emulator saw it. */
export interface CallRecord {
  method: string;
  /** Path below /{org}/{app}, decoded: `/chatrooms/1,2`. */
  path: string;
  status: number;
  at: number;
  token: boolean;
}

/** Makes the next `times` matching requests fail. */
export interface Fault {
  method?: string;
  path?: RegExp;
  times?: number;
  status?: number;
  retryAfter?: number;
  /** Cut the connection before handling, or after the request was processed. */
  reset?: 'before' | 'after';
  /** The error word of an injected status (default `injected_fault`): `resource_limited`, say; null: no body at all, as a proxy may answer. */
  error?: string | null;
  /** Answer 200 with a JSON body this many bytes long, streamed (Infinity: never ending). */
  bodyBytes?: number;
  /** Bytes of such a body the emulator managed to send before the connection closed. */
  bytesSent?: number;
}

export interface Emulator {
  readonly org: string;
  readonly app: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly store: Store;
  readonly calls: CallRecord[];
  latencyMs: number;
  /** Base URL once listening: `http://127.0.0.1:PORT`. */
  url: string;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  /** Calls other than token requests, optionally since an index of `calls`. */
  apiCalls(since?: number): CallRecord[];
  /** The fault as stored: it counts what it did (`bytesSent`). */
  injectFault(fault: Fault): Fault;
  clearFaults(): void;
  /** Invalidate every issued token, as if they all expired now. */
  revokeTokens(): void;
}

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

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const org = options.org ?? 'demo-org';
  const app = options.app ?? 'demo-app';
  const clientId = options.clientId ?? `YXA6${randomBytes(12).toString('base64url')}`;
  const clientSecret = options.clientSecret ?? `YXA6${randomBytes(24).toString('base64url')}`;
  const ttl = options.tokenTtlSeconds ?? 5_184_000; // 60 days, like Easemob
  const rateLimit = options.rateLimit === undefined ? {} : options.rateLimit;
  const store = new Store();
  if (options.seed ?? true) seedDemo(store, options.rooms);

  const tokens = new Map<string, number>(); // token → expiry (ms)
  const recent = new Map<string, number[]>(); // rate-limit class → accepted request times in the last second
  const faults: (Fault & { times: number })[] = [];
  const calls: CallRecord[] = [];
  const application = randomUUID();
  const appPrefix = `/${org}/${app}`;

  /** The call's rate-limit budget and its size a second, per the docs' limits page. */
  function budgetOf(method: string, path: string): [string, number] {
    if (rateLimit && rateLimit.perSecond !== undefined) return ['all', rateLimit.perSecond];
    if (method === 'POST' && path === '/token') return ['token', 300];
    if (path === '/chatrooms' && (method === 'GET' || method === 'POST')) return [`${method} /chatrooms`, 50];
    if (method === 'GET' && /^\/users\/[^/]+\/joined_chatrooms$/.test(path)) return ['joined', 50];
    return ['other', 100];
  }

  function overLimit(method: string, path: string, now: number): boolean {
    if (rateLimit === false) return false;
    const [budget, perSecond] = budgetOf(method, path);
    const times = (recent.get(budget) ?? []).filter((t) => now - t < 1000);
    const over = times.length >= perSecond;
    if (!over) times.push(now);
    recent.set(budget, times);
    return over;
  }

  function takeFault(method: string, path: string) {
    const i = faults.findIndex((f) => (!f.method || f.method === method) && (!f.path || f.path.test(path)));
    if (i < 0) return undefined;
    const fault = faults[i]!;
    if (--fault.times <= 0) faults.splice(i, 1);
    return fault;
  }

  function errorBody(error: string, description: string, exception = 'EasemobException'): Documented<typeof wire.errorBody> {
    return { error, exception: `com.easemob.${exception}`, timestamp: Date.now(), duration: 0, error_description: description };
  }

  /** A valid-looking detail answer of `fault.bodyBytes` bytes, written as fast as the reader takes it. */
  async function streamBody(fault: Fault, res: ServerResponse, record: (status: number) => void) {
    record(200);
    res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
    const head = '{"data":[{"id":"1","name":"';
    const tail = '","maxusers":1}]}';
    const chunk = 'x'.repeat(64 * 1024);
    const total = fault.bodyBytes!;
    const write = (text: string) => {
      fault.bytesSent! += text.length;
      if (res.write(text)) return Promise.resolve();
      return new Promise((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    };
    try {
      await write(head);
      while (!res.destroyed && fault.bytesSent! + chunk.length + tail.length <= total) await write(chunk);
      if (!res.destroyed) res.end('x'.repeat(Math.max(0, total - fault.bytesSent! - tail.length)) + tail);
    } catch {
      // the reader went away
    }
  }

  /** Out-of-band endpoints for benchmarks in another process; not counted, not limited. */
  function admin(pathname: string, method: string, res: ServerResponse) {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (pathname === '/__emulator/stats' && method === 'GET') return reply(200, summarize(calls));
    if (pathname === '/__emulator/reset' && method === 'POST') {
      calls.length = 0;
      recent.clear();
      return reply(200, { ok: true });
    }
    return reply(404, { error: 'no such admin endpoint' });
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const started = Date.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://emulator');
    const rawPath = url.pathname.startsWith(`${appPrefix}/`) ? url.pathname.slice(appPrefix.length) : url.pathname;
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      path = rawPath;
    }
    const isToken = method === 'POST' && path === '/token';
    const record = (status: number) => calls.push({ method, path, status, at: started, token: isToken });
    const send = async (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (this_.latencyMs > 0) await sleep(this_.latencyMs);
      record(status);
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
      res.end(body === '' ? '' : JSON.stringify(body));
    };

    if (url.pathname.startsWith('/__emulator/')) return admin(url.pathname, method, res);

    const fault = takeFault(method, path);
    if (fault?.reset === 'before') {
      record(0);
      req.socket.destroy();
      return;
    }
    if (fault?.bodyBytes !== undefined) return streamBody(fault, res, record);
    if (fault?.status) {
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
      const body = fault.error === null ? '' : errorBody(fault.error ?? 'injected_fault', 'fault injected by the emulator');
      return send(fault.status, body, headers);
    }
    if (rateLimit && overLimit(method, path, started)) {
      const status = rateLimit.status ?? 429;
      const headers: Record<string, string> = status === 429 ? { 'retry-after': '1' } : {};
      return send(status, errorBody('reach_limit', 'This request has reached api limit'), headers);
    }
    if (!url.pathname.startsWith(`${appPrefix}/`)) {
      return send(404, errorBody('organization_application_not_found', `Could not find application for ${org}/${app} from URI`));
    }

    let body: unknown;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return send(400, errorBody('json_parse', 'Unexpected character in the request body', 'JsonParseException'));
    }

    if (isToken) {
      const b = body as Record<string, unknown> | undefined;
      if (b?.grant_type !== 'client_credentials' || b.client_id !== clientId || b.client_secret !== clientSecret) {
        return send(401, errorBody('invalid_client', 'invalid client credentials', 'UnauthorizedException'));
      }
      const token = `YWMt${randomBytes(32).toString('base64url')}`;
      tokens.set(token, Date.now() + ttl * 1000);
      const answer: Documented<typeof wire.tokenResponse> = { access_token: token, expires_in: options.tokenExpiresIn ?? ttl, application };
      return send(200, answer);
    }

    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expiry = auth ? tokens.get(auth) : undefined;
    if (expiry === undefined || expiry <= Date.now()) {
      const why = auth ? 'Unable to authenticate due to expired access token' : 'Unable to authenticate due to missing token';
      return send(401, errorBody('unauthorized', why, 'UnauthorizedException'));
    }

    const reply: Reply = handle(store, method, path, url.searchParams, body);
    const oneRoom = method === 'GET' && /^\/chatrooms\/[0-9]+$/.test(path);
    if (options.singleDetailAsObject && oneRoom && 'body' in reply && Array.isArray(reply.body.data)) reply.body.data = reply.body.data[0];
    const common: Documented<typeof wire.envelope> = {
      action: method.toLowerCase(),
      application,
      uri: `http://${req.headers.host ?? 'localhost'}${url.pathname}`,
      entities: [],
      timestamp: started,
      duration: Date.now() - started,
      organization: org,
      applicationName: app,
    };
    const answer = 'error' in reply ? errorBody(reply.error, reply.description) : { ...common, ...reply.body };
    if (fault?.reset === 'after') {
      // The request was processed; the caller never learns the outcome.
      if (this_.latencyMs > 0) await sleep(this_.latencyMs);
      record(0);
      req.socket.destroy();
      return;
    }
    return send(reply.status, answer);
  }

  let server: Server | undefined;
  const this_: Emulator = {
    org,
    app,
    clientId,
    clientSecret,
    store,
    calls,
    latencyMs: options.latencyMs ?? 0,
    url: '',
    async listen(port = 0, host = '127.0.0.1') {
      server = createServer((req, res) => {
        onRequest(req, res).catch((error) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify(errorBody('internal_error', String(error))));
        });
      });
      await new Promise<void>((resolve) => server!.listen(port, host, resolve));
      const { port: bound } = server.address() as AddressInfo;
      this_.url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
      return this_.url;
    },
    async close() {
      if (!server) return;
      server.closeAllConnections();
      await new Promise((resolve) => server!.close(resolve));
    },
    apiCalls(since = 0) {
      return calls.slice(since).filter((c) => !c.token);
    },
    injectFault(fault) {
      const stored = { ...fault, times: fault.times ?? 1, bytesSent: 0 };
      faults.push(stored);
      return stored;
    },
    clearFaults() {
      faults.length = 0;
    },
    revokeTokens() {
      tokens.clear();
    },
  };
  return this_;
}
