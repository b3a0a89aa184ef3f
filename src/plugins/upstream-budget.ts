/**
 * Prices each operation in upstream calls before it runs (src/upstream-cost.ts): refuses
 * one over the per-operation limit, and charges the estimate to the caller's budget so
 * that one caller cannot take the whole app's 30 calls/s from the others.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Context } from '../context.js';
import { estimateUpstreamCalls } from '../upstream-cost.js';
import { clientIp, type NodeServerContext, refusal, retryAfterHeader } from './request-limits.js';

export interface UpstreamBudgetOptions {
  maxCallsPerOperation: number;
  callerBudget: number;
  callerWindowSeconds: number;
  /** The budget keys of a request's caller, as the context will have them. */
  budgetKeys: (request: Request, ip: string) => string[];
}

const overBudget = 'Too many upstream calls from this caller; slow down';

export function useUpstreamBudget(options: UpstreamBudgetOptions): Plugin<Context, NodeServerContext> {
  const callers = new RateLimiterMemory({ points: options.callerBudget, duration: options.callerWindowSeconds });
  return {
    // A caller whose budget is spent is refused before its request is even parsed, so a
    // flood costs the gateway as little as possible.
    async onRequest({ request, serverContext, endResponse }) {
      for (const key of options.budgetKeys(request, clientIp(serverContext))) {
        const res = await callers.get(key);
        if (res && res.remainingPoints <= 0) return endResponse(refusal(429, 'RATE_LIMITED', overBudget, retryAfterHeader(res)));
      }
    },
    async onExecute({ args, setResultAndStopExecution }) {
      const estimate = estimateUpstreamCalls(args.document, args.operationName, args.variableValues);
      const limit = options.maxCallsPerOperation;
      if (estimate > limit) {
        return setResultAndStopExecution({
          errors: [
            createGraphQLError(
              `Operation refused: it may make up to ${estimate} upstream calls to Easemob, over the limit of ${limit}. ` +
                'Ask for fewer rooms (first, ids) or nest fewer lists (members, joinedChatrooms).',
              { extensions: { code: 'QUERY_TOO_EXPENSIVE', estimate, limit, http: { status: 400 } } },
            ),
          ],
        });
      }
      if (estimate === 0) return;
      try {
        for (const key of (args.contextValue as Context).budgetKeys) await callers.consume(key, estimate);
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        setResultAndStopExecution({
          errors: [
            createGraphQLError(overBudget, {
              extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: retryAfterHeader(res) } },
            }),
          ],
        });
      }
    },
  };
}
