/**
 * Easemob's chatroom callbacks (发送后回调, `group_op_event`), as its docs show them (docs/research/live-rooms.md §1):
 * one body per store change, signed with the rule's secret, posted one at a time and in order to the rule's URL.
 * Delivery is Easemob's: only 200 counts, anything else is tried once more at once, then given up.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import type { CallbackTarget, SentCallback } from './options.js';
import type { LeaveReason, Room, StoreChange } from './store.js';

/** The operator Easemob names for changes through the REST API or the console, and for its own (a user offline leaves). */
export const appAdmin = '@ppAdmin';

/** How Easemob writes "forever" in a block (the year 2117); a mute until unmuted is written the same. */
const forever = 4_638_873_600_000;
/** Waiting callbacks beyond this drop the oldest: a receiver that is down must not fill the emulator's memory. */
const maxWaiting = 10_000;
const keptSent = 1_000;
const attemptTimeoutMs = 2_000;

export type CallbackBody = Record<string, unknown>;

/** What a change's callback says besides the envelope every one shares. */
interface Event {
  operation: string;
  /** The room; '' for app-wide changes (super admins), as the docs show. */
  id: string;
  payload?: Record<string, unknown>;
  memberCount?: number;
}

/** The room as `payload.info` shows it: strings everywhere but `mute_duration`, as in the docs' examples. */
const info = (room: Room, appkey: string) => ({
  owner: `${appkey}_${room.owner}`,
  created: String(room.created),
  custom: room.custom,
  description: room.description,
  mute: String(room.mute),
  mute_duration: -1,
  avatar: '',
  title: room.name,
  max_users: String(room.maxusers),
  // A chat room has no invitations to confirm.
  invite_need_confirm: 'false',
  public: String(room.public),
  allow_user_invites: String(room.allowinvites),
  disabled: 'false',
  last_modified: String(room.modified),
});

/** Users by name → their role, as CREATE's `payload.role` has it. */
const roles = (room: Room) => ({ [room.owner]: 'owner', ...Object.fromEntries(room.admins.map((a) => [a, 'admin'])) });

/** The owner counts, as in the room's `affiliations_count`. */
const memberCount = (room: Room) => room.members.length + 1;

const addOrRemove = (added: boolean) => (added ? 'ADD' : 'REMOVE');

/** MUTE and BLOCK: users added carry when that ends (`until`, epoch ms; -1 or none: forever). */
const timedListChange = (users: string[], added: boolean, until = -1) => ({
  member: users,
  ...(added ? { expire_timestamp: until === -1 ? forever : until } : {}),
  type: addOrRemove(added),
});

/** LEAVE's `payload.type`, and the `action` the English docs add to a chat room's QUIT. */
const leaveTypes: Record<LeaveReason, { type: string; action?: string }> = {
  quit: { type: 'QUIT', action: 'user_quit' },
  offline: { type: 'QUIT', action: 'user_offline' },
  kick: { type: 'KICK' },
  block: { type: 'BLOCK' },
  delete: { type: 'DELETE' },
};

/** The changes Easemob tells as `group_op_event`; attributes come another way (`metadataBody`). */
type RoomOpChange = Exclude<StoreChange, { kind: 'attributes' }>;
type EventOf<K extends RoomOpChange['kind']> = (change: RoomOpChange & { kind: K }, appkey: string) => Event;

/** Each kind of change and its callback; the key order of every payload is the docs'. */
const events: { [K in RoomOpChange['kind']]: EventOf<K> } = {
  create: ({ room }, appkey) => ({
    operation: 'CREATE',
    id: room.id,
    payload: { role: roles(room), member: [...room.members], info: info(room, appkey) },
  }),
  info: ({ room }, appkey) => ({ operation: 'UPDATE', id: room.id, payload: { type: 'INFO', info: info(room, appkey) } }),
  owner: ({ room, from, to }) => ({ operation: 'UPDATE', id: room.id, payload: { owner: from, new_owner: to, type: 'OWNER' } }),
  'mute-all': ({ room, on }) => ({ operation: 'UPDATE', id: room.id, payload: { mute: on, type: 'MUTE' } }),
  // The docs: "若删除了公告内容，则该字段不存在" (a deleted announcement has no `announcement`).
  announcement: ({ room, text }) => ({
    operation: 'UPDATE',
    id: room.id,
    payload: { type: 'ANNOUNCEMENT', ...(text === '' ? {} : { announcement: text }) },
  }),
  delete: ({ room }) => ({ operation: 'DELETE', id: room.id }),
  join: ({ room, users }) => ({
    operation: 'JOIN',
    id: room.id,
    payload: { member: users, type: 'DIRECT' },
    memberCount: memberCount(room),
  }),
  leave: ({ room, users, why }) => {
    const { type, action } = leaveTypes[why];
    return {
      operation: 'LEAVE',
      id: room.id,
      payload: { member: users, ...(action ? { action } : {}), type },
      // The docs' LEAVE/DELETE has no count: the room is gone.
      memberCount: why === 'delete' ? undefined : memberCount(room),
    };
  },
  admins: ({ room, users, added }) => ({ operation: 'ADMIN', id: room.id, payload: { admin: users, type: addOrRemove(added) } }),
  mutes: ({ room, users, added, until }) => ({ operation: 'MUTE', id: room.id, payload: timedListChange(users, added, until) }),
  blocks: ({ room, users, added }) => ({ operation: 'BLOCK', id: room.id, payload: timedListChange(users, added) }),
  allows: ({ room, users, added }) => ({ operation: 'WHITE', id: room.id, payload: { member: users, type: addOrRemove(added) } }),
  'super-admins': ({ users, added }) => ({ operation: 'ROOM_SUPER_ADMIN', id: '', payload: { admin: users, type: addOrRemove(added) } }),
};

