/**
 * Where Easemob's callbacks come in (POST /easemob/callbacks): each is checked — size, rate,
 * signature against any configured secret, freshness, its callId's first use — read, and
 * handed to the live hub, at Node's level, before the GraphQL server sees the request (a
 * callback is not GraphQL; the Fetch request and response yoga would make of it cost more than
 * all of the checks below; and Easemob's few addresses would soon meet the per-IP limit of callers).
 * Easemob counts only a 200 as delivered and retries anything else once, at once, then drops
 * it; 90 failures in 30 s ban the rule for minutes. So what is signed and merely not for the
 * gateway (a group's event, a message, an operation added since) is answered 200 and let be,
 * and only what is forged, stale or unreadable is refused. No upstream call is ever made here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { envelopeOf, isSigned, readCallback } from './easemob/callbacks.js';
import type { LiveHub } from './live/hub.js';
import type { Logger } from './logging.js';
import { type PlainAnswer, plainRefusal as refusal, secondsUntilFree } from './http.js';

export interface CallbackIntakeOptions {
  /** Each callback rule's secret: any of them signs (more than one while one is being replaced). Empty: the intake is off. */
  secrets: readonly string[];
  /** How far a callback's timestamp may be from now, either way. */
  windowMs: number;
  maxBodyBytes: number;
  perIpPerSecond: number;
  /** Callback bytes being read at once, from every address: over it, 503 (Easemob retries once). */
  maxBytesInFlight?: number;
}

export type CallbackOutcome =
  | 'accepted'
  | 'echo'
  | 'repeated'
  | 'ignored'
  | 'bad_signature'
  | 'stale'
  | 'malformed'
  | 'too_large'
  | 'rate_limited'
  | 'busy'
  | 'slow'
  | 'aborted'
  | 'suspect'
  | 'off'
  | 'failed';

export const callbackPath = '/easemob/callbacks';

/** Reading one more body would put the intake, or the address, over its bytes in flight. */
class Busy extends Error {}
/** A body that did not arrive in time: held open, it would hold a share of the bytes in flight. */
class SlowBody extends Error {}

/** How long a whole callback body may take to arrive: Easemob sends small bodies from nearby. */
const bodyDeadlineMs = 2_000;

/** Refusals that only a forger earns (Easemob signs, and sends fresh, well-formed JSON): a few a minute, then the address waits. */
const suspicious: ReadonlySet<CallbackOutcome> = new Set(['bad_signature', 'stale', 'malformed', 'too_large', 'slow']);

/** What Easemob is answered when the callback is its to forget: short, since long answers count as failures. */
const delivered: PlainAnswer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };

