/**
 * A process of `npm run bench:live`'s subscribers (bench/live.ts forks two): it holds GraphQL
 * over SSE subscriptions (one POST with `Accept: text/event-stream` each, over an undici Agent
 * that opens a connection per stream) and notes when each event reached each of them. Times
 * are process.hrtime's, CLOCK_MONOTONIC on Linux: one clock for every process of the machine,
 * so the parent compares them with when it sent the callback. Told what to do over IPC:
 *   open      subscribe once per entry of `subs`, `concurrency` at a time
 *   receipts  every receipt so far (event id → ms), this process's CPU, streams ended, errors seen
 *   close     abort every stream
 * and tells the parent `{ kind: 'all', id }` once every open stream has an event.
 */
import { Agent, request } from 'undici';

export interface Sub {
  room: string;
  authorization: string;
}

export type ToClient =
  | { kind: 'open'; url: string; query: string; subs: Sub[]; concurrency: number }
  | { kind: 'receipts' }
  | { kind: 'close' };

export interface Receipts {
  kind: 'receipts';
  /** Event id → when each stream had it (ms of the shared monotonic clock). */
  byId: Record<string, number[]>;
  cpuMs: number;
  /** Streams the server ended (completed, or an error such as SUBSCRIBER_TOO_SLOW). */
  ended: number;
  /** Results with `errors`, by their first message's code. */
  errors: Record<string, number>;
}

export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

// Every stream holds its own connection: SSE requests never finish, so the Agent opens one per request.
const agent = new Agent({ connections: 100_000, pipelining: 1, headersTimeout: 120_000, bodyTimeout: 0 });
let streams: AbortController[] = [];
let byId = new Map<string, number[]>();
let ended = 0;
let errors: Record<string, number> = {};
const send = (message: unknown) => process.send!(message);

/** Reads one stream: the time is taken as its bytes arrive, before any parsing. */
function read(body: NodeJS.ReadableStream) {
  let carry = '';
  body.on('data', (chunk: Buffer) => {
    const at = nowMs();
    carry += chunk.toString('latin1');
    let cut: number;
    while ((cut = carry.indexOf('\n\n')) >= 0) {
      const message = carry.slice(0, cut);
      carry = carry.slice(cut + 2);
      if (!message.startsWith('event: next')) continue; // a keep-alive comment
      const id = /"id":"([^"]+)"/.exec(message)?.[1];
      if (message.includes('"errors"')) {
        const code = /"code":"([^"]+)"/.exec(message)?.[1] ?? 'unknown';
        errors[code] = (errors[code] ?? 0) + 1;
      }
      if (!id) continue;
      const times = byId.get(id) ?? [];
      byId.set(id, times);
      times.push(at);
      if (times.length === streams.length) send({ kind: 'all', id });
    }
  });
  body.on('end', () => ended++);
  body.on('error', () => {}); // aborted by us
}

async function open(url: string, query: string, { room, authorization }: Sub): Promise<number | string> {
  const abort = new AbortController();
  const { statusCode, headers, body } = await request(url, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization },
    body: JSON.stringify({ query, variables: { id: room } }),
    signal: abort.signal,
  });
  if (statusCode !== 200 || !String(headers['content-type']).startsWith('text/event-stream')) {
    await body.text().catch(() => '');
    return statusCode || -1;
  }
  streams.push(abort);
  read(body);
  return 200;
}

process.on('message', async (message: ToClient) => {
  if (message.kind === 'open') {
    byId = new Map();
    ended = 0;
    errors = {};
    const started = nowMs();
    const statuses: Record<string, number> = {};
    let next = 0;
    const worker = async () => {
      while (next < message.subs.length) {
        const status = await open(message.url, message.query, message.subs[next++]!).catch((error: Error & { code?: string }) => error.code ?? error.message);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: message.concurrency }, worker));
    send({ kind: 'opened', statuses, ms: nowMs() - started });
  } else if (message.kind === 'receipts') {
    send({ kind: 'receipts', byId: Object.fromEntries(byId), cpuMs: cpuMs(), ended, errors } satisfies Receipts);
  } else if (message.kind === 'close') {
    for (const stream of streams) stream.abort();
    streams = [];
    send({ kind: 'closed' });
  }
});
send({ kind: 'ready' });
