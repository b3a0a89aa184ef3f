/**
 * Upstream failures as typed errors. They never carry the upstream URL, the token or
 * the raw body in their message; `cause` may hold the low-level error for logs.
 * The GraphQL edge (src/errors.ts) turns them into GraphQLErrors by `code`.
 */
export type EasemobErrorCode =
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_QUOTA_EXCEEDED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_ERROR';

export class EasemobError extends Error {
  override name = 'EasemobError';
  constructor(
    readonly code: EasemobErrorCode,
    message: string,
    /** HTTP status the upstream answered, when it answered at all. */
    readonly statusCode?: number,
    options?: { cause?: unknown; outcomeUnknown?: boolean; upstream?: UpstreamReason },
  ) {
    super(message, options);
    this.outcomeUnknown = options?.outcomeUnknown ?? false;
    this.upstream = options?.upstream;
  }
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
    super('NOT_FOUND', `Chatroom ${chatroomId} does not exist`, 404);
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

/** Maps an upstream HTTP error status to a typed error with a safe message. */
export function errorForStatus(status: number, upstream: UpstreamReason = {}): EasemobError {
  const detail = safeUpstreamCode(upstream.error);
  const suffix = detail ? ` (${detail})` : '';
  const options = { upstream };
  if (status === 400) return new EasemobError('BAD_USER_INPUT', `Easemob rejected the input${suffix}`, status, options);
  if (status === 401) return new EasemobError('UNAUTHENTICATED', `Easemob rejected the credentials${suffix}`, status, options);
  if (status === 403) return new EasemobError('FORBIDDEN', `Easemob refused the operation${suffix}`, status, options);
  if (status === 404) return new EasemobError('NOT_FOUND', `Easemob found no such resource${suffix}`, status, options);
  if (isQuotaExhausted(status, upstream.error)) {
    return new EasemobError(
      'UPSTREAM_QUOTA_EXCEEDED',
      'A quota of the Easemob plan is used up (resource_limited); retrying will not help until it is raised or renews',
      status,
      options,
    );
  }
  if (status === 429 || status === 503)
    return new EasemobError('UPSTREAM_RATE_LIMITED', 'Easemob rate limit reached; try again shortly', status, options);
  if (status === 502 || status === 504)
    return new EasemobError('UPSTREAM_UNAVAILABLE', 'Easemob is unavailable; try again shortly', status, options);
  return new EasemobError('UPSTREAM_ERROR', `Easemob answered with an error (HTTP ${status})${suffix}`, status, options);
}
