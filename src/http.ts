/**
 * HTTP helpers shared by the plugins that answer before GraphQL runs: who is asking (the
 * client's address) and a GraphQL-shaped refusal.
 */
import type { IncomingMessage } from 'node:http';
import { RateLimiterRes } from 'rate-limiter-flexible';

export interface NodeServerContext {
  req?: IncomingMessage;
}

export const clientIp = (serverContext: NodeServerContext | undefined): string =>
  serverContext?.req?.socket.remoteAddress ?? 'unknown';

/** A GraphQL-shaped error answer for requests refused before GraphQL sees them. */
export function refusal(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

export const retryAfterHeader = (res: unknown): Record<string, string> =>
  res instanceof RateLimiterRes ? { 'retry-after': String(Math.max(1, Math.ceil(res.msBeforeNext / 1000))) } : {};