/** The body, or undefined past `max` bytes (read no further); `held` is told of every byte read. Throws SlowBody at `deadline`. */
async function bodyOf(req: IncomingMessage, max: number, deadline: number, held: (bytes: number) => void): Promise<string | undefined> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && !(Number(declared) <= max)) return undefined;
  const chunks = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  // Raced: a read that waits for a client gone quiet is not woken by anything else.
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new SlowBody()), Math.max(0, deadline - Date.now()))));
  late.catch(() => {});
  const read: Buffer[] = [];
  let size = 0;
  try {
    for (;;) {
      const { value, done } = await Promise.race([chunks.next(), late]);
      if (done) break;
      size += value.byteLength;
      held(value.byteLength);
      if (size > max) return undefined;
      read.push(value);
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(read).toString('utf8');
}

/** The intake: a Node request handler for `callbackPath`. */
export function createCallbackIntake(
  options: CallbackIntakeOptions,
  hub: LiveHub,
  logger: Logger,
  count: (outcome: CallbackOutcome) => void,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const perIp = new RateLimiterMemory({ points: options.perIpPerSecond, duration: 1 });
  const suspects = new RateLimiterMemory({ points: 20, duration: 60 });
  // Bodies are read whole before their signature can be checked: what is read at once is bounded,
  // and one address may hold two of the largest bodies of it, so that it cannot keep the rest out.
  const maxInFlight = options.maxBytesInFlight ?? 16 * options.maxBodyBytes;
  const maxPerAddress = 2 * options.maxBodyBytes;
  let inFlight = 0;
  const byAddress = new Map<string, number>();
  const busy = (): [CallbackOutcome, PlainAnswer] => [
    'busy',
    refusal(503, 'SERVER_BUSY', 'too many callbacks are being read at once; try again shortly', { retryAfterSeconds: 1 }),
  ];

  async function take(req: IncomingMessage, ip: string): Promise<[CallbackOutcome, PlainAnswer]> {
    if (!options.secrets.length) return ['off', refusal(404, 'NOT_FOUND', 'callbacks are not configured here (EASEMOB_CALLBACK_SECRETS)')];
    if (req.method !== 'POST') return ['malformed', refusal(405, 'BAD_REQUEST', 'Callbacks are POSTed.', { headers: { allow: 'POST' } })];
    const suspected = await suspects.get(ip);
    if (suspected && suspected.remainingPoints <= 0) {
      return ['suspect', refusal(429, 'RATE_LIMITED', 'this address sent callbacks that were not Easemob\'s; wait', { retryAfterSeconds: secondsUntilFree(suspected) })];
    }
    try {
      await perIp.consume(ip);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      return ['rate_limited', refusal(429, 'RATE_LIMITED', 'this address is over its callback rate', { retryAfterSeconds: secondsUntilFree(res) })];
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (inFlight + declared > maxInFlight || (byAddress.get(ip) ?? 0) + declared > maxPerAddress) return busy();
    let read = 0;
    let text: string | undefined;
    const deadline = Date.now() + bodyDeadlineMs;
    try {
      text = await bodyOf(req, options.maxBodyBytes, deadline, (bytes) => {
        read += bytes;
        inFlight += bytes;
        byAddress.set(ip, (byAddress.get(ip) ?? 0) + bytes);
        if (inFlight > maxInFlight || byAddress.get(ip)! > maxPerAddress) throw new Busy();
      });
    } catch (error) {
      if (error instanceof Busy) return busy();
      if (error instanceof SlowBody || Date.now() >= deadline) return ['slow', refusal(408, 'BAD_REQUEST', `A callback body must arrive within ${bodyDeadlineMs} ms.`)];
      // The client went away, or sent what is not a body: nobody is there to answer, and nothing is ours to log.
      return ['aborted', refusal(400, 'BAD_REQUEST', 'The callback body could not be read.')];
    } finally {
      inFlight -= read;
      const left = (byAddress.get(ip) ?? 0) - read;
      if (left > 0) byAddress.set(ip, left);
      else byAddress.delete(ip);
    }
    if (text === undefined) return ['too_large', refusal(413, 'BAD_REQUEST', `Callback body is over ${options.maxBodyBytes} bytes.`)];
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return ['malformed', refusal(400, 'BAD_REQUEST', 'A callback is a JSON object.')];
    }
    const envelope = envelopeOf(body);
    if (!envelope) return ['malformed', refusal(400, 'BAD_REQUEST', 'A callback has callId, security and timestamp.')];
    if (!isSigned(envelope, options.secrets)) return ['bad_signature', refusal(401, 'UNAUTHENTICATED', 'the callback is not signed with a secret of this app')];
    if (Math.abs(Date.now() - envelope.timestamp) > options.windowMs) {
      return ['stale', refusal(401, 'UNAUTHENTICATED', 'the callback is too old, or from the future, to be taken')];
    }
    if (!(await hub.firstSeen(envelope.callId))) return ['repeated', delivered];
    const reading = readCallback(body as object, envelope);
    if (reading.kind === 'ignored') return ['ignored', delivered];
    return [(await hub.received(reading.event)) === 'echo' ? 'echo' : 'accepted', delivered];
  }

  return async (req, res) => {
    const ip = req.socket.remoteAddress ?? 'unknown';
    let outcome: CallbackOutcome;
    let response: PlainAnswer;
    try {
      [outcome, response] = await take(req, ip);
    } catch (error) {
      // Ours, not the callback's: a 5xx would only have Easemob send it again, to the same fault.
      logger.error({ err: error }, 'a callback could not be handled');
      [outcome, response] = ['failed', delivered];
    }
    // Counted, not logged: a flood of forged callbacks must not become a flood of log lines.
    count(outcome);
    if (suspicious.has(outcome)) await suspects.consume(ip).catch(() => {});
    // What was not read of a body too large, too slow or refused unread is not read now: its connection closes once answered.
    if (!req.complete) res.once('finish', () => req.destroy());
    res.writeHead(response.status, response.headers).end(response.body);
  };
}
