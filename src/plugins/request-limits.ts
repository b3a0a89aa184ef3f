/**
 * Checks every HTTP request before it is parsed: a per-IP request rate and a body size
 * limit. POST bodies must declare their length, so an oversized one is refused unread.
 */
import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

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

export function useRequestLimits(options: { ipRequestsPerSecond: number; maxBodyBytes: number }): Plugin<object, NodeServerContext> {
  const perIp = new RateLimiterMemory({ points: options.ipRequestsPerSecond, duration: 1 });
  return {
    async onRequest({ request, serverContext, endResponse }) {
      try {
        await perIp.consume(clientIp(serverContext));
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        return endResponse(refusal(429, 'RATE_LIMITED', 'Too many requests from this address', retryAfterHeader(res)));
      }
      if (request.method !== 'POST') return;
      const length = request.headers.get('content-length');
      if (length === null) {
        return endResponse(refusal(411, 'BAD_REQUEST', 'POST requests must send Content-Length'));
      }
      if (!(Number(length) <= options.maxBodyBytes)) {
        return endResponse(refusal(413, 'BAD_REQUEST', `Request body over ${options.maxBodyBytes} bytes`));
      }
    },
  };
}
