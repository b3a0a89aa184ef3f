/**
 * What an operation's check needs of envelop's onExecute and onSubscribe alike: the operation,
 * and a way to answer it without running it. The plugins that refuse before execution
 * (caller.ts, upstream-budget.ts) refuse a subscription the same way as a query.
 */
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import type { RequestFacts } from '../request-scope.js';

export interface Stoppable {
  args: Omit<ExecutionArgs, 'contextValue'> & { contextValue: RequestFacts };
  setResultAndStopExecution(result: ExecutionResult): void;
}
