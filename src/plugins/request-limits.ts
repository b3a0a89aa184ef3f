/**
 * Checks every HTTP request before it is parsed: a per-IP request rate and a body size
 * limit. POST bodies must declare their length, so an oversized one is refused unread.
 */
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { clientIp, type NodeServerContext, refusal, retryAfterHeader } from '../http.js';

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
