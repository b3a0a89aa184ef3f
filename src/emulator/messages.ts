/**
 * Chatroom messages sent from the server side, as Easemob takes them (docs/research/attributes-and-messages.md
 * §4-7): checked as its pages say, kept so that tests see what arrived and a recall finds them, and limited as the
 * service limits them (messages a second, counted per room; broadcasts a second, a minute and a day).
 */
import { limits } from '../easemob/limits.js';
import { isObject, isStringMap } from './shapes.js';
import { StoreError } from './store-error.js';

export interface MessageOptions {
  /** Messages a second for the app, each room of a call counted (limits.messagesPerSecond; past it 403 "message send reach limit"). */
  messagesPerSecond?: number;
  /** Whether the plan has broadcasts (旗舰版; default true). */
  broadcast?: boolean;
  /** Broadcasts a day (limits.broadcastsPerDay). The day is taken as UTC's (the pages do not say whose). */
  broadcastsPerDay?: number;
  /** The next broadcast's id, digits (default: a new message id). */
  nextBroadcastId?: string;
  /** Whether the console opened recalling (default true). */
  recall?: boolean;
  /** How long a message may be recalled without `force` (2 minutes, Easemob's default). */
  recallWindowMs?: number;
}

/** A message as it arrived. */
export interface ArrivedMessage {
  id: string;
  room: string;
  from: string;
  type: string;
  body: Record<string, unknown>;
  ext?: Record<string, unknown>;
  level: string;
  /** A directed message: only these members see it. */
  users?: string[];
  at: number;
  recalled: boolean;
}

export interface ArrivedBroadcast {
  id: string;
  from: string;
  msg: Record<string, unknown>;
  ext?: Record<string, unknown>;
  level: string;
  at: number;
}

const types = new Set(['txt', 'img', 'audio', 'video', 'file', 'loc', 'cmd', 'custom']);
const levels = new Set(['high', 'normal', 'low']);
/** Messages and broadcasts kept; older ones are forgotten (and can no longer be recalled). */
const kept = 10_000;

const sendError = (description: string, code?: number): never => {
  throw new StoreError(400, 'message_send_error', description, code);
};
const recallError = (status: number, description: string): never => {
  throw new StoreError(status, 'message_recall_error', description);
};

/** `from`: absent is `admin`; empty is refused. */
function senderOf(from: unknown, refuse: (description: string) => never): string {
  if (from === undefined) return 'admin';
  return typeof from === 'string' && from !== '' ? from : refuse("from can't be empty");
}

/** `ext`: absent, or a JSON object. */
function extOf(ext: unknown, refuse: (description: string) => never): Record<string, unknown> | undefined {
  if (ext === undefined) return undefined;
  return isObject(ext) ? ext : refuse('ext must be JSONObject');
}

function levelOf(level: unknown, refuse: (description: string) => never): string {
  if (level === undefined) return 'normal';
  return typeof level === 'string' && levels.has(level) ? level : refuse('chatroom_msg_level must be high, normal or low');
}

/** A message's body for its type, as the message pages check it; a custom message's fields are held to their limits. */
function bodyOf(type: string, body: unknown, refuse: (description: string) => never): Record<string, unknown> {
  if (!isObject(body)) return refuse("param body can't be empty");
  if (type === 'txt' && (typeof body.msg !== 'string' || body.msg === '')) refuse("param body can't be empty");
  if (type === 'custom') {
    if (typeof body.customEvent !== 'string' || !limits.customEvent.test(body.customEvent)) refuse('customEvent must match [a-zA-Z0-9-_/.]{1,32}');
    const exts = body.customExts ?? {};
    if (!isStringMap(exts)) return refuse('customExts must be a map of strings');
    if (Object.keys(exts).length > limits.customExts) refuse(`customExts must have at most ${limits.customExts} entries`);
  }
  return body;
}

/** Drops the oldest beyond what is kept. */
const keep = <T>(list: T[], item: T) => {
  list.push(item);
  if (list.length > kept) list.shift();
};

export class Messages {
  /** Messages to rooms, oldest first. */
  readonly sent: ArrivedMessage[] = [];
  readonly broadcasts: ArrivedBroadcast[] = [];
  private recentSends: number[] = [];
  private recentBroadcasts: number[] = [];
  private lastId = BigInt(Date.now()) << 22n;
  private readonly options: Readonly<MessageOptions>;
  private nextBroadcastId: string | undefined;

  constructor(options: MessageOptions = {}) {
    this.options = { ...options };
    this.nextBroadcastId = options.nextBroadcastId;
  }

  /** A new id as Easemob writes them: the decimal digits of a 64-bit number that only grows, past 2^53. */
  nextId(): string {
    this.lastId += 1n + BigInt(Math.floor(Math.random() * 1024));
    return this.lastId.toString();
  }

  /** Forgets what counts against the limits (a benchmark's reset); what arrived stays. */
  resetLimits(): void {
    this.recentSends = [];
    this.recentBroadcasts = [];
  }

