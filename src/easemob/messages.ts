/**
 * Chatroom messages from the server side, as typed functions over Easemob's endpoints: to up to
 * 10 rooms, to chosen members of one room, to every active room (a broadcast), and recalling one.
 * A message is never sent twice (`UpstreamRequest.message`): members would see both. Inputs are
 * validated by the caller (the GraphQL layer) against ./limits.ts.
 */
import type { EasemobClient } from './client.js';
import { EasemobError } from './errors.js';
import { limits } from './limits.js';
import * as wire from './wire.js';

/** What a message says: a text, or a custom event with string extensions (Easemob's `txt` and `custom`). */
export type MessageContent = { text: string } | { event: string; exts: Readonly<Record<string, string>> };

export type MessagePriority = 'high' | 'normal' | 'low';

export interface OutgoingMessage {
  /** The sender Easemob shows: a user, or `admin`. */
  from: string;
  content: MessageContent;
  /** Easemob's `ext`: any JSON object the apps read. */
  ext?: Readonly<Record<string, unknown>>;
  priority: MessagePriority;
}

/** The type and body Easemob takes for the content. */
export const wireContent = (content: MessageContent) =>
  'text' in content
    ? { type: 'txt', body: { msg: content.text } }
    : { type: 'custom', body: { customEvent: content.event, customExts: content.exts } };

/** The bytes Easemob counts against a message's size: its body and ext, as JSON. */
export const messageBytes = (message: Pick<OutgoingMessage, 'content' | 'ext'>): number =>
  Buffer.byteLength(JSON.stringify(wireContent(message.content).body)) + (message.ext ? Buffer.byteLength(JSON.stringify(message.ext)) : 0);

const common = ({ from, ext, priority }: OutgoingMessage) => ({ from, ...(ext ? { ext } : {}), chatroom_msg_level: priority });

export interface SentMessage {
  chatroomId: string;
  /** Null when Easemob's answer gave no id for this room (the message was still sent). */
  messageId: string | null;
}

/**
 * Sends `message` to `rooms` (at most 10), or, with `users` (at most 20), to those members of the
 * one room only. Easemob does not check that the rooms exist: each room asked gets an id.
 */
export async function sendMessage(
  client: EasemobClient,
  rooms: readonly string[],
  message: OutgoingMessage,
  users?: readonly string[],
): Promise<SentMessage[]> {
  const { type, body } = wireContent(message.content);
  const request = { to: rooms, type, body, ...common(message), ...(users ? { users } : {}) };
  const path = users ? '/messages/chatrooms/users' : '/messages/chatrooms';
  const { data } = await client.call({ method: 'POST', path, body: request, message: true }, wire.sendMessagesResponse);
  // A room the answer leaves out (or gives no id) was sent to all the same: its id is missing, not the others'.
  return rooms.map((chatroomId) => {
    const messageId = Object.hasOwn(data, chatroomId) ? data[chatroomId]! : '';
    return { chatroomId, messageId: limits.messageId.test(messageId) ? messageId : null };
  });
}

/**
 * Sends `message` to every active room of the app (a member in it, and a message sent there
 * before). Answers the broadcast's id, exactly: Easemob writes it as a bare number above 2^53.
 */
export async function broadcastMessage(client: EasemobClient, message: OutgoingMessage): Promise<string> {
  const { type, body } = wireContent(message.content);
  const request = { msg: { type, ...body }, ...common(message) };
  const path = '/messages/chatrooms/broadcast';
  const call = { method: 'POST', path, body: request, message: true, limitedApart: true, exactIntegers: true } as const;
  return (await client.call(call, wire.broadcastResponse)).data.id;
}

/**
 * Recalls message `messageId` from room `room`, as `from`. `force`: past the recall window the
 * apps have (2 minutes unless the console sets longer), which a moderator's recall is not bound by.
 * Sent once, as a message is: a repeat of a recall that went through would answer "not_found msg".
 */
export async function recallMessage(client: EasemobClient, room: string, messageId: string, from: string): Promise<void> {
  const request = { msg_id: messageId, to: room, from, chat_type: 'chatroom', force: true };
  const gone = (cause?: unknown, status?: number) => new EasemobError('NOT_FOUND', `message ${messageId} in chatroom ${room}`, status, { cause });
  let recalled: string;
  try {
    recalled = (await client.call({ method: 'POST', path: '/messages/msg_recall', body: request, message: true }, wire.recallResponse)).data.recalled;
  } catch (error) {
    // Easemob's 403 "not_found msg": recalled already, or no longer kept.
    throw error instanceof EasemobError && error.code === 'NOT_FOUND' ? gone(error, error.statusCode) : error;
  }
  if (recalled !== 'yes') throw gone(undefined, 200);
}
