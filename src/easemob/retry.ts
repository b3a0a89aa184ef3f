/**
 * Which failed upstream attempts may be sent again, and after how long.
 * 429 and 503 mean the upstream rejected the call unprocessed: any method may retry.
 * Network failures and 500/502/504 may have been processed: only idempotent methods
 * (GET, PUT, DELETE) retry; a POST is never sent twice unless it provably never left.
 * A message, a broadcast or a recall is stricter still (`retryableMessageStatus`).
 */
import { isRateRefusal } from './errors.js';

export const retryableStatus = (idempotent: boolean, status: number): boolean =>
  status === 429 || status === 503 || (idempotent && (status === 500 || status === 502 || status === 504));

/**
 * A message is sent again only when Easemob surely did not take it: its rate limiter refused it
 * (a 429). Members would see a second copy, and a 503 may come from in front of a service that
 * had already sent it.
 */
export const retryableMessageStatus = (status: number, upstreamCode: string | undefined): boolean =>
  status === 429 && isRateRefusal(status, upstreamCode);

/** Error codes for which the request was never written to a connection. */
const neverSent = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EAI_AGAIN']);

const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;

export const wasNeverSent = (cause: unknown): boolean => neverSent.has(errorCode(cause) ?? '');

export const retryableNetworkError = (idempotent: boolean, cause: unknown): boolean =>
  idempotent || wasNeverSent(cause);

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base · 2^attempt)). */
export const backoffMs = (attempt: number, baseMs: number, maxMs: number): number =>
  Math.random() * Math.min(maxMs, baseMs * 2 ** attempt);
