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

/** A page served from this machine over http: localhost or 127.0.0.1 (or [::1]), any port. */
const loopbackOrigin = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

type CorsSettings = Pick<SecurityOptions, 'corsOrigins' | 'corsLoopbackOrigins'>;

/** Whether CORS is on at all. */
export const corsOn = (security: CorsSettings): boolean => security.corsOrigins.length > 0 || security.corsLoopbackOrigins;

/** Whether a browser page of `origin` may call: one of GATEWAY_CORS_ORIGINS, or (the demo's default) a page of this machine. */
export const originAllowed =
  (security: CorsSettings) =>
  (origin: string): boolean =>
    security.corsOrigins.includes(origin) || (security.corsLoopbackOrigins && loopbackOrigin.test(origin));

/** yoga's `cors` option: per allowed origin, that origin alone; for anyone else, nothing. */
export function corsFor(security: CorsSettings & Pick<SecurityOptions, 'corsAllowHeaders'>): CorsOption {
  if (!corsOn(security)) return false;
  const common = {
    methods: ['GET', 'POST'],
    allowedHeaders: [...new Set(['content-type', 'authorization', ...security.corsAllowHeaders])],
    // Browser code may read when to retry, the id to quote, and what the request cost.
    exposedHeaders: ['x-request-id', 'retry-after', 'server-timing'],
    credentials: false,
    maxAge: 600,
  };
  const allowed = originAllowed(security);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    return origin !== null && allowed(origin) ? { ...common, origin } : false;
  };
}

/** `Vary: Origin` on every answer while CORS is on. */
export function useVaryOrigin(): Plugin {
  return {
    onResponse({ response }) {
      addVary(response.headers, 'Origin');
    },
  };
}
