/**
 * Running a room, as typed functions over Easemob's endpoints: its members a page at a time,
 * its owner and admins, mutes, block and allow lists, announcement; and the app's chatroom
 * super admins. Inputs are validated by the caller (the GraphQL layer) against ./limits.ts;
 * per-user outcomes come back in the order the users were asked.
 */
import type { EasemobClient } from './client.js';
import { EasemobError } from './errors.js';
import { described, list, outcomes, segment, type UserOutcome } from './requests.js';
import * as wire from './wire.js';

const room = (id: string) => `/chatrooms/${segment(id)}`;

// Changes whose repeat answers differently (a second transfer, demotion or removal finds
// nothing to do and says it failed) are marked not idempotent: never sent twice.

/** One row of a room's member list: its owner, or a member (admins are members here). */
export interface Affiliated {
  role: 'OWNER' | 'MEMBER';
  username: string;
}

/** One page of a room's owner and members, as Easemob pages them (unordered). */
export async function listMemberPage(
  client: EasemobClient,
  id: string,
  page: { pagenum: number; pagesize: number },
): Promise<Affiliated[]> {
  try {
    const { data } = await client.call({ method: 'GET', path: `${room(id)}/users`, query: page }, wire.memberPageResponse);
    return data.map((row) => ('owner' in row ? { role: 'OWNER', username: row.owner } : { role: 'MEMBER', username: row.member }));
  } catch (error) {
    throw described(error, { room: id });
  }
}

/** The service said a single change was not made, without saying why. */
const notMade = (what: string) => new EasemobError('UPSTREAM_ERROR', `it answered that ${what} was not made`, 200);

/** Hands the room to one of its members; the old owner stays as a member. */
export async function transferOwnership(client: EasemobClient, id: string, newOwner: string): Promise<void> {
  try {
    const { data } = await client.call({ method: 'PUT', path: room(id), body: { newowner: newOwner }, idempotent: false }, wire.transferResponse);
    if (data.newowner === false) throw notMade('the transfer');
  } catch (error) {
    throw described(error, { room: id, users: [newOwner] });
  }
}

export async function listAdmins(client: EasemobClient, id: string): Promise<string[]> {
  try {
    return (await client.call({ method: 'GET', path: `${room(id)}/admin` }, wire.usernamesResponse)).data;
  } catch (error) {
    throw described(error, { room: id });
  }
}

export async function addAdmin(client: EasemobClient, id: string, username: string): Promise<void> {
  try {
    const { data } = await client.call({ method: 'POST', path: `${room(id)}/admin`, body: { newadmin: username } }, wire.addAdminResponse);
    if (!data.result) throw notMade('the promotion');
  } catch (error) {
    throw described(error, { room: id, users: [username] });
  }
}

export async function removeAdmin(client: EasemobClient, id: string, username: string): Promise<void> {
  try {
    const { data } = await client.call({ method: 'DELETE', path: `${room(id)}/admin/${segment(username)}`, idempotent: false }, wire.removeAdminResponse);
    if (!data.result) throw notMade('the demotion');
  } catch (error) {
    throw described(error, { room: id, users: [username] });
  }
}

/** When a mute ends; undefined: not until the user is unmuted (Easemob's -1, or a time past year 9999). */
const expiry = (expire: number | undefined): Date | undefined =>
  expire === undefined || expire < 0 || expire > 253_402_300_799_999 ? undefined : new Date(expire);

export interface Mute {
  username: string;
  expiresAt?: Date;
}

export type MuteOutcome = UserOutcome & { expiresAt?: Date };

export async function listMutes(client: EasemobClient, id: string): Promise<Mute[]> {
  try {
    const { data } = await client.call({ method: 'GET', path: `${room(id)}/mute` }, wire.mutesResponse);
    return data.map((m) => ({ username: m.user, expiresAt: expiry(m.expire) }));
  } catch (error) {
    throw described(error, { room: id });
  }
}

/**
 * Mutes users for `durationMs` (-1: until unmuted). Easemob refuses the whole call when one of
 * them is not in the room: BAD_USER_INPUT naming them, and nobody is muted.
 */
