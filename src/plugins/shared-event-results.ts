/**
 * One execution per event for every subscriber told the same thing. Each subscriber's stream
 * would run its selection on each event (87 µs of CPU each, measured: 435 ms for an event to
 * 5,000); subscribers of the same document and variables, told the same event, whose selection
 * holds no field that depends on who asks (a rule of its own: mutedMembers, joinedChatrooms…),
 * and who read Easemob with the same credential, get the same answer: it is worked out once and
 * handed to each. A selection with such a field (one with a rule of its own, or that says it
 * answers by caller) runs per subscriber, as before.
 *
 * Over SSE, subscribers with the same key go further: they share one stream, and with it their
 * connections are written the same bytes (src/live/shared-streams.ts). The key is handed to the
 * request's stream slot here, before the subscription's resolver joins through it.
 */
import {
  createSourceEventStream,
  type DocumentNode,
  execute,
  type ExecutionArgs,
  getOperationAST,
  type ExecutionResult,
  type GraphQLSchema,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { isAsyncIterable, mapAsyncIterator, type Plugin } from 'graphql-yoga';
import type { Delivery } from '../live/hub.js';
import type { RoomEvent } from '../live/room-event.js';
import type { NodeServerContext } from '../http.js';
import type { RequestFacts } from '../request-scope.js';
import { createIds, declared } from './operation-key.js';

/**
 * Whether a field answers differently by who asks: it has a rule that is a function of the caller,
 * or says so itself (`extensions.answersByCaller`: its resolver reads the caller, as viewerRole).
 */
const askerDependent = (extensions: unknown) => {
  const field = extensions as { answersByCaller?: boolean; pothosOptions?: { authScopes?: unknown } } | undefined;
  return field?.answersByCaller === true || typeof field?.pothosOptions?.authScopes === 'function';
};

/** Whether the document's subscription, below its root field, holds a field that answers by who asks. */
function dependsOnAsker(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let depends = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        // The root field's own rule ran once, when the subscription started.
        if (typeInfo.getParentType() === schema.getSubscriptionType()) return;
        if (askerDependent(typeInfo.getFieldDef()?.extensions)) depends = true;
      },
    }),
  );
  return depends;
}

const isDelivery = (payload: unknown): payload is Delivery =>
  typeof payload === 'object' && payload !== null && 'event' in payload && 'shared' in payload;

export function useSharedEventResults(): Plugin {
  const documentId = createIds<DocumentNode>();
  const shareable = new WeakMap<DocumentNode, boolean>();
  const credentials = createIds<object>();
  // Results by the event as told (a subscriber told a narrower one has another), then by what was asked.
  const results = new WeakMap<RoomEvent, Map<string, Promise<ExecutionResult> | ExecutionResult>>();

  /** What subscribers must share to share an answer; undefined when this one answers by who asks. */
  function keyOf(args: ExecutionArgs): string | undefined {
    let shared = shareable.get(args.document);
    if (shared === undefined) shareable.set(args.document, (shared = !dependsOnAsker(args.schema, args.document)));
    const credential = (args.contextValue as RequestFacts).caller.credential;
    if (!shared || !credential) return undefined;
    return `${documentId(args.document)}\n${credentials(credential)}\n${args.operationName ?? ''}\n${JSON.stringify(declared(args))}`;
  }

  return {
    onSubscribe({ args, setSubscribeFn }) {
      const key = keyOf(args as ExecutionArgs);
      if (key === undefined) return;
      const slot = (args.contextValue as NodeServerContext).stream;
      if (slot) slot.key = key;
      setSubscribeFn(async (subscription: ExecutionArgs) => {
        const source = await createSourceEventStream(subscription);
        if (!isAsyncIterable(source)) return source;
        return mapAsyncIterator(source, (payload: unknown) => {
          const run = () => execute({ ...subscription, rootValue: payload });
          // An ending (too slow, signed out) is its subscriber's own.
          if (!isDelivery(payload)) return run();
          let answers = results.get(payload.event);
          if (!answers) results.set(payload.event, (answers = new Map()));
          let answer = answers.get(key);
          if (!answer) answers.set(key, (answer = run()));
          return answer;
        });
      });
    },
  };
}
