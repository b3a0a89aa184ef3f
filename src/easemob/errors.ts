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
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_ERROR';

export class EasemobError extends Error {
  override name = 'EasemobError';
  constructor(
    readonly code: EasemobErrorCode,
    message: string,
    /** HTTP status the upstream answered, when it answered at all. */
    readonly statusCode?: number,
    options?: { cause?: unknown; outcomeUnknown?: boolean },
  ) {
    super(message, options);
    this.outcomeUnknown = options?.outcomeUnknown ?? false;
  }
  /** A write got no answer after it may have reached Easemob: it may have been applied. */
  readonly outcomeUnknown: boolean;
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

/** Maps an upstream HTTP error status to a typed error with a safe message. */
export function errorForStatus(status: number, upstreamCode: unknown): EasemobError {
  const detail = safeUpstreamCode(upstreamCode);
  const suffix = detail ? ` (${detail})` : '';
  if (status === 400) return new EasemobError('BAD_USER_INPUT', `Easemob rejected the input${suffix}`, status);
  if (status === 401) return new EasemobError('UNAUTHENTICATED', `Easemob rejected the credentials${suffix}`, status);
  if (status === 403) return new EasemobError('FORBIDDEN', `Easemob refused the operation${suffix}`, status);
  if (status === 404) return new EasemobError('NOT_FOUND', `Easemob found no such resource${suffix}`, status);
  if (status === 429 || status === 503)
    return new EasemobError('UPSTREAM_RATE_LIMITED', 'Easemob rate limit reached; try again shortly', status);
  if (status === 502 || status === 504)
    return new EasemobError('UPSTREAM_UNAVAILABLE', 'Easemob is unavailable; try again shortly', status);
  return new EasemobError('UPSTREAM_ERROR', `Easemob answered with an error (HTTP ${status})${suffix}`, status);
}