const eventOf = (change: RoomOpChange, appkey: string) => (events[change.kind] as EventOf<RoomOpChange['kind']>)(change, appkey);

/** A body with the envelope in the docs' key order; `security` is filled in when it is queued. */
function bodyOf({ operation, id, payload, memberCount }: Event, operator: string, appkey: string, timestamp: number): CallbackBody {
  return {
    callId: `${appkey}_${randomUUID()}`,
    security: '',
    ...(payload ? { payload } : {}),
    appkey,
    id,
    type: 'CHATROOM',
    event: 'group_op_event',
    operation,
    operator,
    ...(memberCount === undefined ? {} : { member_count: memberCount }),
    timestamp,
  };
}

/**
 * An attribute change, as Easemob's legacy `muc` event tells it (callback_group_room_old.md), the only way it does:
 * a message's envelope, `event_info.ext` JSON inside a string, its operator under the docs' key `"operator "` (with
 * the space), and the keys' values in `properties` (for a delete, those the keys held).
 */
function metadataBody(change: StoreChange & { kind: 'attributes' }, appkey: string, messageId: string, timestamp: number): CallbackBody {
  const { room, user } = change;
  const ext = {
    result: change.outcomes,
    identify: '',
    is_forced: change.forced,
    muc_name: room.name,
    need_notify: true,
    properties: change.properties,
    'operator ': user,
  };
  return {
    chat_type: 'muc',
    callId: `${appkey}_${messageId}`,
    security: '',
    payload: {
      muc_id: `${appkey}_${room.id}@conference.easemob.com`,
      is_chatroom: true,
      event_info: { ext: JSON.stringify(ext), type: 'event_none' },
      operation: change.deleted ? 'delete_metadata' : 'set_metadata',
      status: { description: '', error_code: 'ok' },
    },
    group_id: room.id,
    // Guesses: the docs' example masks `host`, and its `to` ("aaa111") is not its operator ("user1"); the gateway reads neither.
    host: 'emulator',
    appkey,
    from: room.id,
    to: user,
    eventType: 'chat',
    msg_id: messageId,
    timestamp,
  };
}

/** Easemob's signature: lower-case hex MD5 of callId, secret and the body's timestamp in decimal (the payload is not covered). */
export const signature = (callId: string, secret: string, timestamp: number) =>
  createHash('md5').update(`${callId}${secret}${timestamp}`).digest('hex');

export type Callbacks = ReturnType<typeof createCallbacks>;

/** The callbacks of one app (`appkey`: `org#app`), sent to `target` until it changes or `close`. */
export function createCallbacks(appkey: string, target: CallbackTarget | undefined, messageIds: () => string) {
  let current = target;
  let closed = false;
  let dropped = 0;
  const waiting: { url: string; body: CallbackBody }[] = [];
  const sent: SentCallback[] = [];
  let draining: Promise<void> | undefined;
  const stop = new AbortController();
  // Connections of its own, so that closing the emulator closes them.
  const agent = new Agent();

  /** The answer's status; 0 when none came (refused, cut, over the time allowed, or closed). */
  async function attempt(url: string, body: CallbackBody): Promise<number> {
    try {
      const answer = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        dispatcher: agent,
        signal: AbortSignal.any([stop.signal, AbortSignal.timeout(attemptTimeoutMs)]),
      });
      // Easemob reads nothing of the answer but its status.
      await answer.body.dump();
      return answer.statusCode;
    } catch {
      return 0;
    }
  }

  async function deliver({ url, body }: { url: string; body: CallbackBody }): Promise<void> {
    const statuses = [await attempt(url, body)];
    if (statuses[0] !== 200 && !closed) statuses.push(await attempt(url, body));
    sent.push({ body, statuses });
    if (sent.length > keptSent) sent.shift();
  }

  async function drain(): Promise<void> {
    while (waiting.length > 0 && !closed) await deliver(waiting.shift()!);
    // In the same turn as the check above, so a callback queued from now on starts a new drain.
    draining = undefined;
  }

  async function idle(): Promise<void> {
    while (draining) await draining;
  }

  return {
    /** The last callbacks sent or given up, oldest first. */
    sent,
    get dropped() {
      return dropped;
    },
    sendTo(next: CallbackTarget | undefined) {
      current = next;
    },
    /** The bodies for `changes` made by `operator`, stamped now; none while nobody is to be told. */
    write(changes: readonly StoreChange[], operator: string, now = Date.now()): CallbackBody[] {
      if (!current || closed) return [];
      return changes.map((change) =>
        change.kind === 'attributes' ? metadataBody(change, appkey, messageIds(), now) : bodyOf(eventOf(change, appkey), operator, appkey, now),
      );
    },
    /** Signs the bodies with the secret of the moment and queues them behind those waiting; never waits. */
    send(bodies: readonly CallbackBody[]): void {
      const to = current;
      if (!to || closed || bodies.length === 0) return;
      for (const body of bodies) {
        body.security = signature(String(body.callId), to.secret, Number(body.timestamp));
        waiting.push({ url: to.url, body });
      }
      const over = waiting.length - maxWaiting;
      if (over > 0) {
        waiting.splice(0, over);
        dropped += over;
      }
      // A drain always waits on its first callback before it can end, so it is set here before it clears itself.
      draining ??= drain();
    },
    idle,
    /** Drops what waits, cuts what is on its way, and sends nothing more. */
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      waiting.length = 0;
      stop.abort();
      await idle();
      await agent.destroy();
    },
  };
}
