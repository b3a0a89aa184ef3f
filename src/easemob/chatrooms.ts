/**
 * Easemob's chatroom endpoints as typed functions returning domain objects.
 * Inputs are validated by the caller (the GraphQL layer) against ./limits.ts.
 */
import type { z } from 'zod';
import type { EasemobClient } from './client.js';
import { EasemobError } from './errors.js';
import { limits } from './limits.js';
import { described, list, outcomes, segment, type UserOutcome, userNotFound } from './requests.js';
import * as wire from './wire.js';

/** What a list row tells about a room; absent fields need a detail fetch. */
export interface ChatroomSummary {
  id: string;
  name: string;
  owner?: string;
  affiliationsCount?: number;
}

export interface ChatroomDetail {
  id: string;
  name: string;
  description: string;
  maxUsers: number;
  affiliationsCount: number;
  owner: string;
  /** Member-role users, the owner excluded. */
  members: string[];
  membersOnly: boolean;
  allowInvites: boolean;
  public: boolean;
  /** Absent on deployments that do not report it. */
  createdAt?: Date;
  custom?: string;
  allMembersMuted?: boolean;
}

export interface ChatroomPage {
  rooms: ChatroomSummary[];
  /** Upstream cursor of the next page; absent on the last page. */
  cursor?: string;
}

export interface CreateChatroomInput {
  name: string;
  description: string;
  /** Omitted: the service's default (1000). */
  maxUsers?: number;
  owner: string;
  members?: string[];
  custom?: string;
}

export interface UpdateChatroomInput {
  name?: string;
  description?: string;
  maxUsers?: number;
}

export interface UpdatedFields {
  name: boolean;
  description: boolean;
  maxUsers: boolean;
}

/** One asked user's outcome of a member change: `ok` when the user is now in the asked state. */
export type MemberResult = UserOutcome;

const toSummary = (row: z.output<typeof wire.listRow> | z.output<typeof wire.joinedRow>): ChatroomSummary => ({
  id: row.id,
  name: row.name,
  owner: 'owner' in row ? row.owner : undefined,
  affiliationsCount: 'affiliations_count' in row ? row.affiliations_count : undefined,
});

/** Latest time a Date can hold, in epoch ms. */
const maxDateMs = 8.64e15;

/**
 * A room's creation time, when it is one: epoch ms as a number or a numeric string. Anything
 * else (a broken upstream's 1e20, a negative number) is unknown rather than an invalid Date,
 * which no DateTime can show.
 */
function createdAt(created: number | string | undefined): Date | undefined {
  const ms = typeof created === 'string' && /^[0-9]{1,16}$/.test(created) ? Number(created) : created;
  return typeof ms === 'number' && Number.isSafeInteger(ms) && ms >= 0 && ms <= maxDateMs ? new Date(ms) : undefined;
}

function toDetail(row: z.output<typeof wire.chatroomDetail>): ChatroomDetail {
  let owner = row.owner ?? '';
  const members: string[] = [];
  // The service does not order affiliations: the owner row may come anywhere.
  for (const a of row.affiliations) {
    if ('owner' in a) owner ||= a.owner;
    else members.push(a.member);
  }
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    maxUsers: row.maxusers,
    affiliationsCount: row.affiliations_count ?? row.affiliations.length,
    owner,
    members: members.filter((m) => m !== owner),
    membersOnly: row.membersonly,
    allowInvites: row.allowinvites,
    public: row.public,
    createdAt: createdAt(row.created),
    custom: row.custom,
    allMembersMuted: row.mute,
  };
}

/** Details of up to 100 rooms in one call, keyed by id; missing rooms are absent from the map. */
export async function getChatrooms(client: EasemobClient, ids: readonly string[]): Promise<Map<string, ChatroomDetail>> {
  if (ids.length > limits.detailBatch) throw new RangeError(`at most ${limits.detailBatch} ids per detail call`);
  const found = new Map<string, ChatroomDetail>();
  try {
    const { data } = await client.call({ method: 'GET', path: `/chatrooms/${list(ids)}` }, wire.detailResponse);
    for (const row of data) found.set(row.id, toDetail(row));
  } catch (error) {
    // 404 means none of the ids exist.
    if (!(error instanceof EasemobError && error.code === 'NOT_FOUND')) throw error;
  }
  return found;
}

