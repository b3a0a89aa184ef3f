/**
 * The one place that talks HTTP to Easemob: builds URLs under /{org}/{app}, adds the
 * Authorization header, paces, retries and circuit-breaks every call, shares identical
 * in-flight reads, maps statuses to typed errors and parses JSON through the wire schemas.
 * Callers pass already-validated path segments.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BrokenCircuitError,
  circuitBreaker,
  type CircuitBreakerPolicy,
  ConsecutiveBreaker,
  handleWhen,
} from 'cockatiel';
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { EasemobError, errorForStatus, isQuotaExhausted, isRateRefusal, isTokenRefusal, type UpstreamReason } from './errors.js';
import { endpointOf, type UpstreamObserver } from './observer.js';
import { createLocalWindow } from './call-window.js';
import { type Pacer, pacerOf, windowRulesOf } from './pacer.js';
import type { UpstreamPolicy } from './policy.js';
import { backoffMs, retryableMessageStatus, retryableNetworkError, retryableStatus, retryAfterMs, wasNeverSent } from './retry.js';
import { changesUntold, createSharedReads, type SharedReads, tagsOfPath } from './shared-reads.js';
import { createSharedWindow } from './shared-window.js';
import type { SharedState } from '../shared-state.js';
import { errorBody } from './wire.js';
import { parseExactJson } from './json.js';

/** Where the Easemob app lives, and the process-wide machinery every call goes through. */
export interface Upstream {
  dispatcher: Dispatcher;
  /** Scheme, host and port: `https://a1.easemob.com`. */
  origin: string;
  /** Path prefix including org and app: `/easemob-demo/chatdemoui`. */
  appPath: string;
  policy: UpstreamPolicy;
  pacer: Pacer;
  breaker: CircuitBreakerPolicy;
  reads: SharedReads;
  /** The replicas' shared state (Redis), when there is one. */
  shared?: SharedState;
  observer: UpstreamObserver;
}

/** Per-operation settings of a call. */
export interface CallOptions {
  /** Epoch ms by which all of the call's work, retries included, ends. */
  deadline: number;
  /** The caller's lane in the pacing queue. */
  lane?: string;
  /** Told of every attempt sent upstream, to count an operation's calls. */
  onAttempt?: () => void;
  /** Asked before a call is started (shared or not); throws to refuse it, so an operation's calls stay within its price. */
  admit?: () => void;
  /** Asked before each retry; false ends the tries with the failure at hand. */
  mayRetry?: () => boolean;
  /** Told when a call begins to wait on Easemob (its turn, its answer, or a read it shares) and when it has its answer. */
  onWait?: { began(): void; ended(): void };
  /** Told of each read, by the cache tags of what it reads (none: a read no tag names, or one whose answer changes untold). */
  onRead?: (tags: readonly string[]) => void;
}

/** Supplies the Authorization header for upstream calls. */
export interface AuthSource {
  /** The header to send; waiting for it ends by `deadline` (epoch ms) at the latest. */
  header(deadline?: number): Promise<string>;
  /**
   * Present for the gateway's own credential: told when the upstream answered 401 to
   * `header` (the call is then retried once with a fresh one), and its final refusal is the
   * gateway's failure (UPSTREAM_ERROR), not the caller's.
   */
  rejected?(header: string): void;
  /** Told when the upstream accepted `header`. */
  accepted?(header: string): void;
}

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the app, with every segment already encoded: `/chatrooms/1%2C2`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Safe to send twice; by default every method but POST. */
  idempotent?: boolean;
  /**
   * A read sent with another method than GET (Easemob reads room attributes with a POST): shared,
   * cached and retried as a read, and it leaves the cache as it is. Its body is part of what it reads.
   */
  read?: boolean;
  /**
   * The answer may hold integers past 2^53 (a broadcast's id): read them exactly, as strings
   * (src/easemob/json.ts). Asked for where the docs show one, since the scan costs every answer.
   */
  exactIntegers?: boolean;
  /**
   * A message, a broadcast or a recall. It changes nothing a read returns, so the read cache is
   * left as it is. A second copy would be seen by every member, so it is sent again only when
   * Easemob surely did not take it (never sent, or a 429, `retryableMessageStatus`); after a 5xx
   * or a connection cut once sent, the caller is told it may have been sent.
   */
  message?: boolean;
  /**
   * The endpoint has a rate of its own far below the app's (a broadcast: 1 a second, 10 a
   * minute): its 429 is that limit's, so it neither slows the app's pacing nor is retried at
   * once; the caller is told to wait.
   */
  limitedApart?: boolean;
}

export interface Answer {
  status: number;
  json: unknown;
  retryAfter?: number;
}

export interface EasemobClient {
  call<S extends z.ZodType>(request: UpstreamRequest, schema: S): Promise<z.output<S>>;
}

/** A failure to get any answer; `cause` holds undici's error. */
class NetworkError extends Error {}

