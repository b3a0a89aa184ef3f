/**
 * What every chatroom endpoint function shares: path segments that cannot be normalised into
 * another endpoint, failures said in the gateway's words (which room, which users), and
 * per-user outcome rows matched to the users asked.
 */
import { ChatroomNotFoundError, EasemobError } from './errors.js';

/**
 * One path segment. `.` and `..` would be normalised into another endpoint on the way
 * (`/users/../joined_chatrooms`), so they never leave, whatever the caller validated.
 */
export function segment(value: string): string {
  if (value === '' || value === '.' || value === '..') throw new RangeError(`"${value}" is not a usable path segment`);
  return encodeURIComponent(value);
}

/** Several ids or usernames in one path segment, comma sent as %2C. */
export const list = (values: readonly string[]) => values.map(segment).join('%2C');

/** A user that does not exist, named in the message and in `extensions.usernames`. */
export const userNotFound = (username: string, cause: unknown) =>
  new EasemobError('NOT_FOUND', `user ${username}`, 404, { cause, details: { usernames: [username] } });

/**
 * Users Easemob says are not in the room, in either of its wordings: "users [u1, u2] are not
 * members of this group!" (400 forbidden_op, muting, the allow list) or "user: u1 doesn't
 * exist in group: 42" (404 resource_not_found making an admin, 403 forbidden_op handing the
 * room over, as the group pages show; the chatroom pages leave these cases out).
 */
const notInRoom = (text: string): string[] => [
  ...(/users \[([^\]]*)\] are not members/.exec(text)?.[1]?.split(/,\s*/) ?? []),
  ...[...text.matchAll(/user: (\S+) doesn't exist in (?:group|chatroom)\b/g)].map((m) => m[1]!),
];

/**
 * Says what a failure is about, in the gateway's words, read from what Easemob says rather
 * than its status alone: some of `users` not in the room is the caller's input (named);
 * a 404 names one of `users` (Easemob names it: "username u1 doesn't exist!"), else the room.
 * Only names the caller sent are repeated.
 */
export function described(error: unknown, about: { room?: string; users?: readonly string[] }): unknown {
  if (!(error instanceof EasemobError)) return error;
  const text = error.upstream?.description ?? '';
  const outside = notInRoom(text);
  const named = about.users?.filter((u) => outside.includes(u)) ?? [];
  if (named.length && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN' || error.code === 'BAD_USER_INPUT')) {
    return new EasemobError('BAD_USER_INPUT', `not in the chatroom: ${named.join(', ')}`, error.statusCode, {
      cause: error,
      details: { usernames: named },
    });
  }
  if (error.code === 'NOT_FOUND') {
    const unknown = /username (\S+) doesn't exist/.exec(text)?.[1];
    const user = about.users?.find((u) => u === unknown);
    if (user) return userNotFound(user, error);
    if (about.room && !unknown) return new ChatroomNotFoundError(about.room);
    return new EasemobError('NOT_FOUND', 'one of the users named', 404, { cause: error });
  }
  return error;
}

/** One asked user's outcome of a change: `ok` when the user is now in the asked state. */
export interface UserOutcome {
  username: string;
  ok: boolean;
  reason?: string;
}

/** Easemob's reason for one user (or key), kept short and on one line. */
export const reasonText = (reason: string | undefined) => reason?.replace(/\s+/g, ' ').trim().slice(0, 200) || undefined;

/** Rows of per-user outcomes, matched to the users asked by name, in the order asked. */
export function outcomes<R extends { user: string; result: boolean; reason?: string }>(
  usernames: readonly string[],
  rows: readonly R[],
  failed: string,
): (UserOutcome & { row?: R })[] {
  const byUser = new Map(rows.map((row) => [row.user, row]));
  return usernames.map((username) => {
    const row = byUser.get(username);
    if (!row) return { username, ok: false, reason: 'Easemob reported nothing for this user' };
    return row.result ? { username, ok: true, row } : { username, ok: false, reason: reasonText(row.reason) ?? failed, row };
  });
}
