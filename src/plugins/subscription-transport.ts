/**
 * A subscription is streamed or not run: over HTTP its request must accept `text/event-stream`
 * (GraphQL over SSE; graphql-ws asks for it too, src/graphql-ws.ts). Asked for as plain JSON, yoga would
 * start it, find no way to send its events, answer 406 with nothing in the body, and never end it:
 * the subscriber would stay, holding a place under the caller's cap. Refused here before it starts,
 * with a code that says what to send.
 */
import Negotiator from 'negotiator';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

// Whether the request accepts an event stream (text/event-stream, text/*, any type, or no Accept at all), as yoga would choose it.
const streamable = (request: Request | undefined) =>
  new Negotiator({ headers: { accept: request?.headers.get('accept') ?? '*/*' } }).mediaType(['text/event-stream']) !== undefined;

export function useSubscriptionTransport(): Plugin {
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      if (streamable(args.contextValue.request)) return;
      setResultAndStopExecution({
        errors: [
          createGraphQLError(
            'A subscription is streamed: send it with "Accept: text/event-stream" (GraphQL over SSE), or over graphql-ws on the same path.',
            { extensions: { code: 'BAD_REQUEST', http: { status: 406 } } },
          ),
        ],
      });
    },
  };
}