/** undici's code when an answer outgrew the dispatcher's `maxResponseSize`; the body was discarded as it streamed. */
const tooLarge = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE';

/** Answers that mean the upstream is down rather than busy (429, 503: retried) or unhappy with the request. */
const isOutage = (status: number) => status === 500 || status === 502 || status === 504;

export function createUpstream(
  app: { baseUrl: string; org: string; app: string },
  dispatcher: Dispatcher,
  policy: UpstreamPolicy,
  observer: UpstreamObserver = {},
  shared?: SharedState,
): Upstream {
  const url = new URL(app.baseUrl);
  const prefix = url.pathname.replace(/\/+$/, '');
  const rules = windowRulesOf(policy);
  const local = createLocalWindow(rules.local);
  return {
    dispatcher,
    origin: url.origin,
    appPath: `${prefix}/${encodeURIComponent(app.org)}/${encodeURIComponent(app.app)}`,
    policy,
    pacer: pacerOf(policy, shared ? createSharedWindow(shared, rules.shared, local) : local),
    breaker: circuitBreaker(
      handleWhen((e) => e instanceof NetworkError).orWhenResult((a) => isOutage((a as Answer).status)),
      { halfOpenAfter: policy.breakerCooldownMs, breaker: new ConsecutiveBreaker(policy.breakerThreshold) },
    ),
    reads: createSharedReads({
      enabled: policy.shareReads,
      cacheTtlMs: policy.cacheTtlMs,
      shared,
      readDeadlineMs: policy.operationTimeoutMs,
      onHit: observer.sharedRead,
      onInvalidate: observer.invalidated,
    }),
    shared,
    observer,
  };
}

const failingFast = () => new EasemobError('UPSTREAM_UNAVAILABLE', 'failing fast while it recovers; try again shortly');

/**
 * One attempt: fail fast while the circuit is open, else wait for a turn from the pacer,
 * then HTTP. The breaker counts only network failures and outage statuses; a call the
 * pacer refuses does not count (cockatiel rethrows errors its policy does not handle).
 */
async function attempt(upstream: Upstream, request: UpstreamRequest, authorization: string | undefined, call: CallOptions) {
  const { deadline, lane = '' } = call;
  const endpoint = endpointOf(request.method, request.path);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (authorization) headers.authorization = authorization;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const query = Object.entries(request.query ?? {}).filter(([, v]) => v !== undefined);
  const search = query.length ? `?${new URLSearchParams(query.map(([k, v]) => [k, String(v)]))}` : '';
  const path = `${upstream.appPath}${request.path}${search}`;
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  try {
    return await upstream.breaker.execute(async (): Promise<Answer> => {
      // Paced inside the breaker so that an open circuit fails fast without waiting a turn.
      const queuedAt = performance.now();
      const bytes = path.length + (body?.length ?? 0);
      const slot = await upstream.pacer.acquire(request.method === 'GET' || request.read ? 'read' : 'write', deadline, lane, bytes);
      const sentAt = performance.now();
      upstream.observer.paced?.((sentAt - queuedAt) / 1000);
      call.onAttempt?.();
      try {
        const res = await upstream.dispatcher.request({
          origin: upstream.origin,
          path,
          method: request.method,
          headers,
          body,
          signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
        });
        const text = await res.body.text();
        let json: unknown = undefined;
        try {
          json = text ? (request.exactIntegers ? parseExactJson(text) : JSON.parse(text)) : undefined;
        } catch {
          // A non-JSON body (an HTML error page from a proxy) is treated as no body.
        }
        slot.done();
        upstream.observer.call?.(endpoint, res.statusCode, (performance.now() - sentAt) / 1000);
        // Only a refusal for the rate slows pacing down: other answers are for the retries and the breaker.
        if (isRateRefusal(res.statusCode, reasonOf(res.statusCode, json).error) && !request.limitedApart) upstream.pacer.rejected();
        return { status: res.statusCode, json, retryAfter: retryAfterMs(res.headers['retry-after']) };
      } catch (cause) {
        slot.done();
        upstream.observer.call?.(endpoint, 0, (performance.now() - sentAt) / 1000);
        // Not an outage and not worth a retry: the same answer would come again.
        if (tooLarge(cause)) throw new EasemobError('UPSTREAM_ERROR', 'the answer is larger than the gateway accepts', undefined, { cause });
        throw new NetworkError('no answer from Easemob', { cause });
      }
    });
  } catch (error) {
    throw error instanceof BrokenCircuitError ? failingFast() : error;
  }
}

/**
 * Sends a request under the retry policy until the deadline: backoff with full jitter,
 * Retry-After honoured, and on a 401 one refresh of the credential and one more try.
 */
