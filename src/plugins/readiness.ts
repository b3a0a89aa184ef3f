/**
 * yoga's readiness check, consulted only for its own path: on every other request yoga's
 * plugin tests the URL against a URLPattern, whose polyfill cost about 3% of a small
 * query's CPU (profiled). The check itself is the caller's.
 */
import { type Plugin, useReadinessCheck } from 'graphql-yoga';

type Check = Parameters<typeof useReadinessCheck>[0]['check'];

export function useReadiness(endpoint: string, check: Check): Plugin {
  const yogas = useReadinessCheck({ endpoint, check });
  return {
    ...yogas,
    onRequest(payload) {
      if (payload.url.pathname === endpoint) return yogas.onRequest?.(payload);
    },
  };
}
