/**
 * Subscriptions over SSE that share a stream (src/live/shared-streams.ts, src/sse-streams.ts), on
 * real processes: one stream for every subscriber told alike, which outlives its first subscriber
 * and ends with its last; each member still its own (its rights, its pace, its log line); and
 * whatever is not such a subscription answered as yoga answers it.
 */
import { once } from 'node:events';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logging.js';
import { castStack, useCast } from './cast.js';
import { callback, deliver, events, general, live, nextEvent, subscribeTo } from './live-kit.js';
import { post, useStack } from './stack.js';

const { start } = useStack(undefined, { ...castStack, live, security: { ipRequestsPerSecond: 100_000 } });
const as = useCast();

async function waitUntil(check: () => boolean, what = 'the condition') {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check(), what).toBe(true);
}

const joinOf = (user: string) => ({ operation: 'JOIN', operator: user, payload: { member: [user], type: 'DIRECT' } });

describe('shared streams', () => {
  it('give subscribers told alike one stream, which outlives its first subscriber and ends with its last', async () => {
    const s = await start({ emulatorCallbacks: false });
    const room = general(s);
    const [first, second, third] = await Promise.all((['key', 'alice', 'bob'] as const).map((who) => subscribeTo(s, room, as(who))));
    await waitUntil(() => s.gateway.streams.stats().connections === 3);
    expect(s.gateway.streams.stats().groups).toBe(1);
    first!.close();
    await waitUntil(() => s.gateway.live.stats().subscriptions === 2);
    await deliver(s, callback(room, joinOf('zhangsan')));
    for (const sub of [second!, third!]) expect(await nextEvent(sub)).toMatchObject({ __typename: 'ChatroomMembersJoined', users: [{ username: 'zhangsan' }] });
    // One more joins the stream the first one started, and is told from then on, in order.
    const fourth = await subscribeTo(s, room, as('carol'));
    await waitUntil(() => s.gateway.live.stats().subscriptions === 3);
    expect(s.gateway.streams.stats().groups).toBe(1);
    await deliver(s, callback(room, joinOf('lisi')));
    await deliver(s, callback(room, joinOf('wangwu')));
    for (const sub of [second!, third!, fourth]) {
      expect((await nextEvent(sub)).users).toEqual([{ username: 'lisi' }]);
      expect((await nextEvent(sub)).users).toEqual([{ username: 'wangwu' }]);
    }
    expect(first!.results).toEqual([]);
    for (const sub of [second!, third!, fourth]) sub.close();
    await waitUntil(() => s.gateway.streams.stats().groups === 0, 'the stream ends with its last subscriber');
    expect(s.gateway.live.stats().subscriptions).toBe(0);
  });

  it('run apart what differs: another document, other variables, a field that answers by who asks', async () => {
    const s = await start({ emulatorCallbacks: false });
    const room = general(s);
    const other = [...s.emulator.store.rooms.values()].find((each) => each.id !== room)!.id;
    const subs = await Promise.all([
      subscribeTo(s, room, as('key')),
      subscribeTo(s, other, as('key')),
      subscribeTo(s, room, as('key'), 'subscription($id: ID!) { chatroomEvents(id: $id) { id } }'),
      subscribeTo(s, room, as('alice'), 'subscription($id: ID!) { chatroomEvents(id: $id) { id ... on ChatroomUpdated { chatroom { viewerRole } } } }'),
    ]);
    await waitUntil(() => s.gateway.live.stats().subscriptions === 4);
    // The last has a stream of its own.
    expect(s.gateway.streams.stats()).toEqual({ groups: 3, connections: 3 });
    for (const sub of subs) sub.close();
  });

  it('end a member that does not read with SUBSCRIBER_TOO_SLOW, while the others of its stream go on', async () => {
    const s = await start({ emulatorCallbacks: false, live: { ...live, subscriberQueue: 8 } });
    const room = general(s);
    const body = JSON.stringify({ query: events, variables: { id: room } });
    const stalled = connect({ host: '127.0.0.1', port: Number(new URL(s.url).port) });
    await once(stalled, 'connect');
    stalled.write(
      `POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\naccept: text/event-stream\r\n` +
        `authorization: ${as('key').authorization}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    stalled.pause();
    const reader = await subscribeTo(s, room, as('alice'));
    await waitUntil(() => s.gateway.live.stats().subscriptions === 2);
    expect(s.gateway.streams.stats().groups).toBe(1);
    const text = 'x'.repeat(400_000);
    let sent = 0;
    while (sent < 2_000 && s.gateway.live.stats().subscriptions === 2) {
      await deliver(s, callback(room, { operation: 'UPDATE', payload: { type: 'ANNOUNCEMENT', announcement: `${sent++} ${text}` } }));
      expect(await nextEvent(reader)).toMatchObject({ __typename: 'ChatroomAnnouncementChanged' });
    }
    expect(sent).toBeLessThan(2_000);
    await deliver(s, callback(room, joinOf('zhangsan')));
    expect(await nextEvent(reader)).toMatchObject({ __typename: 'ChatroomMembersJoined' });
    stalled.resume();
    let told = '';
    stalled.on('data', (chunk) => (told += chunk));
    await once(stalled, 'end');
    expect(told).toContain('SUBSCRIBER_TOO_SLOW');
    expect(told).toContain('event: complete');
    reader.close();
  });

  it("log each member's own line when it ends, with its own events", async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const s = await start({ emulatorCallbacks: false, logger });
    const room = general(s);
    const [early, late] = await Promise.all([subscribeTo(s, room, as('key')), subscribeTo(s, room, as('bob'))]);
    await waitUntil(() => s.gateway.streams.stats().connections === 2);
    await deliver(s, callback(room, joinOf('zhangsan')));
    for (const sub of [early!, late!]) await nextEvent(sub);
    early!.close();
    await waitUntil(() => s.gateway.live.stats().subscriptions === 1);
    await deliver(s, callback(room, joinOf('lisi')));
    await nextEvent(late!);
    late!.close();
    const told = () => lines.filter((line) => line.includes('"type":"subscription"')).map((line) => JSON.parse(line) as { events: number; outcome: string });
    await waitUntil(() => told().length === 2);
    expect(told().map(({ events, outcome }) => ({ events, outcome }))).toEqual([
      { events: 1, outcome: 'ok' },
      { events: 2, outcome: 'ok' },
    ]);
  });

  it('answer what is not a subscription to share as yoga does: a query over SSE, a body that is not JSON, no length', async () => {
    const s = await start({ emulatorCallbacks: false });
    const sse = { 'content-type': 'application/json', accept: 'text/event-stream', ...as('key') };
    const query = await fetch(s.url, { method: 'POST', headers: sse, body: JSON.stringify({ query: '{ chatrooms(first: 1) { nodes { id } } }' }) });
    const text = await query.text();
    expect(text).toMatch(/event: next\ndata: \{"data":\{"chatrooms":\{"nodes":\[\{"id":"\d+"\}\]\}\}\}\n\n/);
    expect(text).toContain('event: complete');
    // A body that is not JSON: the same answer as yoga's own handler gives it.
    const garbled = await post(s.url, '{"query": ', sse);
    const asYoga = await s.gateway.yoga.fetch(s.url, { method: 'POST', headers: sse, body: '{"query": ' });
    expect({ status: garbled.status, body: await garbled.text() }).toEqual({ status: asYoga.status, body: await asYoga.text() });
    const unsized = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: Number(new URL(s.url).port) });
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk)).on('end', () => resolve(answer)).on('error', reject);
      socket.end('POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\naccept: text/event-stream\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n0\r\n\r\n');
    });
    expect(unsized).toMatch(/^HTTP\/1\.1 411/);
    expect(s.gateway.streams.stats()).toEqual({ groups: 0, connections: 0 });
  });
});
