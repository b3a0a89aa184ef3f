/**
 * Prices each operation in upstream calls before it runs (src/upstream-cost.ts): refuses
 * one over the per-operation limit, and charges the estimate to the caller's budget so
 * that one caller cannot take the whole app's 30 calls/s from the others.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Context } from '../context.js';
import { estimateUpstreamCalls } from '../upstream-cost.js';
import { retryAfterHeader } from './request-limits.js';

export interface UpstreamBudgetOptions {
  maxCallsPerOperation: number;
  callerBudget: number;
  callerWindowSeconds: number;
}

export function useUpstreamBudget(options: UpstreamBudgetOptions): Plugin<Context> {
  const callers = new RateLimiterMemory({ points: options.callerBudget, duration: options.callerWindowSeconds });
  return {
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
            createGraphQLError('Too many upstream calls from this caller; slow down', {
              extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: retryAfterHeader(res) } },
            }),
          ],
        });
      }
    },
  };
}
