/**
 * Subscriptions over SSE that share a stream (src/live/shared-streams.ts, src/sse-streams.ts), on
 * real processes: one stream for every subscriber told alike, which outlives its first subscriber
 * and ends with its last; each member still its own (its rights, its log line; its pace: in
 * test/live.test.ts, with the rest of the limits); and
 * whatever is not such a subscription answered as yoga answers it.
 */
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logging.js';
import { castStack, useCast } from './cast.js';
import { waitFor } from './entry-point.js';
import { hs256 } from './identity.js';
import { callback, deliver, events, general, live, nextEvent, rawSse, subscribeTo, type Told } from './live-kit.js';
import { subscribeSse } from './sse.js';
import { post, type Stack, useStack } from './stack.js';

const { start } = useStack(undefined, { ...castStack, live, security: { ipRequestsPerSecond: 100_000 } });
const as = useCast();


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A selection with a field that answers by who asks: a stream of its own. */
const ownStream = 'subscription($id: ID!) { chatroomEvents(id: $id) { id ... on ChatroomUpdated { chatroom { viewerRole } } } }';

const joinOf = (user: string) => ({ operation: 'JOIN', operator: user, payload: { member: [user], type: 'DIRECT' } });

describe('shared streams', () => {
  it('give subscribers told alike one stream, which outlives its first subscriber and ends with its last', async () => {
    const s = await start({ emulatorCallbacks: false });
    const room = general(s);
    const [first, second, third] = await Promise.all((['key', 'alice', 'bob'] as const).map((who) => subscribeTo(s, room, as(who))));
    await waitFor(() => s.gateway.streams.stats().connections === 3);
    expect(s.gateway.streams.stats().groups).toBe(1);
    first!.close();
    await waitFor(() => s.gateway.live.stats().subscriptions === 2);
    await deliver(s, callback(room, joinOf('zhangsan')));
    for (const sub of [second!, third!]) expect(await nextEvent(sub)).toMatchObject({ __typename: 'ChatroomMembersJoined', users: [{ username: 'zhangsan' }] });
    // One more joins the stream the first one started, and is told from then on, in order.
    const fourth = await subscribeTo(s, room, as('carol'));
    await waitFor(() => s.gateway.live.stats().subscriptions === 3);
    expect(s.gateway.streams.stats().groups).toBe(1);
    await deliver(s, callback(room, joinOf('lisi')));
    await deliver(s, callback(room, joinOf('wangwu')));
    for (const sub of [second!, third!, fourth]) {
      expect((await nextEvent(sub)).users).toEqual([{ username: 'lisi' }]);
      expect((await nextEvent(sub)).users).toEqual([{ username: 'wangwu' }]);
    }
    expect(first!.results).toEqual([]);
    for (const sub of [second!, third!, fourth]) sub.close();
    await waitFor(() => s.gateway.streams.stats().groups === 0, () => 'the stream ends with its last subscriber');
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
    await waitFor(() => s.gateway.live.stats().subscriptions === 4);
    // The last has a stream of its own.
    expect(s.gateway.streams.stats()).toEqual({ groups: 3, connections: 3 });
    for (const sub of subs) sub.close();
  });

  it("log each member's own line when it ends, with its own events", async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const s = await start({ emulatorCallbacks: false, logger });
    const room = general(s);
    const [early, late] = await Promise.all([subscribeTo(s, room, as('key')), subscribeTo(s, room, as('bob'))]);
    await waitFor(() => s.gateway.streams.stats().connections === 2);
    await deliver(s, callback(room, joinOf('zhangsan')));
    for (const sub of [early!, late!]) await nextEvent(sub);
    early!.close();
    await waitFor(() => s.gateway.live.stats().subscriptions === 1);
    await deliver(s, callback(room, joinOf('lisi')));
    await nextEvent(late!);
    late!.close();
    const told = () => lines.filter((line) => line.includes('"type":"subscription"')).map((line) => JSON.parse(line) as { events: number; outcome: string });
    await waitFor(() => told().length === 2);
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

  it("end a client's subscription when it leaves while the subscription starts, whichever stream it was to have", async () => {
    const s = await start({ emulatorCallbacks: false, live: { ...live, maxSubscriptionsPerCaller: 2 }, emulator: { latencyMs: 200 } });
    const room = general(s);
    for (const query of [ownStream, ownStream, events, events]) {
      const client = await rawSse(s, JSON.stringify({ query, variables: { id: room } }), as('alice'));
      await sleep(50);
      client.socket.destroy();
    }
    // Each start is over once yoga has answered it (the operation metrics count it then).
    const started = async () => {
      const text = await (await fetch(s.url.replace('/graphql', '/metrics'))).text();
      return [...text.matchAll(/^graphql_operations_total\{[^}]*type="subscription"[^}]*\} (\d+)$/gm)].reduce((sum, [, n]) => sum + Number(n), 0);
    };
    for (let i = 0; i < 300 && (await started()) < 4; i++) await sleep(10);
    expect(await started()).toBe(4);
    await waitFor(() => s.gateway.live.stats().subscriptions === 0, () => JSON.stringify([s.gateway.live.stats(), s.gateway.streams.stats()]));
    expect(s.gateway.streams.stats()).toEqual({ groups: 0, connections: 0 });
    // None of them holds alice's places.
    s.emulator.latencyMs = 0;
    const [one, two] = [await subscribeSse(s.url, ownStream, { id: room }, as('alice')), await subscribeTo(s, room, as('alice'))];
    await waitFor(() => s.gateway.live.stats().subscriptions === 2 || one.results.length + two.results.length > 0);
    expect(JSON.stringify([...one.results, ...two.results])).toBe('[]');
    one.close();
    two.close();
  });

  it('keep the views of an event apart, whatever a user is called', async () => {
    const s = await start({ emulatorCallbacks: false });
    const room = general(s);
    // A user named as a view once was (a username cannot hold the names views have now).
    const name = 'kicked';
    s.emulator.store.addUser(name);
    const plain = await subscribeTo(s, room, as('bob'));
    const own = await subscribeSse<{ viewerChatroomEvents: Told }>(
      s.url,
      'subscription { viewerChatroomEvents { __typename ... on ChatroomMembersLeft { users { username } reason } } }',
      {},
      { authorization: `Bearer ${await hs256(name)}` },
    );
    await waitFor(() => s.gateway.live.stats().subscriptions === 2);
    await deliver(s, callback(room, { operation: 'LEAVE', operator: 'alice', payload: { member: [name, 'grace'], type: 'BLOCK' } }));
    expect(await nextEvent(plain)).toMatchObject({ __typename: 'ChatroomMembersLeft', reason: 'KICKED' });
    expect((await own.next())?.data?.viewerChatroomEvents).toEqual({ __typename: 'ChatroomMembersLeft', users: [{ username: name }], reason: 'BLOCKED' });
    plain.close();
    own.close();
  });

  it('count a stream alone in its group as a stream of its own, and share whatever variables nobody reads', async () => {
    const s = await start({ emulatorCallbacks: false, live: { ...live, maxSubscriptions: 4 } });
    const room = general(s);
    // Variables the document does not declare change nothing: one stream for both.
    const [first, second] = [await subscribeSse(s.url, events, { id: room, nobodyReadsThis: 1 }, as('alice')), await subscribeSse(s.url, events, { id: room, nobodyReadsThis: 2 }, as('bob'))];
    await waitFor(() => s.gateway.live.stats().subscriptions === 2);
    expect(s.gateway.streams.stats().groups).toBe(1);
    // The group's stream counts 3, its second member 1: the instance is full.
    const third = await subscribeTo(s, room, as('carol'), 'subscription($id: ID!) { chatroomEvents(id: $id) { id } }');
    expect(await third.next()).toMatchObject({ errors: [{ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } }] });
    first.close();
    second.close();
    await waitFor(() => s.gateway.streams.stats().groups === 0);
    const fourth = await subscribeTo(s, room, as('carol'), 'subscription($id: ID!) { chatroomEvents(id: $id) { id } }');
    await waitFor(() => s.gateway.live.stats().subscriptions === 1);
    fourth.close();
  });

  it("quote the stream's id in an unexpected error, the id every member's log line names", async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const s = await start({ emulatorCallbacks: false, logger });
    const room = general(s);
    const founder = await subscribeTo(s, room, { ...as('key'), 'x-request-id': 'founder-request-1' });
    const member = await subscribeTo(s, room, { ...as('bob'), 'x-request-id': 'member-request-2' });
    await waitFor(() => s.gateway.streams.stats().connections === 2);
    // A member count no GraphQL Int holds: an error of the executor's own, masked.
    await deliver(s, callback(room, { member_count: 2 ** 40 }));
    for (const sub of [founder, member]) expect((await sub.next())?.errors?.[0]?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', requestId: 'founder-request-1' });
    founder.close();
    member.close();
    const ended = () => lines.filter((line) => line.includes('"type":"subscription"')).map((line) => JSON.parse(line) as { requestId: string; stream: string });
    await waitFor(() => ended().length === 2);
    expect(ended().map(({ requestId, stream }) => ({ requestId, stream })).sort((a, b) => a.requestId.localeCompare(b.requestId))).toEqual([
      { requestId: 'founder-request-1', stream: 'founder-request-1' },
      { requestId: 'member-request-2', stream: 'founder-request-1' },
    ]);
    expect(lines.some((line) => line.includes('"requestId":"founder-request-1"') && /"level":50/.test(line))).toBe(true);
  });

  it('end members queued behind another response on their connection (pipelined) when it dies', async () => {
    const s = await start({ emulatorCallbacks: false });
    const room = general(s);
    const body = JSON.stringify({ query: events, variables: { id: room } });
    const client = await rawSse(s, body, as('key'), { times: 3 });
    await waitFor(() => s.gateway.live.stats().subscriptions === 3);
    client.socket.destroy();
    await waitFor(() => s.gateway.live.stats().subscriptions === 0);
    expect(s.gateway.streams.stats().groups).toBe(0);
  });

  it("let go of the founder's request once it left, while its stream serves the others", async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const s = await start({ emulatorCallbacks: false });
    const room = general(s);
    let founderRequest: WeakRef<object> | undefined;
    s.http.server.on('request', (req) => {
      if (req.url?.includes('founder=1')) founderRequest = new WeakRef(req);
    });
    const body = JSON.stringify({ query: events, variables: { id: room } });
    const founder = await rawSse(s, body, as('key'), { path: '/graphql?founder=1' });
    await waitFor(() => s.gateway.streams.stats().connections === 1);
    const member = await subscribeTo(s, room, as('bob'));
    await waitFor(() => s.gateway.streams.stats().connections === 2);
    founder.socket.destroy();
    await waitFor(() => s.gateway.streams.stats().connections === 1);
    await deliver(s, callback(room));
    await nextEvent(member);
    expect(s.gateway.streams.stats().groups).toBe(1);
    expect(founderRequest, 'the founder came').toBeDefined();
    // Not read in between: a WeakRef read keeps its object for the rest of that turn.
    for (let i = 0; i < 3; i++) {
      gc();
      await sleep(50);
    }
    expect(founderRequest!.deref(), "the founder's request is still held").toBeUndefined();
    member.close();
  });
});