export async function listChatrooms(
  client: EasemobClient,
  page: { limit: number; cursor?: string },
): Promise<ChatroomPage> {
  const res = await client.call(
    { method: 'GET', path: '/chatrooms', query: { limit: page.limit, cursor: page.cursor } },
    wire.listResponse,
  );
  return { rooms: res.data.map(toSummary), cursor: res.cursor || undefined };
}

/** One page of a user's rooms; rows carry id and name only. */
export async function listJoinedChatrooms(
  client: EasemobClient,
  username: string,
  page: { pagenum: number; pagesize: number },
): Promise<ChatroomSummary[]> {
  try {
    const res = await client.call(
      { method: 'GET', path: `/users/${segment(username)}/joined_chatrooms`, query: page },
      wire.joinedResponse,
    );
    return res.data.map(toSummary);
  } catch (error) {
    if (error instanceof EasemobError && error.code === 'NOT_FOUND') {
      throw userNotFound(username, error);
    }
    throw error;
  }
}

/** Creates a room and returns its id. */
export async function createChatroom(client: EasemobClient, input: CreateChatroomInput): Promise<string> {
  const body = {
    name: input.name,
    description: input.description,
    maxusers: input.maxUsers,
    owner: input.owner,
    // The docs: when present, members must hold at least one name.
    members: input.members?.length ? input.members : undefined,
    custom: input.custom,
  };
  try {
    const res = await client.call({ method: 'POST', path: '/chatrooms', body }, wire.createResponse);
    return res.data.id;
  } catch (error) {
    if (error instanceof EasemobError && error.outcomeUnknown) {
      throw new EasemobError(
        'UPSTREAM_UNAVAILABLE',
        'it did not confirm the new chatroom; it may exist, so list the rooms before creating it again',
        undefined,
        { cause: error, outcomeUnknown: true },
      );
    }
    throw described(error, { users: [input.owner, ...(input.members ?? [])] });
  }
}

export async function updateChatroom(
  client: EasemobClient,
  id: string,
  input: UpdateChatroomInput,
): Promise<UpdatedFields> {
  const body = { name: input.name, description: input.description, maxusers: input.maxUsers };
  try {
    const { data } = await client.call({ method: 'PUT', path: `/chatrooms/${segment(id)}`, body }, wire.updateResponse);
    return {
      name: (data.groupname ?? data.name) === true,
      description: data.description === true,
      maxUsers: data.maxusers === true,
    };
  } catch (error) {
    throw described(error, { room: id });
  }
}

export async function deleteChatroom(client: EasemobClient, id: string): Promise<{ id: string; success: boolean }> {
  try {
    const { data } = await client.call({ method: 'DELETE', path: `/chatrooms/${segment(id)}` }, wire.deleteResponse);
    return data;
  } catch (error) {
    throw described(error, { room: id });
  }
}

/** Adds users in one call; users already in the room count as added, as Easemob reports them. */
export async function addChatroomMembers(
  client: EasemobClient,
  id: string,
  usernames: readonly string[],
): Promise<MemberResult[]> {
  try {
    const { data } = await client.call(
      { method: 'POST', path: `/chatrooms/${segment(id)}/users`, body: { usernames } },
      wire.addMembersResponse,
    );
    const added = new Set(data.newmembers);
    return usernames.map((username) =>
      added.has(username) ? { username, ok: true } : { username, ok: false, reason: 'Easemob did not add this user' },
    );
  } catch (error) {
    throw described(error, { room: id, users: usernames });
  }
}

/**
 * Removes users in one call. Easemob answers one row per user, some of which may have
 * failed; the rows are matched to the asked names by name. Asked for one user who is not
 * in the room, Easemob refuses the call (400 forbidden_op): that is that user's failure.
 */
export async function removeChatroomMembers(
  client: EasemobClient,
  id: string,
  usernames: readonly string[],
): Promise<MemberResult[]> {
  let rows: z.output<typeof wire.removedMember>[];
  try {
    ({ data: rows } = await client.call(
      { method: 'DELETE', path: `/chatrooms/${segment(id)}/users/${list(usernames)}` },
      wire.removeMembersResponse,
    ));
  } catch (error) {
    const notMember = error instanceof EasemobError && error.upstream?.error === 'forbidden_op' && usernames.length === 1;
    if (notMember) return [{ username: usernames[0]!, ok: false, reason: 'not a member of this chatroom' }];
    throw described(error, { room: id, users: usernames });
  }
  return outcomes(usernames, rows, 'Easemob did not remove this user').map(({ row: _, ...outcome }) => outcome);
}
