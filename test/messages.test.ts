/**
 * Room messages through the gateway (issue 24), counted at the emulator: the calls each
 * operation makes (method, path, body), the ids answered exactly, the rules refused with no
 * write, bad input refused with no call, and a message never sent twice.
 */
import { describe, expect, it } from 'vitest';
import { castStack, refusalFor, useCast, type Who } from './cast.js';
import { waitFor } from './entry-point.js';
import { live } from './live-kit.js';
import { subscribeSse } from './sse.js';
import { codes, manyClients, useStack } from './stack.js';

const stacks = useStack({ ...castStack, security: manyClients });
const as = useCast();

/** Two rooms of alice's with bob and carol as members, bob an admin of the first. */
function rooms() {
  const { store } = stacks.shared.emulator;
  const make = (name: string) => store.create({ name, description: '', maxusers: 100, owner: 'alice', members: ['bob', 'carol'] }).id;
  const [first, second] = [make('Stage'), make('Lobby')];
  store.addAdmin(first, 'bob');
  return [first, second] as const;
}

const Send = 'mutation($input: SendChatroomMessageInput!) { sendChatroomMessage(input: $input) { messages { chatroomId messageId } } }';
const Broadcast = 'mutation($input: BroadcastChatroomMessageInput!) { broadcastChatroomMessage(input: $input) { broadcastId } }';
const Recall = 'mutation($input: RecallChatroomMessageInput!) { recallChatroomMessage(input: $input) { chatroomId messageId } }';

/** The calls that write: every POST below /messages. */
const writes = (calls: { method: string; path: string; body?: unknown }[]) =>
  calls.filter((c) => c.path.startsWith('/messages')).map(({ method, path, body }) => ({ method, path, body }));

type Errors = { message: string; path?: unknown[]; extensions: { code: string; argumentPath?: unknown[]; retryAfterSeconds?: number } }[];
const errorsOf = (body: { errors?: readonly unknown[] }) => (body.errors ?? []) as unknown as Errors;

