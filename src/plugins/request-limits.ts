/**
 * Checks every HTTP request before it is parsed: a per-IP request rate, a body size limit,
 * and a bound on the request bodies held at once across all callers, since memory grows
 * with what is being parsed and executed, not with what waits upstream alone. POST bodies
 * must declare their length, so an oversized one is refused unread.
 */
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { clientIp, type NodeServerContext, refusal, secondsUntilFree } from '../http.js';

export interface RequestLimits {
  ipRequestsPerSecond: number;
  maxBodyBytes: number;
  /** Request bytes (bodies, or URLs for GET) being handled at once; over it new requests get 503. */
  maxBytesInFlight: number;
}

export function useRequestLimits(options: RequestLimits): Plugin<object, NodeServerContext> {
  const perIp = new RateLimiterMemory({ points: options.ipRequestsPerSecond, duration: 1 });
  const held = new WeakMap<Request, number>();
  let inFlight = 0;
  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      try {
        await perIp.consume(clientIp(serverContext));
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        return endResponse(refusal(request, 429, 'RATE_LIMITED', 'this address is over its request rate', { retryAfterSeconds: secondsUntilFree(res) }));
      }
      let bytes = url.href.length;
      if (request.method === 'POST') {
        const length = request.headers.get('content-length');
        if (length === null) {
          return endResponse(refusal(request, 411, 'BAD_REQUEST', 'POST requests must send Content-Length.'));
        }
        if (!(Number(length) <= options.maxBodyBytes)) {
          return endResponse(refusal(request, 413, 'BAD_REQUEST', `Request body is over ${options.maxBodyBytes} bytes.`));
        }
        bytes += Number(length);
      }
      if (inFlight + bytes > options.maxBytesInFlight) {
        return endResponse(refusal(request, 503, 'SERVER_BUSY', 'the gateway is handling too much at once; try again shortly', { retryAfterSeconds: 1 }));
      }
      inFlight += bytes;
      held.set(request, bytes);
    },
    onResponse({ request }) {
      inFlight -= held.get(request) ?? 0;
      held.delete(request);
    },
  };
}
