/**
 * Chatroom messages from the server side, as typed functions over Easemob's endpoints: to up to
 * 10 rooms, to chosen members of one room, to every active room (a broadcast), and recalling one.
 * A message is never sent twice (`UpstreamRequest.message`): members would see both. Inputs are
 * validated by the caller (the GraphQL layer) against ./limits.ts.
 */
import type { EasemobClient } from './client.js';
import { EasemobError } from './errors.js';
import { described } from './requests.js';
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
  messageId: string;
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
  try {
    const path = users ? '/messages/chatrooms/users' : '/messages/chatrooms';
    const { data } = await client.call({ method: 'POST', path, body: request, message: true }, wire.sendMessagesResponse);
    return rooms.map((chatroomId) => {
      const messageId = Object.hasOwn(data, chatroomId) ? data[chatroomId] : undefined;
      if (messageId === undefined || !/^[0-9]{1,20}$/.test(messageId)) {
        throw new EasemobError('UPSTREAM_ERROR', `it answered no message id for chatroom ${chatroomId}`, 200);
      }
      return { chatroomId, messageId };
    });
  } catch (error) {
    throw described(error, { users });
  }
}

/**
 * Sends `message` to every active room of the app (a member in it, and a message sent there
 * before). Answers the broadcast's id, exactly: Easemob writes it as a bare number above 2^53.
 */
export async function broadcastMessage(client: EasemobClient, message: OutgoingMessage): Promise<string> {
  const { type, body } = wireContent(message.content);
  const request = { msg: { type, ...body }, ...common(message) };
  const path = '/messages/chatrooms/broadcast';
  const { data } = await client.call({ method: 'POST', path, body: request, message: true, exactIntegers: true }, wire.broadcastResponse);
  return data.id;
}

/**
 * Recalls message `messageId` from room `room`, as `from`. `force`: past the recall window (2
 * minutes unless the app's console sets longer), which a moderator's recall should not be bound by.
 */
export async function recallMessage(client: EasemobClient, room: string, messageId: string, from: string): Promise<void> {
  const request = { msg_id: messageId, to: room, from, chat_type: 'chatroom', force: true };
  try {
    // A repeat of a recall that went through answers "not_found msg": sent once, as a message is.
    const { data } = await client.call({ method: 'POST', path: '/messages/msg_recall', body: request, message: true }, wire.recallResponse);
    if (data.recalled !== 'yes') throw new EasemobError('NOT_FOUND', 'the message', 200);
  } catch (error) {
    if (!(error instanceof EasemobError && error.code === 'NOT_FOUND')) throw error;
    const detail = `message ${messageId} in chatroom ${room} (recalled already, or past the time Easemob keeps it)`;
    throw new EasemobError('NOT_FOUND', detail, error.statusCode, { cause: error });
  }
}
