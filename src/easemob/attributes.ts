/**
 * Room attributes (聊天室属性), as typed functions over Easemob's endpoints: up to 100 key-value
 * pairs per room, each set by a member. Reading is a POST, deleting a DELETE with a JSON body;
 * a change answers 200 with each key's outcome, some (or all) of which may have failed. Inputs
 * are validated by the caller (the GraphQL layer) against ./limits.ts.
 */
import type { EasemobClient } from './client.js';
import { EasemobError } from './errors.js';
import { described, reasonText, segment } from './requests.js';
import * as wire from './wire.js';

const attributesOf = (room: string) => `/metadata/chatroom/${segment(room)}`;
/** A member's own keys, or (`forced`) anyone's. */
const memberPath = (room: string, user: string, forced: boolean) => `${attributesOf(room)}/user/${segment(user)}${forced ? '/forced' : ''}`;

/** One key's outcome of a change, in the order the keys were asked. */
export interface KeyOutcome {
  key: string;
  ok: boolean;
  /** Easemob's reason when it was not done. */
  reason?: string;
}

/** Each asked key's outcome: done, failed with Easemob's reason, or (unnamed in the answer) not done. */
function keyOutcomes(keys: readonly string[], data: { successKeys: string[]; errorKeys: Record<string, string> }): KeyOutcome[] {
  const done = new Set(data.successKeys);
  return keys.map((key) =>
    done.has(key) ? { key, ok: true } : { key, ok: false, reason: (Object.hasOwn(data.errorKeys, key) && reasonText(data.errorKeys[key])) || 'not done' },
  );
}

/**
 * Easemob refuses a member's change to another member's key (400 "others are not allowed to be
 * set") and a user who is not in the room (401 MetadataException): both are the caller's input.
 */
function saidOf(error: unknown, room: string, user: string): unknown {
  if (error instanceof EasemobError && error.upstream?.description === 'user is not in chatroom') {
    return new EasemobError('BAD_USER_INPUT', `not in the chatroom: ${user}`, error.statusCode, { cause: error, details: { usernames: [user] } });
  }
  return described(error, { room, users: [user] });
}

/** Sets `entries` as `user`'s; `forced` overwrites keys other members set. A repeat sets the same again: safe to retry. */
export async function setAttributes(
  client: EasemobClient,
  room: string,
  user: string,
  entries: Readonly<Record<string, string>>,
  options: { forced: boolean; deleteWhenOwnerLeaves: boolean },
): Promise<KeyOutcome[]> {
  try {
    const body = { metaData: entries, autoDelete: options.deleteWhenOwnerLeaves ? 'DELETE' : 'NO_DELETE' };
    const { data } = await client.call({ method: 'PUT', path: memberPath(room, user, options.forced), body }, wire.setAttributesResponse);
    return keyOutcomes(Object.keys(entries), data);
  } catch (error) {
    throw saidOf(error, room, user);
  }
}

/** The room's attributes, key to value: those of `keys`, or all. A read, though sent as a POST: shared, cached and retried as one. */
export async function getAttributes(client: EasemobClient, room: string, keys?: readonly string[]): Promise<Record<string, string>> {
  try {
    const body = keys ? { keys } : undefined;
    return (await client.call({ method: 'POST', path: attributesOf(room), body, read: true }, wire.attributesResponse)).data;
  } catch (error) {
    throw described(error, { room });
  }
}

/**
 * Deletes `keys` as `user`; `forced` deletes keys other members set. Not retried: a repeat
 * finds the keys gone and answers them failed.
 */
export async function deleteAttributes(
  client: EasemobClient,
  room: string,
  user: string,
  keys: readonly string[],
  options: { forced: boolean },
): Promise<KeyOutcome[]> {
  try {
    const { data } = await client.call(
      { method: 'DELETE', path: memberPath(room, user, options.forced), body: { keys }, idempotent: false },
      wire.deleteAttributesResponse,
    );
    return keyOutcomes(keys, data);
  } catch (error) {
    throw saidOf(error, room, user);
  }
}