export async function muteMembers(client: EasemobClient, id: string, usernames: readonly string[], durationMs: number): Promise<MuteOutcome[]> {
  try {
    const { data } = await client.call(
      { method: 'POST', path: `${room(id)}/mute`, body: { usernames, mute_duration: durationMs } },
      wire.muteResponse,
    );
    return outcomes(usernames, data, 'Easemob did not mute this user').map(({ row, ...outcome }) => ({
      ...outcome,
      expiresAt: outcome.ok ? expiry(row?.expire) : undefined,
    }));
  } catch (error) {
    throw described(error, { room: id, users: usernames });
  }
}

export async function unmuteMembers(client: EasemobClient, id: string, usernames: readonly string[]): Promise<UserOutcome[]> {
  try {
    const { data } = await client.call({ method: 'DELETE', path: `${room(id)}/mute/${list(usernames)}`, idempotent: false }, wire.unmuteResponse);
    return outcomes(usernames, data, 'was not muted').map(({ row: _, ...outcome }) => outcome);
  } catch (error) {
    throw described(error, { room: id, users: usernames });
  }
}

/** Mutes or unmutes every member at once; answers whether every member is muted now. */
export async function setAllMembersMuted(client: EasemobClient, id: string, muted: boolean): Promise<boolean> {
  try {
    const { data } = await client.call({ method: muted ? 'POST' : 'DELETE', path: `${room(id)}/ban` }, wire.muteAllResponse);
    return data.mute;
  } catch (error) {
    throw described(error, { room: id });
  }
}

/** The block list (`blocks`) and the allow list (`white`) share their shape both ways. */
type UserList = 'blocks' | 'white';

export async function listUsers(client: EasemobClient, id: string, which: UserList): Promise<string[]> {
  try {
    return (await client.call({ method: 'GET', path: `${room(id)}/${which}/users` }, wire.usernamesResponse)).data;
  } catch (error) {
    throw described(error, { room: id });
  }
}

/**
 * Adds users to a list (blocking also puts them out of the room) or takes them off it.
 * Adding to the allow list, Easemob refuses the whole call when one of them is not in the
 * room: BAD_USER_INPUT naming them. Otherwise each user has an outcome.
 */
export async function changeUsers(
  client: EasemobClient,
  id: string,
  which: UserList,
  change: 'add' | 'remove',
  usernames: readonly string[],
): Promise<UserOutcome[]> {
  const path = `${room(id)}/${which}/users`;
  try {
    const { data } = await client.call(
      change === 'add' ? { method: 'POST', path, body: { usernames } } : { method: 'DELETE', path: `${path}/${list(usernames)}`, idempotent: false },
      wire.listChangeResponse,
    );
    const failed = `Easemob did not ${change === 'add' ? 'add this user to' : 'take this user off'} the list`;
    return outcomes(usernames, data, failed).map(({ row: _, ...outcome }) => outcome);
  } catch (error) {
    throw described(error, { room: id, users: usernames });
  }
}

export async function getAnnouncement(client: EasemobClient, id: string): Promise<string> {
  try {
    return (await client.call({ method: 'GET', path: `${room(id)}/announcement` }, wire.announcementResponse)).data.announcement;
  } catch (error) {
    throw described(error, { room: id });
  }
}

export async function setAnnouncement(client: EasemobClient, id: string, announcement: string): Promise<void> {
  try {
    const { data } = await client.call(
      { method: 'POST', path: `${room(id)}/announcement`, body: { announcement }, idempotent: true },
      wire.setAnnouncementResponse,
    );
    if (!data.result) throw notMade('the change');
  } catch (error) {
    throw described(error, { room: id });
  }
}

/** One page of the app's chatroom super admins (the users who may create rooms from the client SDKs). */
export async function listSuperAdmins(client: EasemobClient, page: { pagenum: number; pagesize: number }): Promise<string[]> {
  return (await client.call({ method: 'GET', path: '/chatrooms/super_admin', query: page }, wire.superAdminsResponse)).data;
}

export async function addSuperAdmin(client: EasemobClient, username: string): Promise<void> {
  try {
    const { data } = await client.call(
      { method: 'POST', path: '/chatrooms/super_admin', body: { superadmin: username }, idempotent: true },
      wire.addSuperAdminResponse,
    );
    if (!data.result) throw notMade('the promotion');
  } catch (error) {
    throw described(error, { users: [username] });
  }
}

export async function removeSuperAdmin(client: EasemobClient, username: string): Promise<void> {
  try {
    await client.call({ method: 'DELETE', path: `/chatrooms/super_admin/${segment(username)}` }, wire.removeSuperAdminResponse);
  } catch (error) {
    throw described(error, { users: [username] });
  }
}
