/**
 * One name for "a caller of this scope asks this operation with these variables": the key
 * under which identical operations share an execution (coalesce.ts) and a price
 * (upstream-budget.ts). yoga's parser cache gives the same query text the same
 * DocumentNode, so documents are told apart by identity. A caller without a scope has no
 * key: nothing of theirs is shared.
 */
import type { DocumentNode, ExecutionArgs } from 'graphql';
import type { RequestFacts } from '../request-scope.js';

/** Works out an operation's key; made once per gateway and handed to the plugins that share by it. */
export type OperationKeys = (args: ExecutionArgs) => string | undefined;

export function createOperationKeys(): OperationKeys {
  const documents = new WeakMap<DocumentNode, number>();
  let nextDocument = 0;
  // Worked out once per request, whichever plugin asks first.
  const keys = new WeakMap<object, string | undefined>();
  return (args) => {
    const context = args.contextValue as RequestFacts;
    if (keys.has(context)) return keys.get(context);
    const { scope } = context.caller;
    let document = documents.get(args.document);
    if (document === undefined) documents.set(args.document, (document = nextDocument++));
    const key =
      scope === undefined ? undefined : `${scope}\n${document}\n${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}`;
    keys.set(context, key);
    return key;
  };
}
