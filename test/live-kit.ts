/**
 * What the live tests share (test/live.test.ts, test/shared-streams.test.ts): the demo's room, a
 * signed callback as Easemob sends it, a subscriber over SSE and its next event, and one written
 * by hand on a socket.
 */
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { expect } from 'vitest';
import { subscribeSse, type SseSubscription } from './sse.js';
import { post, type Stack } from './stack.js';

export const secret = 'live-test-callback-secret';
export const live = { callbackSecrets: [secret] };

/** The demo's first room: alice owns it, bob and grace are its members. */
export const general = (s: Stack) => [...s.emulator.store.rooms.values()].find((room) => room.name === 'General')!.id;

export const sign = (callId: string, timestamp: number, key = secret) => createHash('md5').update(`${callId}${key}${timestamp}`).digest('hex');

/** A chatroom callback as Easemob sends it, signed: `fields` over a JOIN of zhangsan. */
export function callback(room: string, fields: Record<string, unknown> = {}) {
  const callId = `demo-org#demo-app_${randomUUID()}`;
  const timestamp = (fields.timestamp as number | undefined) ?? Date.now();
  return {
    callId,
    security: sign(callId, timestamp),
    payload: { member: ['zhangsan'], type: 'DIRECT' },
    appkey: 'demo-org#demo-app',
    id: room,
    type: 'CHATROOM',
    event: 'group_op_event',
    operation: 'JOIN',
    operator: 'zhangsan',
    member_count: 4,
    ...fields,
    timestamp,
  };
}

export const deliver = (s: Stack, body: unknown) => post(s.callbacksUrl, typeof body === 'string' ? body : JSON.stringify(body));

export const events = `subscription Events($id: ID!) {
  chatroomEvents(id: $id) {
    __typename id chatroomId occurredAt actor { username }
    ... on ChatroomMembersJoined { users { username } memberCount }
    ... on ChatroomMembersLeft { users { username } reason }
    ... on ChatroomUpdated { chatroom { id name } }
    ... on ChatroomMembersMuted { users { username } expiresAt }
    ... on ChatroomAnnouncementChanged { announcement }
  }
}`;

export type Told = { __typename: string; actor: { username: string } | null; users?: { username: string }[]; chatroom?: { name: string } };

/** Subscribes to a room's events over SSE, as `headers` say (the tests' cast: test/cast.ts). */
export const subscribeTo = (s: Stack, room: string, headers: Record<string, string>, query = events) =>
  subscribeSse<{ chatroomEvents: Told }>(s.url, query, { id: room }, headers);

/** The next event's payload. */
export const nextEvent = async (sub: SseSubscription<{ chatroomEvents: Told }>) => {
  const result = await sub.next();
  expect(result?.errors).toBeUndefined();
  return result!.data!.chatroomEvents;
};

/** Nothing more arrives while the emulator's callbacks and the gateway settle (a marker event closes the window). */
export async function nothingMore(s: Stack, room: string, subs: SseSubscription<{ chatroomEvents: Told }>[]) {
  await s.emulator.callbacksIdle();
  const marker = callback(room, { operation: 'UPDATE', payload: { type: 'ANNOUNCEMENT', announcement: `marker ${randomUUID()}` } });
  expect((await deliver(s, marker)).status).toBe(200);
  for (const sub of subs) expect((await nextEvent(sub)).__typename).toBe('ChatroomAnnouncementChanged');
}


export interface RawSseOptions {
  /** The path with its query; `/graphql` by default. */
  path?: string;
  /** The same request written this many times at once (HTTP pipelining). */
  times?: number;
  /** Nothing is read until `rest()`: the socket's buffers fill, then the gateway's. */
  stalled?: boolean;
}

/**
 * An SSE POST of `body` (with `headers`) written by hand on a socket of its own: the socket, what it
 * was told so far, and `rest()`, all it is told until the gateway ends it.
 */
export async function rawSse(s: Stack, body: string, headers: Record<string, string> = {}, options: RawSseOptions = {}) {
  const socket = connect({ host: '127.0.0.1', port: Number(new URL(s.url).port) });
  await once(socket, 'connect');
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  const request =
    `POST ${options.path ?? '/graphql'} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\naccept: text/event-stream\r\n${head}` +
    `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  socket.write(request.repeat(options.times ?? 1));
  socket.on('error', () => undefined);
  let text = '';
  const read = () => socket.on('data', (chunk) => (text += chunk));
  if (options.stalled) socket.pause();
  else read();
  return {
    socket,
    get text() {
      return text;
    },
    async rest() {
      if (options.stalled) read().resume();
      await once(socket, 'end');
      return text;
    },
  };
}
