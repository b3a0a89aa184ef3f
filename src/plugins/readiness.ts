/**
 * yoga's readiness check, consulted only for its own path: on every other request yoga's
 * plugin tests the URL against a URLPattern, whose polyfill cost about 3% of a small
 * query's CPU (profiled). The check itself is the caller's.
 */
import { type Plugin, useReadinessCheck } from 'graphql-yoga';
import type { Checks } from '../workers.js';

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

/**
 * One process's readiness: every required check holds. Shared state and live fan-out (Redis)
 * are reported, never required: without Redis a replica still serves, on its local share, and
 * tells its own subscribers what it hears.
 */
export function readyAlone({ sharedState, liveFanOut, ...required }: Checks): { ready: boolean; checks: Checks } {
  const checks = sharedState === undefined ? required : { ...required, sharedState, liveFanOut };
  return { ready: Object.values(required).every(Boolean), checks };
}

/** Every worker's (src/workers.ts): a check holds when it holds on every worker; a worker that did not answer is not ready. */
export function readyTogether(every: readonly (Checks | null)[]): { ready: boolean; checks: Checks } {
  const each = every.map((checks) => (checks ? readyAlone(checks) : { ready: false, checks: {} }));
  const checks: Checks = { everyWorkerAnswered: every.every((checks) => checks !== null) };
  for (const own of each) {
    for (const [name, holds] of Object.entries(own.checks)) checks[name] = holds === undefined ? checks[name] : (checks[name] ?? true) && holds;
  }
  return { ready: each.every((own) => own.ready), checks };
}
