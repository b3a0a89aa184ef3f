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
import { type ExecutionResult, type FormattedExecutionResult, GraphQLError, parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
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
  /**
   * Whether a browser page of this origin may connect besides the gateway's own (as CORS allows
   * it: src/plugins/cors.ts): a WebSocket has no CORS, so any page could otherwise act through a
   * visitor's browser.
   */
  allowsOrigin(origin: string): boolean;
}

/** A document for graphql-ws's own bookkeeping only: the real one travels in the request the gateway runs. */
const placeholder = parse('subscription { __typename }');

/** The events of a GraphQL over SSE stream, each a `next` message's data, until it completes. */
async function* eventsOf(reader: ReadableStreamDefaultReader<Uint8Array>, first: Uint8Array | undefined): AsyncGenerator<ExecutionResult> {
  const decoder = new TextDecoder();
  let buffer = first ? decoder.decode(first, { stream: true }) : '';
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
  // The stream opens with a comment at once. Read before anything else: a stream never read from
  // does not hear a cancel (whatwg-node's), and its subscription would then run on.
  const { value: first } = await reader.read();
  const events = eventsOf(reader, first);
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

/** Where the bridged request comes from: the socket and its upgrade request, and the operation's id and parameters. */
interface Bridged {
  socket: WebSocket;
  id: string;
  /** The operation's place among those the gateway started: the latest of its id's, or not. */
  seq: number;
  upgrade: IncomingMessage;
  authorization?: string;
  body: string;
}

/** A token as a header may carry it: visible ASCII and spaces, so that building the request cannot fail. */
const isHeaderValue = (value: unknown): value is string => typeof value === 'string' && /^[\x20-\x7e]{0,8192}$/.test(value);

/** The one result of an operation the bridge could not even ask: not the client's to see why in detail. */
const unaskable = (): AsyncIterableIterator<ExecutionResult> =>
  (async function* () {
    yield { errors: [new GraphQLError('The operation could not be sent.', { extensions: { code: 'BAD_REQUEST' } })] };
  })();

/** Same host as the upgrade request: the gateway's own pages. */
const sameHost = (origin: string, host: string | undefined) => {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
};

export function serveGraphqlWs(server: Server, handler: FetchHandler, options: GraphqlWsOptions) {
  const sockets = new WebSocketServer({
    server,
    path: options.path,
    maxPayload: options.maxPayloadBytes,
    // Clients that are not browsers send no Origin; a browser page is let in from the allowed origins only.
    verifyClient: ({ origin, req }: { origin?: string; req: IncomingMessage }) =>
      !origin || options.allowsOrigin(origin) || sameHost(origin, req.headers.host),
  });
  /**
   * What each socket runs, by operation id, and the latest operation started under each id. A
   * client may complete an operation and start another under the same id before the first has
   * begun; graphql-ws 6 then keeps one stream of the two and loses the other, which would run
   * on, told to nobody. So an operation no longer its id's latest when it begins is ended at
   * once; when graphql-ws completes an id, whatever still runs under it ends too; and whatever
   * a socket still runs ends when it closes.
   */
  const latest = new WeakMap<WebSocket, Map<string, number>>();
  const runningOn = new WeakMap<WebSocket, Map<string, Set<AsyncIterableIterator<ExecutionResult>>>>();
  let started = 0;
  const endAll = (streams: Iterable<AsyncIterableIterator<ExecutionResult>> = []) => {
    for (const stream of [...streams]) void stream.return?.();
  };
  const run = async (args: { contextValue?: unknown }) => {
    const { socket, id, seq, upgrade, authorization, body } = args.contextValue as Bridged;
    // A fixed origin: the upgrade's Host must not choose which of the gateway's paths the request reaches.
    let request: Request;
    try {
      request = new Request(`http://localhost${options.path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          accept: 'text/event-stream',
          ...(authorization ? { authorization } : {}),
        },
        body,
      });
    } catch {
      return unaskable();
    }
    const results = await resultsOf(await handler.fetch(request, { req: upgrade }));
    if (socket.readyState !== socket.OPEN || latest.get(socket)?.get(id) !== seq) {
      void results.return?.();
      return results;
    }
    const ids = runningOn.get(socket) ?? new Map<string, Set<AsyncIterableIterator<ExecutionResult>>>();
    runningOn.set(socket, ids);
    const streams = ids.get(id) ?? new Set();
    ids.set(id, streams);
    const forget = () => {
      streams.delete(tracked);
      if (!streams.size && ids.get(id) === streams) ids.delete(id);
    };
    const tracked: AsyncIterableIterator<ExecutionResult> = {
      next: async () => {
        const step = await results.next();
        if (step.done) forget();
        return step;
      },
      return: async () => {
        forget();
        return (await results.return?.()) ?? { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => tracked,
    };
    streams.add(tracked);
    return tracked;
  };
  const disposable = useServer<{ authorization?: unknown }>(
    {
      connectionInitWaitTimeout: options.initTimeoutMs ?? 3_000,
      // A token in connectionParams must be one a header can carry; anything else is refused with the connection.
      onConnect: ({ connectionParams }) => connectionParams?.authorization === undefined || isHeaderValue(connectionParams.authorization),
      onSubscribe: ({ connectionParams, extra }, id, payload) => {
        const given = connectionParams?.authorization as string | undefined;
        const ids = latest.get(extra.socket) ?? new Map<string, number>();
        latest.set(extra.socket, ids);
        ids.delete(id);
        ids.set(id, ++started);
        // Ids are the client's to choose: only the last thousand are remembered.
        if (ids.size > 1_000) ids.delete(ids.keys().next().value!);
        const bridged: Bridged = {
          socket: extra.socket,
          id,
          seq: started,
          upgrade: extra.request,
          authorization: given ?? extra.request.headers.authorization,
          body: JSON.stringify(payload),
        };
        return { schema: undefined as never, document: placeholder, contextValue: bridged };
      },
      onComplete: ({ extra }, id) => endAll(runningOn.get(extra.socket)?.get(id)),
      onClose: ({ extra }) => {
        for (const streams of runningOn.get(extra.socket)?.values() ?? []) endAll(streams);
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
