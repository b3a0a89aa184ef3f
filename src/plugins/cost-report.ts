/**
 * What an operation cost, told to whoever asks, so that a frontend sees why a screen is slow or
 * near its budget without reading the gateway's logs: every GraphQL answer has a Server-Timing
 * header (the whole request, the time spent waiting on Easemob, the upstream calls made), and an
 * operation sent with `x-gateway-cost: 1` has them in its answer's `extensions.cost`, beside what
 * it was priced at (what the caller's budget was charged).
 */
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { type RequestFacts, requestScope } from '../request-scope.js';

/** The request header that asks for `extensions.cost`. */
export const costHeader = 'x-gateway-cost';

const ms = (value: number) => Math.round(value * 10) / 10;

export function useCostReport(): Plugin<RequestFacts> {
  const started = new WeakMap<Request, number>();
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
    },
    onExecute({ args }) {
      const { request, upstreamCalls } = args.contextValue as RequestFacts & { request?: Request };
      if (request?.headers.get(costHeader) !== '1') return;
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result)) return;
          const cost = { price: upstreamCalls.priced ?? 0, calls: upstreamCalls.count, upstreamMs: ms(upstreamCalls.waitMs) };
          setResult({ ...result, extensions: { ...result.extensions, cost } });
        },
      };
    },
    onResponse({ request, response }) {
      const at = started.get(request);
      const calls = requestScope(request).upstreamCalls;
      // Not an operation (GraphiQL's page, /metrics, a refusal before parsing): nothing to tell.
      if (at === undefined || !calls) return;
      response.headers.append(
        'server-timing',
        `total;dur=${ms(performance.now() - at)}, upstream;dur=${ms(calls.waitMs)}, upstream-calls;desc="${calls.count}"`,
      );
    },
  };
}
