/**
 * Runs identical queries in flight once: when a query arrives while the same document with
 * the same operation name and variables is executing for a caller of the same scope (same
 * credential upstream, same rights: src/auth.ts), it waits for that execution and answers
 * with its result. Many users opening the same room at the same moment cost one execution.
 * With a response cache (src/response-cache.ts), what such an execution answered is kept, and
 * the same query asked again is answered from it while nothing it read about has changed.
 * An answer is kept only when it has no error and no rule read the room for it (a rule
 * decides on fresh reads only: a kept answer would decide on an old owner).
 *
 * Only queries; never mutations. Each request still goes through everything before
 * execution (its own caller, validation, price and budget charge), and everything after
 * (error masking with its own request id, logs, metrics): only the execution is shared.
 * Callers of different scopes never share: their executions have different keys.
 * This plugin must come last, so that it sees the execute function the others have set.
 */
import { type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestFacts } from '../request-scope.js';
import type { Lookup, ResponseCache, Serializable } from '../response-cache.js';
import type { OperationKeys } from './operation-key.js';

/**
 * A shared result is written out once for all the requests it answers. Only the result
 * itself: a request whose plugins changed it (masked errors) gets a copy, written anew.
 */
function serializedOnce(result: Serializable): Serializable {
  const stringify = result.stringify ?? JSON.stringify;
  let text: string | undefined;
  result.stringify = (given) => (given === result ? (text ??= stringify(given)) : stringify(given));
  return result;
}

/** The tags an execution's answer is about, when it may be kept: no error, and every read tagged (a rule's read of a room is not). */
function keptAbout(result: ExecutionResult, context: RequestFacts): readonly string[] | undefined {
  const tags = context.upstreamCalls.readTags;
  return result.errors?.length || !tags ? undefined : [...tags];
}

/**
 * `cache`: the answers kept; `onInvalidated`: how the plugin hears that what the gateway knew of
 * Easemob is stale (a write, an event), after which no request joins an execution that began before.
 */
export function useCoalescing(
  operationKey: OperationKeys,
  observe: { shared?: () => void; cached?: () => void } = {},
  cache?: ResponseCache,
  onInvalidated?: (forget: () => void) => void,
): Plugin<RequestFacts> {
  const inFlight = new Map<string, Promise<ExecutionResult>>();
  onInvalidated?.(() => inFlight.clear());

  return {
    onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      const key = operationKey(args);
      if (key === undefined || getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      // A passthrough caller's token is checked by Easemob alone, on each call: a kept answer would skip the check.
      const answers = (args.contextValue as RequestFacts).caller.kind === 'passthrough' ? undefined : cache;

      /** Answers with the kept answer, or joins the same execution in flight, or runs it (to be kept when it may be). */
      const answerOrRun = (found: Lookup | undefined) => {
        if (found?.kept) {
          observe.cached?.();
          return setResultAndStopExecution(found.kept);
        }
        const running = inFlight.get(key);
        if (running) {
          observe.shared?.();
          return running.then(setResultAndStopExecution);
        }
        let settle!: (result: Promise<ExecutionResult>) => void;
        const shared = new Promise<ExecutionResult>((resolve) => (settle = resolve));
        inFlight.set(key, shared);
        setExecuteFn((executeArgs) => {
          const result = Promise.resolve()
            .then(() => executeFn(executeArgs) as Promise<ExecutionResult>)
            .then(serializedOnce)
            .then((done) => {
              const tags = found && keptAbout(done, executeArgs.contextValue as RequestFacts);
              if (tags) answers!.keep(key, done, tags, found!.since);
              return done;
            });
          settle(result);
          // Only its own entry: after an invalidation, a newer execution may hold the key.
          const settled = () => inFlight.get(key) === shared && inFlight.delete(key);
          void result.then(settled, settled);
          return result;
        });
      };

      // In Redis (replicas share it), the lookup is a round trip; in this process, it answers at once.
      const looked = answers?.lookup(key);
      return looked instanceof Promise ? looked.then(answerOrRun) : answerOrRun(looked);
    },
  };
}
