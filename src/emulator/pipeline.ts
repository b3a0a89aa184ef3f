/**
 * How the emulator answers one call to the API: a short pipeline of steps (`steps`, in the order their checks apply).
 * A step lets the call on or decides its outcome; `deliver` then carries the outcome out (latency, call log, bytes).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Documented } from '../easemob/wire.js';
import type * as wire from '../easemob/wire.js';
import { appAdmin, type CallbackBody, type Callbacks } from './callbacks.js';
import { type FaultQueue, streamBody } from './faults.js';
import type { RateLimiter } from './rate-limit.js';
import { handle, type Reply } from './routes.js';
import type { Emulator, EmulatorOptions, Fault } from './options.js';

/** What answering reads and changes besides the request itself. */
export interface EmulatorState {
  /** Its names, credentials, store and call log, and the latency as set at the moment. */
  emulator: Emulator;
  options: EmulatorOptions;
  /** The app's uuid, answered with tokens and in every envelope. */
  application: string;
  tokenTtlSeconds: number;
  /** Issued token → expiry, epoch ms. */
  tokens: Map<string, number>;
  faults: FaultQueue;
  limiter: RateLimiter;
  callbacks: Callbacks;
}

/** One call on its way through the steps. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** Arrival, epoch ms: the call's `at`, and where the envelope's `duration` starts. */
  started: number;
  method: string;
  url: URL;
  /** Whether the path is below /{org}/{app}. */
  inApp: boolean;
  /** Below /{org}/{app} (outside it, the whole path), decoded where it decodes: what faults, limits and endpoints match. */
  path: string;
  isTokenRequest: boolean;
  /** The fault injected into this call, if one waited for it. */
  fault?: Fault;
  /** The JSON body, once read. */
  body?: unknown;
  /** The callbacks of what the call changed, sent once its answer has gone. */
  callbacks?: CallbackBody[];
}

type Outcome =
  | { kind: 'answer'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'reset'; when: 'before' | 'after' }
  | { kind: 'stream'; fault: Fault };

type Step = (state: EmulatorState, exchange: Exchange) => Outcome | undefined | Promise<Outcome | undefined>;

/** A `body` of '' is sent as no body at all. */
function answer(status: number, body: unknown, headers?: Record<string, string>): Outcome {
  return { kind: 'answer', status, body, headers };
}

export function errorBody(
  error: string,
  description: string,
  exception = 'EasemobException',
  code?: number,
): Omit<Documented<typeof wire.errorBody>, 'error_code'> & { error_code?: number } {
  return {
    error,
    exception: `com.easemob.${exception}`,
    timestamp: Date.now(),
    duration: 0,
    // Only some answers carry a numeric code, between the duration and the description (a message too large).
    ...(code === undefined ? {} : { error_code: code }),
    error_description: description,
  };
}

/** What stands in a bigint's place until the text is written. */
const bigintMark = '\u0000bigint:';

/**
 * JSON as Easemob writes it: a bigint as a bare number, even past 2^53 (a broadcast's id),
 * which JSON.stringify cannot write.
 */
function jsonText(body: unknown): string {
  try {
    // Every answer but a broadcast's: written plainly, with no replacer to call on each value.
    return JSON.stringify(body);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  const text = JSON.stringify(body, (_key, value: unknown) => (typeof value === 'bigint' ? `${bigintMark}${value}` : value));
  return text.replace(/"\\u0000bigint:(-?[0-9]+)"/g, '$1');
}

/** A path that does not decode (a stray `%`) is matched as it came. */
function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function openExchange({ emulator }: EmulatorState, req: IncomingMessage, res: ServerResponse, url: URL): Exchange {
  const started = Date.now();
  const method = req.method ?? 'GET';
  const appPrefix = `/${emulator.org}/${emulator.app}`;
  const inApp = url.pathname.startsWith(`${appPrefix}/`);
  const path = decodePath(inApp ? url.pathname.slice(appPrefix.length) : url.pathname);
  return { req, res, started, method, url, inApp, path, isTokenRequest: method === 'POST' && path === '/token' };
}

function injectedFault({ faults }: EmulatorState, exchange: Exchange): Outcome | undefined {
  // Taken first whatever it does: a `reset: 'after'` fault is used up here and acted on once the answer is ready.
  const fault = (exchange.fault = faults.take(exchange.method, exchange.path));
  if (fault?.reset === 'before') return { kind: 'reset', when: 'before' };
  if (fault?.bodyBytes !== undefined) return { kind: 'stream', fault };
  if (!fault?.status) return undefined;
  const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
  const body = fault.error === null ? '' : errorBody(fault.error ?? 'injected_fault', 'fault injected by the emulator');
  return answer(fault.status, body, headers);
}

function rateLimit({ limiter }: EmulatorState, { method, path, started }: Exchange): Outcome | undefined {
  if (!limiter.refuses(method, path, started)) return undefined;
  const headers: Record<string, string> = limiter.status === 429 ? { 'retry-after': '1' } : {};
  return answer(limiter.status, errorBody('reach_limit', 'This request has reached api limit'), headers);
}

function appInPath({ emulator }: EmulatorState, { inApp }: Exchange): Outcome | undefined {
  if (inApp) return undefined;
  const description = `Could not find application for ${emulator.org}/${emulator.app} from URI`;
  return answer(404, errorBody('organization_application_not_found', description));
}

async function jsonBody(_state: EmulatorState, exchange: Exchange): Promise<Outcome | undefined> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of exchange.req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    exchange.body = text ? JSON.parse(text) : undefined;
    return undefined;
  } catch {
    return answer(400, errorBody('json_parse', 'Unexpected character in the request body', 'JsonParseException'));
  }
}

