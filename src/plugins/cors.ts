/**
 * CORS for the origins in GATEWAY_CORS_ORIGINS only. yoga's own helper, given two or more
 * origins, answers a stranger `Access-Control-Allow-Origin: null`, which is exactly the
 * origin a sandboxed iframe or a `data:` page sends: any website could read (and, where
 * anonymous callers may, write) through one. Here each request's origin is looked up, and an
 * origin not on the list gets no CORS headers at all, preflight included.
 *
 * What the gateway answers depends on the Origin header whenever CORS is on, so every answer
 * says `Vary: Origin`: a shared cache must not hand an answer stored for one origin (or for
 * none) to a browser app on another.
 */
import type { Plugin, YogaServerOptions } from 'graphql-yoga';
import { addVary } from '../http.js';
import type { SecurityOptions } from '../security.js';

type CorsOption = YogaServerOptions<object, object>['cors'];

/** yoga's `cors` option: per allowed origin, that origin alone; for anyone else, nothing. */
export function corsFor(security: Pick<SecurityOptions, 'corsOrigins' | 'corsAllowHeaders'>): CorsOption {
  if (!security.corsOrigins.length) return false;
  const common = {
    methods: ['GET', 'POST'],
    allowedHeaders: [...new Set(['content-type', 'authorization', ...security.corsAllowHeaders])],
    // Browser code may read when to retry, and the id to quote.
    exposedHeaders: ['x-request-id', 'retry-after'],
    credentials: false,
    maxAge: 600,
  };
  const byOrigin = new Map(security.corsOrigins.map((origin) => [origin, { ...common, origin }]));
  return (request: Request) => byOrigin.get(request.headers.get('origin') ?? '') ?? false;
}

/** `Vary: Origin` on every answer while CORS is on. */
export function useVaryOrigin(): Plugin {
  return {
    onResponse({ response }) {
      addVary(response.headers, 'Origin');
    },
  };
}
