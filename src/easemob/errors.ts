/**
 * Upstream failures as typed errors. They never carry the upstream URL, the token or
 * the raw body in their message; `cause` may hold the low-level error for logs.
 * The GraphQL edge (src/plugins/safe-errors.ts) turns them into GraphQLErrors by `code`.
 */
import { type ErrorCode, say } from '../error-codes.js';
import { limits } from './limits.js';

export type EasemobErrorCode = Extract<
  ErrorCode,
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_QUOTA_EXCEEDED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_ERROR'
>;

/** What a caller may be told besides the message, as `extensions`. */
export interface SafeDetails {
  /** Which of the users named do not exist. */
  usernames?: readonly string[];
  /** When trying again may succeed. */
  retryAfterSeconds?: number;
}

/** Easemob's rate limits are per second: a second later there is room again. */
export const retryNextSecond: SafeDetails = { retryAfterSeconds: 1 };

export class EasemobError extends Error {
  override name = 'EasemobError';
  /** `detail` follows the code's opening words (src/error-codes.ts): `chatroom 42` reads `Not found: chatroom 42`. */
  constructor(
    readonly code: EasemobErrorCode,
    detail: string,
    /** HTTP status the upstream answered, when it answered at all. */
    readonly statusCode?: number,
    options?: { cause?: unknown; outcomeUnknown?: boolean; upstream?: UpstreamReason; details?: SafeDetails },
  ) {
    super(say(code, detail), options);
    this.outcomeUnknown = options?.outcomeUnknown ?? false;
    this.upstream = options?.upstream;
    this.details = options?.details ?? {};
  }
  /** Shown to callers as `extensions`, beside the code. */
  readonly details: SafeDetails;
  /** A write got no answer after it may have reached Easemob: it may have been applied. */
  readonly outcomeUnknown: boolean;
  /**
   * What Easemob said, for the easemob/ layer to tell cases apart (which user does not
   * exist). Never shown to callers: messages say what happened in the gateway's words.
   */
  readonly upstream?: UpstreamReason;
}

export interface UpstreamReason {
  /** The short error word: `resource_not_found`. */
  error?: string;
  description?: string;
}

export class ChatroomNotFoundError extends EasemobError {
  override name = 'ChatroomNotFoundError';
  constructor(readonly chatroomId: string) {
    super('NOT_FOUND', `chatroom ${chatroomId}`, 404);
  }
}

/** Upstream error codes are short snake_case words; anything else is not echoed. */
const safeUpstreamCode = (code: unknown): string | undefined =>
  typeof code === 'string' && /^[a-z_]{1,64}$/.test(code) ? code : undefined;

/**
 * 429 `resource_limited`: a plan quota is used up (not the per-second rate, which is
 * `reach_limit`). Retrying does not help until the quota is raised or renews.
 */
export const isQuotaExhausted = (status: number, upstreamCode: unknown): boolean =>
  status === 429 && upstreamCode === 'resource_limited';

/**
 * Easemob refused the call for its rate: 429 `reach_limit` (today's docs), or a 503 or 429
 * without an error word (the seed doc's 503 past 30 calls a second). Only this slows pacing
 * down; a 503 `server_error` is a busy service (retried, then UPSTREAM_UNAVAILABLE), a 429
 * `resource_limited` a used-up quota, and a 429 with another word is not read as the rate.
 */
export const isRateRefusal = (status: number, upstreamCode: unknown): boolean =>
  (status === 429 || status === 503) && (upstreamCode === undefined || upstreamCode === 'reach_limit');

/** Maps an upstream HTTP error status to a typed error with a safe message. */
/** Error words of a 401 that refuses the request for what it names, not the token. */
const refusedForWhatItNames = new Set(['MetadataException']);

/**
 * Whether a 401 refuses the token (`unauthorized`, `invalid_client`… or no error body at all),
 * or the request for what it names: room attributes answer 401 `MetadataException` "user is not
 * in chatroom". Only the first may be mended by a new token.
 */
export const isTokenRefusal = (status: number, error: string | undefined): boolean =>
  status === 401 && !(error !== undefined && refusedForWhatItNames.has(error));

/**
 * 403s that are not a refusal of the operation, told by Easemob's description (the message
 * pages): the day's broadcasts used up, the messages a second over, a message to recall gone.
 */
const forbiddenButMeaning = new Map<string, (options: { upstream: UpstreamReason }) => EasemobError>([
  [
    'chatroom broadcast limit exceeded',
    (options) =>
      new EasemobError(
        'UPSTREAM_QUOTA_EXCEEDED',
        `the app's broadcasts for the day (${limits.broadcastsPerDay} unless Easemob raised it); retrying will not help until the day turns`,
        403,
        options,
      ),
  ],
  [
    'message send reach limit',
    (options) =>
      new EasemobError('UPSTREAM_RATE_LIMITED', `the app's messages a second (${limits.messagesPerSecond}, each room counted); try again shortly`, 403, {
        ...options,
        details: retryNextSecond,
      }),
  ],
  ['not_found msg', (options) => new EasemobError('NOT_FOUND', 'the message (recalled already, or past the time Easemob keeps it)', 403, options)],
]);

export function errorForStatus(status: number, upstream: UpstreamReason = {}): EasemobError {
  const detail = safeUpstreamCode(upstream.error);
  const suffix = detail ? ` (${detail})` : '';
  const options = { upstream };
  const meaning = status === 403 && upstream.description !== undefined ? forbiddenButMeaning.get(upstream.description) : undefined;
  if (meaning) return meaning(options);
  if (status === 400) return new EasemobError('BAD_USER_INPUT', `Easemob rejected it${suffix}`, status, options);
  if (status === 401 && !isTokenRefusal(status, upstream.error)) {
    return new EasemobError('BAD_USER_INPUT', `Easemob refused it for a user it names, not for the token${suffix}`, status, options);
  }
  if (status === 401) return new EasemobError('UNAUTHENTICATED', `Easemob refused the token${suffix}`, status, options);
  if (status === 403) return new EasemobError('FORBIDDEN', `Easemob refused the operation${suffix}`, status, options);
  if (status === 404) return new EasemobError('NOT_FOUND', `Easemob has no such resource${suffix}`, status, options);
  if (isQuotaExhausted(status, upstream.error)) {
    return new EasemobError(
      'UPSTREAM_QUOTA_EXCEEDED',
      "a quota of the app's plan (resource_limited); retrying will not help until it is raised or renews",
      status,
      options,
    );
  }
  if (isRateRefusal(status, upstream.error)) {
    return new EasemobError('UPSTREAM_RATE_LIMITED', 'try again shortly', status, { ...options, details: retryNextSecond });
  }
  if (status === 502 || status === 503 || status === 504) return new EasemobError('UPSTREAM_UNAVAILABLE', 'try again shortly', status, options);
  return new EasemobError('UPSTREAM_ERROR', `HTTP ${status}${suffix}`, status, options);
}
