/**
 * One name for "a caller of this scope asks this operation with these variables": the key
 * under which identical operations share an execution (coalesce.ts) and a price
 * (upstream-budget.ts). yoga's parser cache gives the same query text the same
 * DocumentNode, so documents are told apart by identity. A caller without a scope has no
 * key: nothing of theirs is shared.
 */
import { type DocumentNode, type ExecutionArgs, getOperationAST } from 'graphql';
import type { RequestFacts } from '../request-scope.js';

/** Works out an operation's key; made once per gateway and handed to the plugins that share by it. */
export type OperationKeys = (args: ExecutionArgs) => string | undefined;

/** A short id per object, by identity: a document (yoga's parser cache gives the same text the same DocumentNode), a credential. */
export function createIds<T extends object>(): (value: T) => number {
  const ids = new WeakMap<T, number>();
  let next = 0;
  return (value) => {
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = next++));
    return id;
  };
}

/**
 * The values of the variables the operation declares, in the order it declares them: variables
 * it does not declare change nothing it does, and neither does the order a client wrote them in.
 */
export function declared({ document, operationName, variableValues }: ExecutionArgs): unknown[] {
  const definitions = getOperationAST(document, operationName)?.variableDefinitions ?? [];
  return definitions.map(({ variable }) => variableValues?.[variable.name.value] ?? null);
}

export function createOperationKeys(): OperationKeys {
  const documentId = createIds<DocumentNode>();
  // Worked out once per request, whichever plugin asks first.
  const keys = new WeakMap<object, string | undefined>();
  return (args) => {
    const context = args.contextValue as RequestFacts;
    if (keys.has(context)) return keys.get(context);
    const { scope } = context.caller;
    const document = documentId(args.document);
    const key =
      scope === undefined ? undefined : `${scope}\n${document}\n${args.operationName ?? ''}\n${JSON.stringify(declared(args))}`;
    keys.set(context, key);
    return key;
  };
}
