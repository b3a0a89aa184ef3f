/**
 * GraphQL over SSE at Node's level. Yoga runs each request as any other (the caller, persisted
 * documents, validation, rules, prices and budgets all apply), with a slot in its server context
 * through which the subscription's resolver may join a shared stream (src/live/shared-streams.ts).
 * If it did, the connection is handed to the stream with the head yoga made for it, and nothing
 * of the request is kept; otherwise (a query, a refusal, a subscription that answers by who asks)
 * yoga's response is sent as it is.
 *
 * The request is built here, its body read whole (at most the body limit), rather than by yoga's
 * Node adapter: the adapter ties its request to the connection with listeners, and so would keep
 * it, and all that hangs from it, for as long as the stream is open.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { sendNodeResponse } from '@whatwg-node/server';
import Negotiator from 'negotiator';
import type { YogaServerInstance } from 'graphql-yoga';
import type { NodeServerContext } from './http.js';
import type { SharedStreams } from './live/shared-streams.js';
import type { Logger } from './logging.js';

// The context the gateway's yoga makes is its own business here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Yoga = YogaServerInstance<NodeServerContext, any>;

/**
 * Whether a request asks for an event stream by name, as GraphQL over SSE clients do, rather than
 * the other way yoga streams (multipart/mixed).
 */
export function asksForEventStream(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  if ((req.method !== 'GET' && req.method !== 'POST') || !accept || !/\btext\/event-stream\b/i.test(accept)) return false;
  return new Negotiator({ headers: { accept } }).mediaType(['text/event-stream', 'multipart/mixed']) === 'text/event-stream';
}

/** A body of `length` bytes, or undefined if the client stopped sending it. */
function bodyOf(req: IncomingMessage, length: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let read = 0;
    const data = (chunk: Buffer) => {
      read += chunk.length;
      if (read <= length) chunks.push(chunk);
    };
    // The request stays open as long as its stream: nothing of this may stay attached to it.
    const done = (body: Buffer | undefined) => {
      req.off('data', data).off('end', end).off('error', gone).off('close', gone);
      resolve(body);
    };
    const end = () => done(Buffer.concat(chunks));
    const gone = () => done(undefined);
    req.on('data', data).once('end', end).once('error', gone).once('close', gone);
  });
}

/** The request as yoga's fetch handler takes it. */
function requestOf(yoga: Yoga, req: IncomingMessage, body: Buffer | undefined): Request | undefined {
  let url: URL;
  try {
    url = new URL(req.url!, `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    return undefined;
  }
  const headers = new yoga.fetchAPI.Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  return new yoga.fetchAPI.Request(url, { method: req.method, headers, body: body as BodyInit | undefined });
}

const headersOf = (response: Response): OutgoingHttpHeaders => {
  const headers: OutgoingHttpHeaders = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return headers;
};

/**
 * Ends a stream nobody will read: its first chunk read, then cancelled (a whatwg-node stream never
 * read from does not hear a cancel), which ends the subscription behind it and its keep-alive timer.
 */
async function discard(body: ReadableStream<Uint8Array> | null) {
  const reader = body?.getReader();
  await reader?.read();
  await reader?.cancel();
}

const isEventStream = (response: Response): response is Response & { body: ReadableStream<Uint8Array> } =>
  response.body !== null && Boolean(response.headers.get('content-type')?.startsWith('text/event-stream'));

export function createSseStreams(yoga: Yoga, streams: SharedStreams, maxBodyBytes: number, logger: Logger) {
  /**
   * Yoga's answer, sent as it is; for a client that left while it started, ended instead (whatwg-node
   * would leave it unread, and the subscription behind it running).
   */
  async function answer(response: Response, req: IncomingMessage, res: ServerResponse) {
    if (res.destroyed) await discard(response.body);
    else await sendNodeResponse(response, res, req, false);
  }

  return async (req: IncomingMessage, res: ServerResponse) => {
    const length = Number(req.headers['content-length'] ?? 0);
    // Refused by yoga as they are (useRequestLimits): a POST without a length, or over the limit.
    if (req.method === 'POST' && (req.headers['content-length'] === undefined || !(length <= maxBodyBytes))) return yoga(req, res);
    const slot = streams.slot();
    let attached = false;
    try {
      const body = req.method === 'POST' ? await bodyOf(req, length) : undefined;
      if (req.method === 'POST' && !body) return; // the client left
      const request = requestOf(yoga, req, body);
      if (!request) return yoga(req, res);
      // The client's address, not its request: a shared stream keeps its founder's context as long as it runs.
      // No signal either: yoga would answer at once, and leave the subscription starting behind it running.
      const response = await yoga.fetch(request, { ip: req.socket.remoteAddress, stream: slot });
      const joined = slot.joined;
      if (!joined) return await answer(response, req, res);
      if (!isEventStream(response)) {
        streams.abandon(slot);
        return await answer(response, req, res);
      }
      if (joined.founder) void streams.pump(slot, response.body);
      // The others' yoga streams end at once: let go of them, and of their keep-alive timers.
      else await discard(response.body);
      joined.member.attach(res, response.status, headersOf(response));
      attached = true;
    } catch (error) {
      logger.error({ err: error }, 'an event stream could not start');
      if (slot.joined && !attached) streams.abandon(slot);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end();
    }
  };
}
