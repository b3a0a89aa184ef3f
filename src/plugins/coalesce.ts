/**
 * Runs identical queries in flight once: when a query arrives while the same document with
 * the same operation name and variables is executing for a caller of the same scope (same
 * credential upstream, same rights: src/auth.ts), it waits for that execution and answers
 * with its result. Many users opening the same room at the same moment cost one execution.
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
import type { OperationKeys } from './operation-key.js';

/** What graphql-jit puts on a result, and yoga uses to write it out. */
type Serializable = ExecutionResult & { stringify?: (result: unknown) => string };

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

export function useCoalescing(operationKey: OperationKeys, onShared?: () => void): Plugin<RequestFacts> {
  const inFlight = new Map<string, Promise<ExecutionResult>>();

  return {
    onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      const key = operationKey(args);
      if (key === undefined || getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      const running = inFlight.get(key);
      if (running) {
        onShared?.();
        return running.then(setResultAndStopExecution);
      }
      let settle!: (result: Promise<ExecutionResult>) => void;
      const shared = new Promise<ExecutionResult>((resolve) => (settle = resolve));
      inFlight.set(key, shared);
      setExecuteFn((executeArgs) => {
        const result = Promise.resolve()
          .then(() => executeFn(executeArgs) as Promise<ExecutionResult>)
          .then(serializedOnce);
        settle(result);
        void result.then(
          () => inFlight.delete(key),
          () => inFlight.delete(key),
        );
        return result;
      });
    },
  };
}