describe('sendChatroomMessage', () => {
  it('sends a text to several rooms in one call, each room its message id as Easemob answered it', async () => {
    const [stage, lobby] = rooms();
    const s = stacks.shared;
    const { result, calls } = await s.counting(() => s.gql(Send, { input: { chatroomIds: [stage, lobby], text: 'Doors open at 8' } }, as('key')));
    expect(result.body.errors).toBeUndefined();
    expect(calls).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/messages/chatrooms',
        body: { to: [stage, lobby], type: 'txt', body: { msg: 'Doors open at 8' }, from: 'admin', chatroom_msg_level: 'normal' },
      }),
    ]);
    const arrived = s.emulator.store.messages.sent.slice(-2);
    expect(result.body.data).toEqual({
      sendChatroomMessage: { messages: arrived.map((m) => ({ chatroomId: m.room, messageId: m.id })) },
    });
    // Ids past 2^53, digit for digit.
    expect(BigInt(arrived[0]!.id)).toBeGreaterThan(2n ** 53n);
  });

  it("sends a custom message as the room's owner, with ext and priority: the sender is the signed-in user", async () => {
    const [stage] = rooms();
    const s = stacks.shared;
    const input = {
      chatroomIds: [stage],
      custom: { event: 'mic.seat', exts: [{ key: 'seat', value: '1' }, { key: 'user', value: 'bob' }] },
      ext: { em_ignore_notification: true, theme: { color: 'red' } },
      priority: 'HIGH',
    };
    const { result, calls } = await s.counting(() => s.gql(Send, { input }, as('alice')));
    expect(result.body.errors).toBeUndefined();
    expect(writes(calls)).toEqual([
      {
        method: 'POST',
        path: '/messages/chatrooms',
        body: {
          to: [stage],
          type: 'custom',
          body: { customEvent: 'mic.seat', customExts: { seat: '1', user: 'bob' } },
          from: 'alice',
          ext: { em_ignore_notification: true, theme: { color: 'red' } },
          chatroom_msg_level: 'high',
        },
      },
    ]);
  });

  it('sends to chosen members of one room through the directed endpoint', async () => {
    const [stage] = rooms();
    const s = stacks.shared;
    const { result, calls } = await s.counting(() => s.gql(Send, { input: { chatroomIds: [stage], text: 'Your turn', toUsers: ['Carol'] } }, as('bob')));
    expect(result.body.errors).toBeUndefined();
    expect(writes(calls)).toEqual([
      {
        method: 'POST',
        path: '/messages/chatrooms/users',
        body: { to: [stage], type: 'txt', body: { msg: 'Your turn' }, from: 'bob', chatroom_msg_level: 'normal', users: ['carol'] },
      },
    ]);
    expect(s.emulator.store.messages.sent.at(-1)).toMatchObject({ room: stage, users: ['carol'], from: 'bob' });
  });

  it('refuses, with no upstream write, anyone who may not moderate every room named, or who names another sender', async () => {
    const [stage, lobby] = rooms();
    const s = stacks.shared;
    const cases: [Who, Record<string, unknown>][] = [
      ['carol', { chatroomIds: [stage], text: 'hi' }],
      // bob is an admin of the stage only.
      ['bob', { chatroomIds: [stage, lobby], text: 'hi' }],
      ['alice', { chatroomIds: [stage], text: 'hi', from: 'bob' }],
      // Directed: the same rule.
      ['carol', { chatroomIds: [stage], text: 'hi', toUsers: ['bob'] }],
      ['anonymous', { chatroomIds: [stage], text: 'hi' }],
    ];
    for (const [who, input] of cases) {
      const { result, calls } = await s.counting(() => s.gql(Send, { input }, as(who)));
      expect(codes(result.body), `${who} ${JSON.stringify(input)}`).toEqual([refusalFor(who)]);
      expect(writes(calls)).toEqual([]);
    }
    // An API key may name the sender.
    const { calls } = await s.counting(() => s.gql(Send, { input: { chatroomIds: [stage], text: 'hi', from: 'system' } }, as('key')));
    expect(writes(calls)[0]?.body).toMatchObject({ from: 'system' });
  });

  it('refuses over-limit input before any call, each bad field named', async () => {
    const [stage, lobby] = rooms();
    const s = stacks.shared;
    const eleven = Array.from({ length: 11 }, (_, i) => String(1000 + i));
    const exts = Array.from({ length: 17 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    const users = Array.from({ length: 21 }, (_, i) => `u${i}`);
    const cases: [Record<string, unknown>, (string | number)[]][] = [
      [{ chatroomIds: eleven, text: 'hi' }, ['input', 'chatroomIds']],
      [{ chatroomIds: [stage, stage], text: 'hi' }, ['input', 'chatroomIds']],
      [{ chatroomIds: [stage], text: 'hi', custom: { event: 'e' } }, ['input', 'text']],
      [{ chatroomIds: [stage] }, ['input', 'text']],
      [{ chatroomIds: [stage], text: '' }, ['input', 'text']],
      [{ chatroomIds: [stage], text: 'x'.repeat(5 * 1024) }, ['input', 'ext']],
      [{ chatroomIds: [stage], text: 'hi', ext: { pad: 'x'.repeat(5 * 1024) } }, ['input', 'ext']],
      [{ chatroomIds: [stage], custom: { event: 'has space' } }, ['input', 'custom', 'event']],
      [{ chatroomIds: [stage], custom: { event: 'e', exts } }, ['input', 'custom', 'exts']],
      [{ chatroomIds: [stage], text: 'hi', toUsers: users }, ['input', 'toUsers']],
      [{ chatroomIds: [stage, lobby], text: 'hi', toUsers: ['carol'] }, ['input', 'chatroomIds']],
      [{ chatroomIds: ['not-a-room'], text: 'hi' }, ['input', 'chatroomIds', 0]],
      [{ chatroomIds: [stage], text: 'hi', from: '../admin' }, ['input', 'from']],
      // 40 levels of nesting: refused before its size is measured (a deeper one would overflow the stack doing it).
      [{ chatroomIds: [stage], text: 'hi', ext: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) }, ['input', 'ext']],
    ];
    for (const [input, path] of cases) {
      const { result, calls } = await s.counting(() => s.gql(Send, { input }, as('key')));
      const errors = errorsOf(result.body);
      expect(errors.map((e) => e.extensions.code), JSON.stringify(input).slice(0, 80)).toEqual(['BAD_USER_INPUT']);
      expect(errors[0]!.extensions.argumentPath, JSON.stringify(input).slice(0, 80)).toEqual(path);
      expect(calls).toEqual([]);
    }
  });

  it('is never sent twice: a 5xx or a cut after Easemob took it is one call, said to have maybe been sent; a 429 is sent again', async () => {
    const s = await stacks.start({ ...castStack, security: manyClients });
    const { store } = s.emulator;
    const room = store.create({ name: 'Once', description: '', maxusers: 10, owner: 'alice', members: [] }).id;
    const input = { chatroomIds: [room], text: 'once' };
    const count = () => store.messages.sent.filter((m) => m.room === room).length;

    for (const [status, error] of [[503, 'server_error'], [503, null], [500, 'internal'], [502, 'bad_gateway']] as const) {
      s.emulator.injectFault({ method: 'POST', path: /^\/messages\/chatrooms$/, status, error, times: 1 });
      const failed = await s.counting(() => s.gql(Send, { input }, as('key')));
      expect(codes(failed.result.body), `${status} ${error}`).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(errorsOf(failed.result.body)[0]!.message, `${status} ${error}`).toMatch(/may have been applied/);
      expect(writes(failed.calls)).toHaveLength(1);
    }

    // Processed, then the connection cut: the message is there once, and the caller is told it may have been sent.
    s.emulator.injectFault({ method: 'POST', path: /^\/messages\/chatrooms$/, reset: 'after', times: 1 });
    const cut = await s.counting(() => s.gql(Send, { input }, as('key')));
    expect(codes(cut.result.body)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(JSON.stringify(cut.result.body.errors)).toMatch(/may have been applied/);
    expect(writes(cut.calls)).toHaveLength(1);
    expect(count()).toBe(1);

    // Refused by Easemob's rate limiter: surely not sent, so sent again.
    s.emulator.injectFault({ method: 'POST', path: /^\/messages\/chatrooms$/, status: 429, error: 'reach_limit', times: 1 });
    const limited = await s.counting(() => s.gql(Send, { input }, as('key')));
    expect(limited.result.body.errors).toBeUndefined();
    expect(writes(limited.calls)).toHaveLength(2);
    expect(count()).toBe(2);
  });

  it('leaves the read cache as it is: a message changes no room', async () => {
    const cached = await stacks.start({ ...castStack, security: manyClients, policy: { cacheTtlMs: 60_000 } });
    const room = cached.emulator.store.create({ name: 'Cached', description: '', maxusers: 10, owner: 'alice', members: [] }).id;
    const Read = 'query($id: ID!) { chatroom(id: $id) { name } }';
    await cached.gql(Read, { id: room }, as('key'));
    await cached.gql(Send, { input: { chatroomIds: [room], text: 'hello' } }, as('key'));
    const again = await cached.counting(() => cached.gql(Read, { id: room }, as('key')));
    expect(again.calls).toEqual([]);
  });

  it("says past Easemob's 100 messages a second (its 403) is its rate: try again in a second", async () => {
    const s = await stacks.start({ ...castStack, security: manyClients, emulator: { messages: { messagesPerSecond: 0 } } });
    const room = s.emulator.store.create({ name: 'Busy', description: '', maxusers: 10, owner: 'alice', members: [] }).id;
    const { result, calls } = await s.counting(() => s.gql(Send, { input: { chatroomIds: [room], text: 'hi' } }, as('key')));
    expect(errorsOf(result.body).map((e) => e.extensions)).toEqual([{ code: 'UPSTREAM_RATE_LIMITED', retryAfterSeconds: 1 }]);
    expect(writes(calls)).toHaveLength(1);
  });

  it("answers the ids Easemob gave when its answer leaves a room out: that room's id null with UPSTREAM_ERROR, the message sent", async () => {
    const s = await stacks.start({ ...castStack, security: manyClients });
    const { messages } = s.emulator.store;
    const [a, b] = ['A', 'B'].map((name) => s.emulator.store.create({ name, description: '', maxusers: 10, owner: 'alice', members: [] }).id);
    // A broken upstream: the answer names no id for room b.
    const send = messages.send.bind(messages);
    messages.send = (request, directed) => {
      const ids = send(request, directed);
      delete ids[b!];
      return ids;
    };
    const { body } = await s.gql(Send, { input: { chatroomIds: [a, b], text: 'x' } }, as('key'));
    const sentToA = messages.sent.find((m) => m.room === a)!;
    expect(body.data).toEqual({ sendChatroomMessage: { messages: [{ chatroomId: a, messageId: sentToA.id }, { chatroomId: b, messageId: null }] } });
    expect(errorsOf(body).map((e) => [e.extensions.code, e.path])).toEqual([['UPSTREAM_ERROR', ['sendChatroomMessage', 'messages', 1, 'messageId']]]);
    expect(errorsOf(body)[0]!.message).toMatch(/the message was sent/);
  });

  it("keeps ext as the caller wrote it, a key named __proto__ included", async () => {
    const [stage] = rooms();
    const s = stacks.shared;
    const ext = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const { calls } = await s.counting(() => s.gql(Send, { input: { chatroomIds: [stage], text: 'hi', ext } }, as('key')));
    expect(JSON.stringify((writes(calls)[0]!.body as { ext: unknown }).ext)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });

  it('is no room event: a subscriber of the room is told nothing of it', async () => {
    const s = await stacks.start({ ...castStack, security: manyClients, live });
    const room = s.emulator.store.create({ name: 'Quiet', description: '', maxusers: 10, owner: 'alice', members: ['bob'] }).id;
    const query = 'subscription($id: ID!) { chatroomEvents(id: $id) { __typename } }';
    const watcher = await subscribeSse<{ chatroomEvents: { __typename: string } }>(s.url, query, { id: room }, as('bob'));
    await waitFor(() => s.gateway.live.stats().subscriptions > 0);
    await s.gql(Send, { input: { chatroomIds: [room], text: 'hello' } }, as('key'));
    // The next event told is the one after it.
    s.emulator.actAs('bob', { kind: 'set-attributes', room, attributes: { seat: 'bob' } });
    expect((await watcher.next())?.data?.chatroomEvents).toEqual({ __typename: 'ChatroomAttributesChanged' });
    watcher.close();
  });
});

describe('broadcastChatroomMessage', () => {
  it('answers the broadcast id exactly, past 2^53: 1173998498812376874, not 1173998498812376800', async () => {
    const s = await stacks.start({ ...castStack, security: manyClients, emulator: { messages: { nextBroadcastId: '1173998498812376874' } } });
    const { result, calls } = await s.counting(() =>
      s.gql(Broadcast, { input: { text: 'Maintenance at midnight', ext: { level: 'info' }, priority: 'LOW' } }, as('key')),
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({ broadcastChatroomMessage: { broadcastId: '1173998498812376874' } });
    expect(writes(calls)).toEqual([
      {
        method: 'POST',
        path: '/messages/chatrooms/broadcast',
        body: { msg: { type: 'txt', msg: 'Maintenance at midnight' }, from: 'admin', ext: { level: 'info' }, chatroom_msg_level: 'low' },
      },
    ]);
  });

  it('refuses bad input before any call, and its own limit of 1 a second is not retried at once', async () => {
    const s = await stacks.start({ ...castStack, security: manyClients });
    for (const input of [{}, { text: 'hi', custom: { event: 'e' } }, { text: 'x'.repeat(6000) }, { custom: { event: 'a b' } }]) {
      const { result, calls } = await s.counting(() => s.gql(Broadcast, { input }, as('key')));
      expect(codes(result.body), JSON.stringify(input).slice(0, 60)).toEqual(['BAD_USER_INPUT']);
      expect(calls).toEqual([]);
    }
    expect((await s.gql(Broadcast, { input: { text: 'first' } }, as('key'))).body.errors).toBeUndefined();
    // A second in the same second: Easemob's 429 for the broadcast's own limit, told to the caller after one call.
    const { result, calls } = await s.counting(() => s.gql(Broadcast, { input: { text: 'second' } }, as('key')));
    expect(codes(result.body)).toEqual(['UPSTREAM_RATE_LIMITED']);
    expect(writes(calls)).toHaveLength(1);
  });

  it('is for admins of the app and API keys only: refused with no call', async () => {
    rooms();
    const s = stacks.shared;
    for (const who of ['alice', 'bob', 'anonymous'] as const) {
      const { result, calls } = await s.counting(() => s.gql(Broadcast, { input: { text: 'hi' } }, as(who)));
      expect(codes(result.body), who).toEqual([refusalFor(who)]);
      expect(writes(calls)).toEqual([]);
    }
    const admin = await s.counting(() => s.gql(Broadcast, { input: { custom: { event: 'reload' } } }, as('admin')));
    expect(admin.result.body.errors).toBeUndefined();
    // An admin of the app signed in sends as themselves.
    expect(writes(admin.calls)[0]?.body).toMatchObject({ msg: { type: 'custom', customEvent: 'reload', customExts: {} }, from: 'root' });
  });

  it("says the day's broadcasts are used up (a quota) and the plan's lack of them, each in one call", async () => {
    const quota = await stacks.start({ ...castStack, security: manyClients, emulator: { messages: { broadcastsPerDay: 0 } } });
    const used = await quota.counting(() => quota.gql(Broadcast, { input: { text: 'hi' } }, as('key')));
    expect(codes(used.result.body)).toEqual(['UPSTREAM_QUOTA_EXCEEDED']);
    expect(writes(used.calls)).toHaveLength(1);
    const plan = await stacks.start({ ...castStack, security: manyClients, emulator: { messages: { broadcast: false } } });
    const unopened = await plan.counting(() => plan.gql(Broadcast, { input: { text: 'hi' } }, as('key')));
    expect(codes(unopened.result.body)).toEqual(['FORBIDDEN']);
    expect(writes(unopened.calls)).toHaveLength(1);
  });
});

describe('recallChatroomMessage', () => {
  it("recalls a message as the room's moderator, past the apps' recall window; a second recall finds it gone, in one call", async () => {
    // No recall window at all: only `force` recalls.
    const s = await stacks.start({ ...castStack, security: manyClients, emulator: { messages: { recallWindowMs: 0 } } });
    const stage = s.emulator.store.create({ name: 'Stage', description: '', maxusers: 10, owner: 'alice', members: ['bob'] }).id;
    s.emulator.store.addAdmin(stage, 'bob');
    const sent = await s.gql(Send, { input: { chatroomIds: [stage], text: 'oops' } }, as('alice'));
    const { messageId } = (sent.body.data as { sendChatroomMessage: { messages: { messageId: string }[] } }).sendChatroomMessage.messages[0]!;
    const { result, calls } = await s.counting(() => s.gql(Recall, { input: { id: stage, messageId } }, as('bob')));
    expect(result.body.data).toEqual({ recallChatroomMessage: { chatroomId: stage, messageId } });
    expect(writes(calls)).toEqual([
      { method: 'POST', path: '/messages/msg_recall', body: { msg_id: messageId, to: stage, from: 'bob', chat_type: 'chatroom', force: true } },
    ]);
    expect(s.emulator.store.messages.sent.find((m) => m.id === messageId)?.recalled).toBe(true);
    const again = await s.counting(() => s.gql(Recall, { input: { id: stage, messageId } }, as('bob')));
    expect(codes(again.result.body)).toEqual(['NOT_FOUND']);
    expect(writes(again.calls)).toHaveLength(1);
  });

  it('refuses a member who does not moderate the room, and a message id that is no id, with no write', async () => {
    const [stage] = rooms();
    const s = stacks.shared;
    const refused = await s.counting(() => s.gql(Recall, { input: { id: stage, messageId: '1029545553039460728' } }, as('carol')));
    expect(codes(refused.result.body)).toEqual(['FORBIDDEN']);
    expect(writes(refused.calls)).toEqual([]);
    const forged = await s.counting(() => s.gql(Recall, { input: { id: stage, messageId: '1029545553039460728', from: 'alice' } }, as('bob')));
    expect(codes(forged.result.body)).toEqual(['FORBIDDEN']);
    expect(writes(forged.calls)).toEqual([]);
    for (const input of [{ id: stage, messageId: '1e21' }, { id: stage, messageId: '1'.repeat(21) }, { id: stage, messageId: '1', from: 'a b' }]) {
      const bad = await s.counting(() => s.gql(Recall, { input }, as('key')));
      expect(codes(bad.result.body)).toEqual(['BAD_USER_INPUT']);
      expect(bad.calls).toEqual([]);
    }
  });
});