/** POST /token: the client credentials grant, answered here; every other call goes on to the token check. */
function tokenGrant(state: EmulatorState, { isTokenRequest, body }: Exchange): Outcome | undefined {
  if (!isTokenRequest) return undefined;
  const { clientId, clientSecret } = state.emulator;
  const grant = body as Record<string, unknown> | undefined;
  if (grant?.grant_type !== 'client_credentials' || grant.client_id !== clientId || grant.client_secret !== clientSecret) {
    return answer(401, errorBody('invalid_client', 'invalid client credentials', 'UnauthorizedException'));
  }
  const token = `YWMt${randomBytes(32).toString('base64url')}`;
  state.tokens.set(token, Date.now() + state.tokenTtlSeconds * 1000);
  const granted: Documented<typeof wire.tokenResponse> = {
    access_token: token,
    expires_in: state.options.tokenExpiresIn ?? state.tokenTtlSeconds,
    application: state.application,
  };
  return answer(200, granted);
}

function bearerToken({ tokens }: EmulatorState, { req }: Exchange): Outcome | undefined {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const expiry = token ? tokens.get(token) : undefined;
  if (expiry !== undefined && expiry > Date.now()) return undefined;
  const why = token ? 'Unable to authenticate due to expired access token' : 'Unable to authenticate due to missing token';
  return answer(401, errorBody('unauthorized', why, 'UnauthorizedException'));
}

/** The docs' example of a one-room detail has `data` as one object, not a list of one: the option answers so. */
function asDocsExample(reply: Reply, { method, path }: Exchange): void {
  const oneRoom = method === 'GET' && /^\/chatrooms\/[0-9]+$/.test(path);
  if (oneRoom && 'body' in reply && Array.isArray(reply.body.data)) reply.body.data = reply.body.data[0];
}

function envelope({ emulator, application }: EmulatorState, { req, url, method, started }: Exchange): Documented<typeof wire.envelope> {
  return {
    action: method.toLowerCase(),
    application,
    uri: `http://${req.headers.host ?? 'localhost'}${url.pathname}`,
    entities: [],
    timestamp: started,
    duration: Date.now() - started,
    organization: emulator.org,
    applicationName: emulator.app,
  };
}

function endpointAnswer(state: EmulatorState, exchange: Exchange): Outcome {
  const { store } = state.emulator;
  const { method, path, url } = exchange;
  const { result: reply, changes } = store.recordChanges(() => handle(store, method, path, url.searchParams, exchange.body));
  // Only what succeeded is told; written now, so that their timestamps are when the change was made.
  if (reply.status === 200) exchange.callbacks = state.callbacks.write(changes, appAdmin);
  if (state.options.singleDetailAsObject) asDocsExample(reply, exchange);
  const body = 'error' in reply ? errorBody(reply.error, reply.description, undefined, reply.code) : { ...envelope(state, exchange), ...reply.body };
  // The request was processed; the caller never learns the outcome.
  if (exchange.fault?.reset === 'after') return { kind: 'reset', when: 'after' };
  return answer(reply.status, body);
}

/**
 * The first step to decide ends the call. Faults come first: they stand for the network and proxies in front of the
 * service. The rate limit is next and counts every call that reaches it, so an unauthenticated or misaddressed call is
 * refused as over the limit too, and spends the budget; only then come the app, the body and the token.
 */
const steps: Step[] = [injectedFault, rateLimit, appInPath, jsonBody, tokenGrant, bearerToken, endpointAnswer];

function record({ emulator }: EmulatorState, { method, path, started, isTokenRequest, body }: Exchange, status: number): void {
  // A token request's body holds the app's secret: never kept.
  emulator.calls.push({ method, path, status, at: started, token: isTokenRequest, ...(body === undefined || isTokenRequest ? {} : { body }) });
}

async function deliver(state: EmulatorState, exchange: Exchange, outcome: Outcome): Promise<void> {
  const { req, res } = exchange;
  if (outcome.kind === 'stream') return streamBody(outcome.fault, res, (status) => record(state, exchange, status));
  // Cutting a call before handling it takes no time; anything else takes the emulated latency first.
  const cutAtOnce = outcome.kind === 'reset' && outcome.when === 'before';
  if (!cutAtOnce && state.emulator.latencyMs > 0) await sleep(state.emulator.latencyMs);
  if (outcome.kind === 'reset') {
    record(state, exchange, 0);
    req.socket.destroy();
    return;
  }
  record(state, exchange, outcome.status);
  res.writeHead(outcome.status, { 'content-type': 'application/json;charset=UTF-8', ...outcome.headers });
  res.end(outcome.body === '' ? '' : jsonText(outcome.body));
}

/** Answers one call to the API, `url` being the request's, parsed. */
export async function answerApiCall(state: EmulatorState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const exchange = openExchange(state, req, res, url);
  for (const step of steps) {
    const pending = step(state, exchange);
    // Only a step that has to wait (for the body) is awaited: an answer decided before leaves while Node still parses
    // the request, and so ahead of any 400 Node would send for what follows it on the connection.
    const outcome = pending instanceof Promise ? await pending : pending;
    if (!outcome) continue;
    try {
      return await deliver(state, exchange, outcome);
    } finally {
      // Easemob calls back after it has answered; a change whose answer was cut still happened, and is told.
      if (exchange.callbacks) state.callbacks.send(exchange.callbacks);
    }
  }
}
