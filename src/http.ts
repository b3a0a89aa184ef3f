/**
 * HTTP helpers shared by the plugins that answer before GraphQL runs: who is asking (the
 * client's address, whether it is this machine), a GraphQL-shaped refusal, and when to retry.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import Negotiator from 'negotiator';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { type ErrorCode, say } from './error-codes.js';
import type { StreamSlot } from './live/shared-streams.js';

export interface NodeServerContext {
  req?: IncomingMessage;
  /** The client's address, where the request itself is not kept (src/sse-streams.ts). */
  ip?: string;
  /** A GraphQL over SSE request's way into a shared stream (src/sse-streams.ts). */
  stream?: StreamSlot;
}

/** A name or address of this machine: loopback only (`localhost`, `::1`, 127.0.0.0/8). */
export const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

export const clientIp = (serverContext: NodeServerContext | undefined): string =>
  serverContext?.ip ?? serverContext?.req?.socket.remoteAddress ?? 'unknown';

/** Headers a proxy adds: a request with one came from elsewhere, whatever its connection. */
const proxyHeaders = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'];

/**
 * A browser on this machine, talking to the gateway directly: its connection comes from
 * loopback, no proxy forwarded it (a proxy on this machine connects from loopback too), and
 * it asked for a loopback host (a page of another site, rebinding its own name to 127.0.0.1,
 * asks for that name).
 */
export function fromLocalBrowser(request: Request, serverContext: NodeServerContext | undefined): boolean {
  if (!isLoopback(clientIp(serverContext).replace(/^::ffff:/, ''))) return false;
  if (proxyHeaders.some((name) => request.headers.has(name))) return false;
  const host = /^(?:\[([^\]]+)\]|([^:]+))(?::\d+)?$/.exec(request.headers.get('host') ?? '');
  return Boolean(host && isLoopback(host[1] ?? host[2]!));
}

/** Whole seconds until a rate limiter lets the caller in again, at least one. */
export const secondsUntilFree = (res: RateLimiterRes): number => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/**
 * When to try again, for an error: browser code cannot always read a `Retry-After` header
 * (it is exposed to allowed origins only), so the error says it too.
 */
export const retryLater = (status: number, seconds: number) => ({
  retryAfterSeconds: seconds,
  http: { status, headers: { 'retry-after': String(seconds) } },
});

export interface RefusalOptions {
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
  /** The request's Accept header: a client that prefers GraphQL's own response type is answered in it. */
  accept?: string | null;
}

const graphqlResponse = 'application/graphql-response+json';

/**
 * The type a refusal is sent as. A client that accepts `application/graphql-response+json` before
 * plain JSON gets it (GraphQL over HTTP): the body is then a GraphQL response whatever the status,
 * and clients read its errors as GraphQL errors (Apollo Client 4 reads a 4xx or 5xx as a response
 * only then: as plain JSON it is a bare "Received status code 429"). Anything else, plain JSON.
 */
export function refusalType(accept: string | null | undefined): string {
  const preferred = new Negotiator({ headers: { accept: accept ?? 'application/json' } }).mediaType(['application/json', graphqlResponse]);
  return `${preferred === graphqlResponse ? graphqlResponse : 'application/json'}; charset=utf-8`;
}

/** The body of a request refused before GraphQL sees it: one error, with its code. */
export const refusalBody = (code: string, message: string, retryAfterSeconds?: number): string =>
  JSON.stringify({ errors: [{ message, extensions: { code, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) } }] });

/** An answer as Node writes it: status, headers and body. */
export interface PlainAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A GraphQL-shaped error answer for requests refused before GraphQL sees them: in the code's
 * words (src/error-codes.ts), or for BAD_REQUEST, a request that could not be read, in the
 * GraphQL server's. Plain, for what answers at Node's level (src/server.ts, src/callback-intake.ts).
 */
export function plainRefusal(status: number, code: ErrorCode | 'BAD_REQUEST', detail: string, options: RefusalOptions = {}): PlainAnswer {
  const { retryAfterSeconds, headers, accept } = options;
  const message = code === 'BAD_REQUEST' ? detail : say(code, detail);
  return {
    status,
    headers: {
      'content-type': refusalType(accept),
      ...(retryAfterSeconds ? { 'retry-after': String(retryAfterSeconds) } : {}),
      ...headers,
    },
    body: refusalBody(code, message, retryAfterSeconds),
  };
}

/** The same refusal as a Fetch Response, for yoga's plugins: in the type `request` prefers. */
export function refusal(
  request: Request,
  status: number,
  code: ErrorCode | 'BAD_REQUEST',
  detail: string,
  options: Omit<RefusalOptions, 'accept'> = {},
): Response {
  const { body, ...init } = plainRefusal(status, code, detail, { ...options, accept: request.headers.get('accept') });
  return new Response(body, init);
}

/** Adds `name` to a response's Vary header, once. */
export function addVary(headers: Headers, name: string): void {
  const vary = headers.get('vary');
  if (!vary?.split(',').some((each) => each.trim().toLowerCase() === name.toLowerCase())) headers.append('vary', name);
}
