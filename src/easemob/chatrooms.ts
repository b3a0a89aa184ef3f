/**
 * Easemob's chatroom endpoints as typed functions returning domain objects.
 * Inputs are validated by the caller (the GraphQL layer) against ./limits.ts.
 */
import type { z } from 'zod';
import type { EasemobClient } from './client.js';
import { EasemobError } from './errors.js';
import { limits } from './limits.js';
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
}

export interface ChatroomPage {
  rooms: ChatroomSummary[];
  /** Upstream cursor of the next page; absent on the last page. */
  cursor?: string;
}

export interface CreateChatroomInput {
  name: string;
  description: string;
  maxUsers?: number;
  owner: string;
  members?: string[];
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

/**
 * One path segment. `.` and `..` would be normalised into another endpoint on the way
 * (`/users/../joined_chatrooms`), so they never leave, whatever the caller validated.
 */
function segment(value: string): string {
  if (value === '' || value === '.' || value === '..') throw new RangeError(`"${value}" is not a usable path segment`);
  return encodeURIComponent(value);
}
/** Several ids or usernames in one path segment, comma sent as %2C. */
const list = (values: readonly string[]) => values.map(segment).join('%2C');

const toSummary = (row: z.output<typeof wire.chatroomSummary>): ChatroomSummary => ({
  id: row.id,
  name: row.name,
  owner: row.owner,
  affiliationsCount: row.affiliations_count,
});

function toDetail(row: z.output<typeof wire.chatroomDetail>): ChatroomDetail {
  let owner = row.owner ?? '';
  const members: string[] = [];
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
    members,
    membersOnly: row.membersonly,
    allowInvites: row.allowinvites,
    public: row.public,
  };
}

/** Details of up to 100 rooms in one call, keyed by id; missing rooms are absent from the map. */
export async function getChatrooms(client: EasemobClient, ids: readonly string[]): Promise<Map<string, ChatroomDetail>> {
  if (ids.length > limits.detailBatch) throw new RangeError(`at most ${limits.detailBatch} ids per detail call`);
  const found = new Map<string, ChatroomDetail>();
  try {
    const { data } = await client.call({ method: 'GET', path: `/chatrooms/${list(ids)}` }, wire.detailResponse);
    for (const row of Array.isArray(data) ? data : [data]) found.set(row.id, toDetail(row));
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
  const res = await client.call(
    { method: 'GET', path: `/users/${segment(username)}/joined_chatrooms`, query: page },
    wire.joinedResponse,
  );
  return res.data.map(toSummary);
}

/** Creates a room and returns its id. */
export async function createChatroom(client: EasemobClient, input: CreateChatroomInput): Promise<string> {
  const body = {
    name: input.name,
    description: input.description,
    maxusers: input.maxUsers,
    owner: input.owner,
    // The doc: when present, members must hold at least one name.
    members: input.members?.length ? input.members : undefined,
  };
  try {
    const res = await client.call({ method: 'POST', path: '/chatrooms', body }, wire.createResponse);
    return res.data.id;
  } catch (error) {
    if (error instanceof EasemobError && error.outcomeUnknown) {
      throw new EasemobError(
        'UPSTREAM_UNAVAILABLE',
        'Easemob did not confirm the new chatroom; it may exist, so list the rooms before creating it again',
        undefined,
        { cause: error, outcomeUnknown: true },
      );
    }
    throw error;
  }
}

export async function updateChatroom(
  client: EasemobClient,
  id: string,
  input: UpdateChatroomInput,
): Promise<UpdatedFields> {
  const body = { name: input.name, description: input.description, maxusers: input.maxUsers };
  const { data } = await client.call({ method: 'PUT', path: `/chatrooms/${segment(id)}`, body }, wire.updateResponse);
  return { name: data.name === true, description: data.description === true, maxUsers: data.maxusers === true };
}

export async function deleteChatroom(client: EasemobClient, id: string): Promise<{ id: string; success: boolean }> {
  const { data } = await client.call({ method: 'DELETE', path: `/chatrooms/${segment(id)}` }, wire.deleteResponse);
  return data;
}

/** Adds up to 60 users in one call (the caller enforces the limit, so a change is never half-applied). */
export async function addChatroomMembers(client: EasemobClient, id: string, usernames: readonly string[]): Promise<void> {
  await client.call({ method: 'POST', path: `/chatrooms/${segment(id)}/users`, body: { usernames } }, wire.anyResponse);
}

/** Removes up to 100 users in one call. */
export async function removeChatroomMembers(
  client: EasemobClient,
  id: string,
  usernames: readonly string[],
): Promise<void> {
  await client.call({ method: 'DELETE', path: `/chatrooms/${segment(id)}/users/${list(usernames)}` }, wire.anyResponse);
}