  /** POST /messages/chatrooms (and /users, `directed`): each room's new message id. Rooms are not checked to exist. */
  send(request: Record<string, unknown> | undefined, directed: boolean, now = Date.now()): Record<string, string> {
    const from = senderOf(request?.from, (d) => sendError(`param ${d}`));
    const to = request?.to;
    if (!Array.isArray(to) || to.length === 0 || to.some((room) => typeof room !== 'string' || room === '')) return sendError("param to can't be empty");
    const max = directed ? 1 : limits.messageRooms;
    if (to.length > max) sendError(`params to's size can't exceed limit ${max}`);
    const type = request?.type;
    if (typeof type !== 'string' || !types.has(type)) return sendError("param type can't be empty");
    const body = bodyOf(type, request?.body, sendError);
    const ext = extOf(request?.ext, (d) => sendError(`param ${d}`));
    // The size as the gateway counts it (limits.messageBytes): the pages leave the unit open.
    const level = levelOf(request?.chatroom_msg_level, sendError);
    const users = directed ? this.usersOf(request?.users) : undefined;
    if (Buffer.byteLength(JSON.stringify(body)) + (ext ? Buffer.byteLength(JSON.stringify(ext)) : 0) > limits.messageBytes) {
      sendError('message is too large', 14007);
    }
    this.countSends(to.length, now);
    const ids: Record<string, string> = {};
    for (const room of to as string[]) {
      const id = this.nextId();
      ids[room] = id;
      keep(this.sent, { id, room, from, type, body, ext, level, users, at: now, recalled: false });
    }
    return ids;
  }

  private usersOf(users: unknown): string[] {
    if (!Array.isArray(users) || users.length === 0 || users.some((u) => typeof u !== 'string' || u === '')) return sendError("param users can't be empty");
    if (users.length > limits.messageUsers) sendError(`params users's size can't exceed limit ${limits.messageUsers}`);
    return users as string[];
  }

  /** 100 messages a second for the app, a call to 10 rooms counting 10. */
  private countSends(rooms: number, now: number): void {
    this.recentSends = this.recentSends.filter((t) => now - t < 1000);
    if (this.recentSends.length + rooms > (this.options.messagesPerSecond ?? limits.messagesPerSecond)) {
      throw new StoreError(403, 'message_send_error', 'message send reach limit');
    }
    for (let i = 0; i < rooms; i++) this.recentSends.push(now);
  }

  /** POST /messages/chatrooms/broadcast: the broadcast's id (a number above 2^53, written bare). */
  broadcast(request: Record<string, unknown> | undefined, now = Date.now()): bigint {
    if (this.options.broadcast === false) throw new StoreError(403, 'forbidden_op', 'message broadcast service is unopened');
    const illegal = (description: string): never => {
      throw new StoreError(400, 'illegal_argument', description);
    };
    const msg = request?.msg;
    if (!isObject(msg) || typeof msg.type !== 'string' || !types.has(msg.type)) return illegal("msg can't be empty");
    const { type, ...body } = msg;
    bodyOf(type, body, illegal);
    const from = senderOf(request?.from, illegal);
    const ext = extOf(request?.ext, illegal);
    const level = levelOf(request?.chatroom_msg_level, illegal);
    this.countBroadcast(now);
    const id = this.nextBroadcastId ?? this.nextId();
    this.nextBroadcastId = undefined;
    keep(this.broadcasts, { id, from, msg, ext, level, at: now });
    return BigInt(id);
  }

  /** 1 a second and 10 a minute (429, as any rate), 100 a day (403, a quota). */
  private countBroadcast(now: number): void {
    const day = new Date(now).toISOString().slice(0, 10);
    this.recentBroadcasts = this.recentBroadcasts.filter((t) => new Date(t).toISOString().slice(0, 10) === day);
    const within = (ms: number) => this.recentBroadcasts.filter((t) => now - t < ms).length;
    if (within(1000) >= limits.broadcastsPerSecond || within(60_000) >= limits.broadcastsPerMinute) {
      throw new StoreError(429, 'reach_limit', 'This request has reached api limit');
    }
    if (this.recentBroadcasts.length >= (this.options.broadcastsPerDay ?? limits.broadcastsPerDay)) {
      throw new StoreError(403, 'forbidden_op', 'chatroom broadcast limit exceeded');
    }
    this.recentBroadcasts.push(now);
  }

  /** POST /messages/msg_recall of a chatroom message. */
  recall(request: Record<string, unknown> | undefined, now = Date.now()): { recalled: string; chattype: string; from: string; to: string; msg_id: string } {
    if (this.options.recall === false) throw new StoreError(403, 'forbidden_op', 'message recall service is unopened');
    const { msg_id: id, to, chat_type: chatType, force } = request ?? {};
    for (const [name, value] of [['msg_id', id], ['to', to], ['chat_type', chatType]] as const) {
      if (typeof value !== 'string' || value === '') recallError(400, `param ${name} can't be empty`);
    }
    if (typeof force !== 'boolean') return recallError(400, "param force can't be empty");
    const from = senderOf(request?.from, (d) => recallError(400, `param ${d}`));
    const message = this.sent.find((m) => m.id === id && m.room === to && chatType === 'chatroom');
    if (!message || message.recalled) return recallError(403, 'not_found msg');
    if (!force && now - message.at >= (this.options.recallWindowMs ?? 120_000)) return recallError(403, 'exceed recall time limit');
    message.recalled = true;
    return { recalled: 'yes', chattype: 'chatroom', from, to: message.room, msg_id: message.id };
  }
}