export async function send(
  upstream: Upstream,
  request: UpstreamRequest,
  auth: AuthSource | undefined,
  call: CallOptions,
): Promise<Answer> {
  const { maxRetries, backoffBaseMs, backoffMaxMs } = upstream.policy;
  const { deadline } = call;
  const idempotent = request.idempotent ?? (request.read || request.method !== 'POST');
  let refreshed = false;
  /** Waits before the next try; false when no try is left before the deadline. */
  const pause = async (tries: number, reason: string, retryAfter?: number) => {
    const delay = retryAfter ?? backoffMs(tries, backoffBaseMs, backoffMaxMs);
    if (tries >= maxRetries || Date.now() + delay >= deadline || call.mayRetry?.() === false) return false;
    upstream.observer.retry?.(reason);
    await sleep(delay);
    return true;
  };

  for (let tries = 0; ; tries++) {
    const authorization = auth ? await auth.header(deadline) : undefined;
    let answer: Answer;
    try {
      answer = await attempt(upstream, request, authorization, call);
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      if (retryableNetworkError(idempotent, error.cause) && (await pause(tries, 'network'))) continue;
      throw unanswered(idempotent, error.cause);
    }
    // A 401 about what the request names (MetadataException: the user is not in the room) is answered as it is.
    if (isTokenRefusal(answer.status, reasonOf(answer.status, answer.json).error) && auth?.rejected && authorization) {
      auth.rejected(authorization);
      // The token expired or was revoked early: refresh once and retry once.
      if (!refreshed && call.mayRetry?.() !== false) {
        refreshed = true;
        continue;
      }
      throw new EasemobError('UPSTREAM_ERROR', "it refused the gateway's own credentials", 401);
    }
    if (authorization) auth?.accepted?.(authorization);
    const { error: word } = reasonOf(answer.status, answer.json);
    const retryable =
      !request.limitedApart &&
      (request.message ? retryableMessageStatus(answer.status, word) : retryableStatus(idempotent, answer.status) && !isQuotaExhausted(answer.status, word));
    if (retryable && (await pause(tries, String(answer.status), answer.retryAfter))) continue;
    if (!idempotent && (answer.status === 502 || answer.status === 504)) throw unanswered(false, undefined);
    if (request.message && answer.status >= 500) throw unanswered(false, undefined);
    return answer;
  }
}

/** No usable answer. For a write that may have reached Easemob, say that it may have happened. */
function unanswered(idempotent: boolean, cause: unknown): EasemobError {
  if (idempotent || wasNeverSent(cause)) {
    return new EasemobError('UPSTREAM_UNAVAILABLE', 'it could not be reached; try again shortly', undefined, { cause });
  }
  return new EasemobError(
    'UPSTREAM_UNAVAILABLE',
    'it did not confirm the change; it may have been applied, so check before trying again',
    undefined,
    { cause, outcomeUnknown: true },
  );
}

/**
 * The error word and description of an error answer (4xx, 5xx), when it has Easemob's error body.
 * A success has none, and is not looked into: every answer passes here, some of them large.
 */
function reasonOf(status: number, json: unknown): UpstreamReason {
  if (status < 400) return {};
  const body = errorBody.safeParse(json);
  return body.success ? { error: body.data.error, description: body.data.error_description } : {};
}

/** Parses a successful body, or turns an error status into a typed error. */
export function parseResponse<S extends z.ZodType>({ status, json }: Answer, schema: S): z.output<S> {
  if (status < 200 || status >= 300) {
    throw errorForStatus(status, reasonOf(status, json));
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new EasemobError('UPSTREAM_ERROR', 'it answered in an unexpected format', status, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/**
 * A client for one GraphQL operation: its credential, deadline, pacing lane and call count.
 * `fresh`: its reads never come from the cache, for decisions that must not rest on a stale
 * answer (who owns a room, who its admins are).
 */
export function createEasemobClient(upstream: Upstream, auth: AuthSource, call: CallOptions, fresh = false): EasemobClient {
  async function answer<S extends z.ZodType>(request: UpstreamRequest, schema: S): Promise<z.output<S>> {
    if (request.method !== 'GET' && !request.read) {
      try {
        return parseResponse(await send(upstream, request, auth, call), schema);
      } finally {
        // Whatever the outcome, cached reads may be stale now; a message changes none of them.
        if (!request.message) await upstream.reads.invalidate();
      }
    }
    // Identical reads in flight for the same credential share one upstream call, and its
    // parsed answer: callers treat wire data as read-only.
    const key = `${await auth.header(call.deadline)}\n${request.method} ${request.path}\n${JSON.stringify(request.query ?? {})}\n${JSON.stringify(request.body ?? null)}`;
    const tags = tagsOfPath(request.path);
    call.onRead?.(changesUntold(request.path) ? [] : tags);
    return upstream.reads.run(key, async () => parseResponse(await send(upstream, request, auth, call), schema), fresh, tags);
  }
  return {
    async call(request, schema) {
      call.admit?.();
      call.onWait?.began();
      try {
        return await answer(request, schema);
      } finally {
        call.onWait?.ended();
      }
    },
  };
}
