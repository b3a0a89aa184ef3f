/**
 * Counts and times every operation into the gateway's metrics (src/metrics.ts), and serves
 * their registry at `path` for Prometheus to scrape.
 */
import { type DocumentNode, getOperationAST } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Metrics } from '../metrics.js';
import type { RequestFacts } from '../request-scope.js';
import { groupMetrics } from '../workers.js';

interface Started {
  at: number;
  labels: { operation: string; type: string };
  failed: boolean;
}

export function useMetrics(metrics: Metrics, path = '/metrics'): Plugin<RequestFacts> {
  const started = new WeakMap<Request, Started>();
  /** Notes when an operation started, by its request, for onResponse to count. */
  const begin = (args: { document: DocumentNode; operationName?: string | null; contextValue: unknown }): Started => {
    const operation = getOperationAST(args.document, args.operationName);
    const context = args.contextValue as RequestFacts & { request: Request };
    const entry: Started = {
      at: performance.now(),
      labels: {
        operation: metrics.label(operation?.name?.value ?? 'anonymous', context.caller.kind === 'key'),
        type: operation?.operation ?? 'query',
      },
      failed: false,
    };
    started.set(context.request, entry);
    return entry;
  };
  return {
    async onRequest({ url, endResponse }) {
      if (url.pathname !== path) return;
      const { registry } = metrics;
      // With several workers, the scrape reached one of them: it answers for all (src/workers.ts).
      const text = (await groupMetrics()) ?? (await registry.metrics());
      endResponse(new Response(text, { headers: { 'content-type': registry.contentType } }));
    },
    onExecute: ({ args }) => {
      const entry = begin(args);
      return {
        onExecuteDone({ result }) {
          entry.failed = 'errors' in result && Boolean(result.errors?.length);
        },
      };
    },
    // A subscription counts once, when it starts (or is refused): its time is the time to start.
    onSubscribe: ({ args }) => {
      const entry = begin(args);
      return {
        onSubscribeResult({ result }) {
          entry.failed = !isAsyncIterable(result) && Boolean(result.errors?.length);
        },
      };
    },
    onResponse({ request, response }) {
      const entry = started.get(request);
      if (!entry) return;
      const outcome = response.status >= 400 ? 'refused' : entry.failed ? 'error' : 'ok';
      metrics.operation(entry.labels, outcome, (performance.now() - entry.at) / 1000);
    },
  };
}
