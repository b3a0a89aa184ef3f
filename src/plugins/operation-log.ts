/**
 * One log line per operation: its request id, name, type, outcome and error codes,
 * duration and upstream call count; a subscription in a shared stream, the stream's id too.
 * Nothing else of the request: no header, no variable.
 */
import { getOperationAST } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { NodeServerContext } from '../http.js';
import type { Logger } from '../logging.js';
import type { RequestFacts } from '../request-scope.js';

/** A subscription's line, told the codes of its errors and how many events it had; `stream`, a shared stream's id. */
type SubscriptionLine = (codes: Set<unknown>, events: number, stream?: string) => void;

/**
 * Made apart, of these alone: a closure made in the plugin's hook would hold all that hook's
 * closures hold, and a shared stream's member keeps its line as long as it is open.
 */
function subscriptionLine(operations: Logger, requestId: string, operation: string | null, upstreamCalls: { count: number }): SubscriptionLine {
  const started = performance.now();
  return (codes, events, stream) =>
    operations.info(
      {
        requestId,
        ...(stream === undefined ? {} : { stream }),
        operation,
        type: 'subscription',
        outcome: codes.size ? 'error' : 'ok',
        codes: codes.size ? [...codes] : undefined,
        events,
        durationMs: Math.round(performance.now() - started),
        upstreamCalls: upstreamCalls.count,
      },
      'operation',
    );
}

/** A shared stream's member's line, when it ends: its events, and the code it ended with. */
const memberLine = (line: SubscriptionLine, stream: string) => (events: number, code: unknown) =>
  line(new Set(code === undefined ? [] : [code]), events, stream);

export function useOperationLog(logger: Logger): Plugin<RequestFacts> {
  // The operation line is made of the fields below only, none of them a credential: its
  // redaction would find nothing, at about 4 µs a line (measured).
  const operations = logger.child({}, { redact: { paths: [] } });
  return {
    // A subscription's line is written when it ends: how many events it was told, and the codes of its errors.
    onSubscribe({ args }) {
      const { requestId, upstreamCalls, stream } = args.contextValue as RequestFacts & NodeServerContext;
      const operation = getOperationAST(args.document, args.operationName)?.name?.value ?? null;
      const line = subscriptionLine(operations, requestId, operation, upstreamCalls);
      return {
        onSubscribeResult({ result }) {
          if (!isAsyncIterable(result)) return line(new Set(result.errors?.map((e) => e.extensions?.code)), 0);
          // A member of a shared stream (src/live/shared-streams.ts) is told its own events; the stream is the
          // group's, and named by its founder's request id, which the errors it masks quote.
          const joined = stream?.joined;
          if (joined) {
            joined.member.onEnd = memberLine(line, joined.stream);
            return;
          }
          const codes = new Set<unknown>();
          let events = 0;
          return {
            onNext({ result: told }) {
              events++;
              for (const error of told.errors ?? []) codes.add(error.extensions?.code);
            },
            onEnd: () => line(codes, events),
          };
        },
      };
    },
    onExecute({ args }) {
      const started = performance.now();
      const context = args.contextValue as RequestFacts;
      const operation = getOperationAST(args.document, args.operationName);
      return {
        onExecuteDone({ result }) {
          const errors = 'errors' in result ? (result.errors ?? []) : [];
          operations.info(
            {
              requestId: context.requestId,
              operation: operation?.name?.value ?? null,
              type: operation?.operation,
              outcome: errors.length ? 'error' : 'ok',
              codes: errors.length ? [...new Set(errors.map((e) => e.extensions?.code))] : undefined,
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              upstreamCalls: context.upstreamCalls.count,
            },
            'operation',
          );
        },
      };
    },
  };
}
