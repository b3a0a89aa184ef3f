/**
 * Checks the variables and every field's arguments, then prices the operation in upstream calls before it
 * runs (src/upstream-cost.ts): refuses it when an argument is invalid or the price is over
 * the per-operation limit, charges the price to the caller's budget so that one caller
 * cannot take the whole app's 30 calls/s from the others, and holds the operation to its
 * price while it runs (the context's allowance). With shared state the budgets live in
 * Redis, so a caller cannot reset theirs by reaching another replica; while Redis is down
 * each replica counts them alone (rate-limiter-flexible's insurance limiter).
 */
import { type ExecutionArgs, getOperationAST, getVariableValues, type GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { estimateUpstreamCalls, fragmentsOf } from '../upstream-cost.js';
import { say } from '../error-codes.js';
import { type NodeServerContext, refusal, retryLater, secondsUntilFree } from '../http.js';
import { type RequestFacts, requestScope } from '../request-scope.js';
import type { SharedState } from '../shared-state.js';
import type { OperationKeys } from './operation-key.js';
import type { Stoppable } from './stoppable.js';

export interface UpstreamBudgetOptions {
  maxCallsPerOperation: number;
  callerBudget: number;
  callerWindowSeconds: number;
  /** Room ids per detail call: 100, or 1 when batching is off. */
  detailBatch: number;
  /** Keep the budgets in Redis, shared by the replicas. */
  shared?: SharedState;
  /** Whose prices may be kept for the same operation again: the gateway's one operation key. */
  operationKey: OperationKeys;
}

/** The limiter to charge now: Redis while shared state is up, else this process's own (also Redis's insurance). */
function callerBudgets({ callerBudget: points, callerWindowSeconds: duration, shared }: UpstreamBudgetOptions): () => RateLimiterAbstract {
  const local = new RateLimiterMemory({ points, duration });
  if (!shared) return () => local;
  const inRedis = new RateLimiterRedis({
    storeClient: shared.redis,
    keyPrefix: shared.key('callers'),
    points,
    duration,
    // A command that fails (Redis went away mid-way) is charged here instead.
    insuranceLimiter: local,
  });
  // Known down (not connected, or hung): charge locally at once rather than wait for a command to fail.
  return () => (shared.up ? inRedis : local);
}

const overBudget = 'this caller has used its budget of upstream calls; slow down';

/** Refused before execution: no data, so a 4xx status (GraphQL over HTTP). */
const refused = (errors: readonly GraphQLError[]) =>
  errors.map((e) => createGraphQLError(e.message, { nodes: e.nodes, extensions: { ...e.extensions, http: { status: 400 } } }));

type Price = { calls: number } | { refused: GraphQLError[] };

/**
 * Checks and prices an operation: its variables as execution will see them (defaults
 * applied; those that do not coerce are refused here, the same with or without graphql-jit,
 * which would answer 200 without a code), then every field's arguments and the calls.
 * The answer depends only on the document, the operation, the variables and the caller's
 * scope (what a rule lets the caller skip), so a price is kept for the document's next requests.
 */
export function pricing(detailBatch: number, operationKey: OperationKeys) {
  // Bounded in entries and key length: variables are the caller's to choose.
  const kept = new Map<string, Price>();
  const most = 1_000;
  const longestKey = 1_024;
  const price = (args: ExecutionArgs): Price | undefined => {
    const key = operationKey(args);
    const known = key === undefined ? undefined : kept.get(key);
    if (known) return known;
    const worked = work(args, detailBatch);
    // Refusals are worked out anew: their errors go out to be changed by later plugins, and bad input is rare.
    if (key === undefined || key.length > longestKey || !worked || 'refused' in worked) return worked;
    if (kept.size >= most) kept.delete(kept.keys().next().value!);
    kept.set(key, worked);
    return worked;
  };
  return Object.assign(price, { kept: () => kept.size });
}

function work(args: ExecutionArgs, detailBatch: number): Price | undefined {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return undefined;
  const variables = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
  if (variables.errors) {
    return {
      refused: refused(
        variables.errors.map((e) => createGraphQLError(say('BAD_USER_INPUT', e.message), { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT' } })),
      ),
    };
  }
  const { calls, invalid } = estimateUpstreamCalls({
    schema: args.schema,
    operation,
    fragments: fragmentsOf(args.document),
    variables: variables.coerced,
    context: args.contextValue as RequestFacts,
    detailBatch,
  });
  return invalid.length ? { refused: refused(invalid) } : { calls };
}

export function useUpstreamBudget(options: UpstreamBudgetOptions): Plugin<RequestFacts, NodeServerContext> {
  const callers = callerBudgets(options);
  const price = pricing(options.detailBatch, options.operationKey);
  // Callers whose last charge spent their budget, until it frees: the check before parsing
  // asks only this process, never Redis, so a flood costs no round trip either.
  const spent = new RateLimiterMemory({ points: 1, duration: options.callerWindowSeconds });
  const remember = (key: string, res: RateLimiterRes) => {
    if (res.remainingPoints <= 0 && res.msBeforeNext > 0) void spent.block(key, res.msBeforeNext / 1000);
  };
  return {
    // A caller whose budget is spent is refused before its request is even parsed, so a
    // flood costs the gateway as little as possible.
    async onRequest({ request, endResponse }) {
      for (const key of requestScope(request).caller.budgetKeys) {
        const res = await spent.get(key);
        if (res && res.remainingPoints <= 0) {
          return endResponse(refusal(request, 429, 'RATE_LIMITED', overBudget, { retryAfterSeconds: secondsUntilFree(res) }));
        }
      }
    },
    onExecute: (payload) => charge(payload),
    // A subscription pays for its start and for what one event's selection reads, once, when it starts.
    onSubscribe: (payload) => charge(payload),
  };

  async function charge({ args, setResultAndStopExecution }: Stoppable) {
    const context = args.contextValue as RequestFacts;
    const priced = price(args);
    if (!priced) return; // no such operation: execute() reports it
    if ('refused' in priced) return setResultAndStopExecution({ errors: priced.refused });
    const { calls } = priced;
    const limit = options.maxCallsPerOperation;
    if (calls > limit) {
      return setResultAndStopExecution({
        errors: [
          createGraphQLError(
            say(
              'QUERY_TOO_EXPENSIVE',
              `the operation may make up to ${calls} upstream calls to Easemob, over the limit of ${limit}. ` +
                'Ask for fewer rooms (first, ids) or nest fewer lists (members, joinedChatrooms).',
            ),
            { extensions: { code: 'QUERY_TOO_EXPENSIVE', estimate: calls, limit, http: { status: 400 } } },
          ),
        ],
      });
    }
    context.upstreamCalls.allowed = calls;
    context.upstreamCalls.priced = calls;
    if (calls === 0) return;
    let key = '';
    try {
      for (key of context.caller.budgetKeys) remember(key, await callers().consume(key, calls));
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      remember(key, res);
      setResultAndStopExecution({
        errors: [
          createGraphQLError(say('RATE_LIMITED', overBudget), {
            extensions: { code: 'RATE_LIMITED', ...retryLater(429, secondsUntilFree(res)) },
          }),
        ],
      });
    }
  }
}
