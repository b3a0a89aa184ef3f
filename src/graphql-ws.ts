/**
 * GraphQL over WebSocket (graphql-ws, the `graphql-transport-ws` subprotocol) on the GraphQL
 * path of the gateway's HTTP server. Each operation a socket subscribes to is run as the GraphQL
 * over SSE request a browser would send — same body, the sign-in token from the connection's
 * `connectionParams.authorization` (or the upgrade request's Authorization header) — through the
 * gateway's own fetch handler, and its results are handed on as the socket's messages. So every
 * check of an HTTP request applies to it unchanged (the caller, persisted documents, limits,
 * prices, budgets), which graphql-ws alone would skip: it runs none of yoga's request hooks.
 */
import type { IncomingMessage, Server } from 'node:http';
import { type ExecutionResult, type FormattedExecutionResult, parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { NodeServerContext } from './http.js';

/** What runs a GraphQL request: the gateway's yoga. */
export interface FetchHandler {
  fetch(request: Request, serverContext: NodeServerContext): Response | Promise<Response>;
}

export interface GraphqlWsOptions {
  /** The GraphQL endpoint's path: WebSocket upgrades to it are taken. */
  path: string;
  /** Largest message a client may send (a subscribe message is a request body). */
  maxPayloadBytes: number;
  /** Time a client has to send connection_init after connecting. */
  initTimeoutMs?: number;
  /** Interval of WebSocket pings that keep idle connections (and proxies) alive. */
  keepAliveMs?: number;
}

/** A document for graphql-ws's own bookkeeping only: the real one travels in the request the gateway runs. */
const placeholder = parse('subscription { __typename }');

/** The events of a GraphQL over SSE stream, each a `next` message's data, until it completes. */
async function* eventsOf(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<ExecutionResult> {
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const message = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (message.startsWith('event: complete')) return;
      if (!message.startsWith('event: next')) continue; // a keep-alive comment
      yield JSON.parse(message.slice(message.indexOf('\ndata:') + 6)) as ExecutionResult;
    }
  }
}

/**
 * A response's results as graphql-ws iterates them. Ending it early (the client completed the
 * operation, or went away) cancels the stream at once, which ends the subscription behind it:
 * an async generator would only hear of it at its next event, which may never come.
 */
async function resultsOf(response: Response): Promise<AsyncIterableIterator<ExecutionResult>> {
  if (!response.headers.get('content-type')?.startsWith('text/event-stream') || !response.body) {
    // Refused before GraphQL ran (401, 429…): its one answer is the socket's one result.
    const answer = (await response.json()) as ExecutionResult;
    return (async function* () {
      yield answer;
    })();
  }
  const reader = response.body.getReader();
  const events = eventsOf(reader);
  const results: AsyncIterableIterator<ExecutionResult> = {
    next: () => events.next(),
    async return() {
      await reader.cancel();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => results,
  };
  return results;
}

/** Where the bridged request comes from: the upgrade request, and the operation's own parameters. */
interface Bridged {
  upgrade: IncomingMessage;
  authorization?: string;
  body: string;
}

export function serveGraphqlWs(server: Server, handler: FetchHandler, options: GraphqlWsOptions) {
  const sockets = new WebSocketServer({ server, path: options.path, maxPayload: options.maxPayloadBytes });
  const run = async (args: { contextValue?: unknown }) => {
    const { upgrade, authorization, body } = args.contextValue as Bridged;
    const request = new Request(`http://${upgrade.headers.host ?? 'localhost'}${options.path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        accept: 'text/event-stream',
        ...(authorization ? { authorization } : {}),
      },
      body,
    });
    return resultsOf(await handler.fetch(request, { req: upgrade }));
  };
  const disposable = useServer<{ authorization?: unknown }>(
    {
      connectionInitWaitTimeout: options.initTimeoutMs ?? 3_000,
      // A token in connectionParams must be a string; anything else is refused with the connection.
      onConnect: ({ connectionParams }) => {
        const given = connectionParams?.authorization;
        return given === undefined || (typeof given === 'string' && given.length <= 8_192);
      },
      onSubscribe: ({ connectionParams, extra }, _id, payload) => {
        const given = connectionParams?.authorization as string | undefined;
        const bridged: Bridged = {
          upgrade: extra.request,
          authorization: given ?? extra.request.headers.authorization,
          body: JSON.stringify(payload),
        };
        return { schema: undefined as never, document: placeholder, contextValue: bridged };
      },
      execute: run,
      subscribe: run,
      // Results come as the gateway answered them, errors already plain JSON: sent as they are.
      onNext: (_ctx, _id, _payload, _args, result) => result as FormattedExecutionResult,
    },
    sockets,
    options.keepAliveMs ?? 12_000,
  );
  return {
    /** Closes every socket (1001, going away): their operations end with them. */
    async close() {
      await disposable.dispose();
    },
  };
}
