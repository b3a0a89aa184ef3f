/**
 * Easemob's JSON as it arrives: the one contract both ends share. The client parses every
 * answer through these schemas, so a surprising payload fails loudly at the edge instead of
 * deep inside a resolver; the emulator builds its answers as these types (`Wire`,
 * `Documented`), so a change on one side fails to compile on the other. Tolerant where the
 * service varies (absent or null cursor, `data` as one object or an array, fields older
 * deployments lack, unknown fields), strict where it matters (ids, names, counts).
 * test/fixtures/easemob/ holds an answer per endpoint and outcome in the public docs' shape.
 */
import { z } from 'zod';
import { limits } from './limits.js';

/** What a schema accepts: the type the emulator's answers are written in. */
export type Wire<S extends z.ZodType> = z.input<S>;

/** Every field present, as the public docs show the answer: for rows the emulator always sends whole. */
export type Documented<S extends z.ZodType> = Complete<z.input<S>>;
type Complete<T> = T extends readonly (infer U)[]
  ? Complete<U>[]
  : T extends object
    ? { [K in keyof T]-?: Complete<Exclude<T[K], undefined>> }
    : T;

/** Error answers: `error` is a short word (`illegal_argument`), `error_description` free text. */
export const errorBody = z.object({
  error: z.string().optional(),
  exception: z.string().optional(),
  timestamp: z.number().optional(),
  duration: z.number().optional(),
  /** A numeric code some answers add (a message too large: 14007). */
  error_code: z.number().optional(),
  error_description: z.string().optional(),
});

export const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  application: z.string().optional(),
});

/** What every successful answer carries besides its data (the docs' common response fields); the gateway reads none of it. */
export const envelope = z.object({
  action: z.string().optional(),
  application: z.string().optional(),
  uri: z.string().optional(),
  entities: z.array(z.unknown()).optional(),
  timestamp: z.number().optional(),
  duration: z.number().optional(),
  organization: z.string().optional(),
  applicationName: z.string().optional(),
});

/** `data` as an array, or as a single object as some answers for one item have it. */
const oneOrMany = <T extends z.ZodType>(row: T) =>
  z.union([z.array(row), row]).transform((data): z.output<T>[] => (Array.isArray(data) ? data : [data]));

/** A row of GET /chatrooms. */
export const listRow = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.string().optional(),
  affiliations_count: z.number().optional(),
});

/** A row of GET /users/{u}/joined_chatrooms: id and name (and `disabled`, as a string). */
export const joinedRow = z.object({
  id: z.string(),
  name: z.string(),
  disabled: z.string().optional(),
});

/**
 * A room's owner or one of its members; the service does not order them. Members first:
 * a union tries its options in order, and a failed try is costly (a 50-room detail answer
 * parsed 3.5 times slower with the owner first, measured).
 */
export const affiliation = z.union([z.object({ member: z.string() }), z.object({ owner: z.string() })]);

export const chatroomDetail = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().default(''),
  membersonly: z.boolean().default(false),
  allowinvites: z.boolean().default(false),
  maxusers: z.number(),
  owner: z.string().optional(),
  /** Creation time, epoch milliseconds: a number in the detail page's example and the SDK (a Long), a String in one of the docs' tables. */
  created: z.union([z.number(), z.string()]).optional(),
  /** The app's own string, set on create. */
  custom: z.string().optional(),
  affiliations_count: z.number().optional(),
  affiliations: z.array(affiliation).default([]),
  public: z.boolean().default(true),
  /** All members muted. */
  mute: z.boolean().optional(),
});

export const listResponse = envelope.extend({
  data: oneOrMany(listRow),
  /** Where the next page starts; absent or null on the last page. */
  cursor: z.string().nullish(),
  count: z.number().optional(),
});

/** Batch detail: `data` is an array, or a single object on some deployments. */
export const detailResponse = envelope.extend({
  data: oneOrMany(chatroomDetail),
  count: z.number().optional(),
});

export const joinedResponse = envelope.extend({
  data: z.array(joinedRow),
  /** The docs list it as a string and show a number. */
  count: z.union([z.number(), z.string()]).optional(),
  params: z.record(z.string(), z.array(z.string())).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

export const createResponse = envelope.extend({ data: z.object({ id: z.string() }) });

/** Which fields were updated; the name is reported as `groupname` (`name` on older deployments). */
export const updateResponse = envelope.extend({
  data: z.object({
    groupname: z.boolean().optional(),
    name: z.boolean().optional(),
    description: z.boolean().optional(),
    maxusers: z.boolean().optional(),
  }),
});

export const deleteResponse = envelope.extend({ data: z.object({ success: z.boolean(), id: z.string() }) });

/** POST /chatrooms/{id}/users: the users now in the room (users already in it count as added). */
export const addMembersResponse = envelope.extend({
  data: z.object({ newmembers: z.array(z.string()), action: z.string().optional(), id: z.string().optional() }),
});

/** An outcome flag: a boolean, or on some endpoints and deployments the string `success` (or `true`/`false`). */
const resultFlag = z.union([z.boolean(), z.enum(['success', 'true', 'false'])]).transform((r) => r === true || r === 'success' || r === 'true');

/** One user's outcome of DELETE /chatrooms/{id}/users/{u1,u2}; `result` is a string on some deployments. */
export const removedMember = z.object({
  result: resultFlag,
  action: z.string().optional(),
  reason: z.string().optional(),
  user: z.string(),
  id: z.string().optional(),
});

/** One row per user; a single object when one user was named. */
export const removeMembersResponse = envelope.extend({ data: oneOrMany(removedMember) });

/** GET /chatrooms/{id}/users?pagenum&pagesize: the owner's row and member rows (admins among them), unordered. */
export const memberPageResponse = envelope.extend({
  data: z.array(affiliation),
  count: z.number().optional(),
  params: z.record(z.string(), z.array(z.string())).optional(),
});

/** A list of usernames: a room's admins (GET …/admin), block list (GET …/blocks/users), allow list (GET …/white/users). */
export const usernamesResponse = envelope.extend({
  data: z.array(z.string()),
  count: z.union([z.number(), z.string()]).optional(),
});

/** PUT /chatrooms/{id} with `newowner`: the chatroom pages document no answer; the group API's, which the SDK accepts. */
export const transferResponse = envelope.extend({ data: z.object({ newowner: z.boolean().optional() }) });

/** POST /chatrooms/{id}/admin: `result` is "success" in the docs' example. */
export const addAdminResponse = envelope.extend({ data: z.object({ result: resultFlag, newadmin: z.string() }) });

/** DELETE /chatrooms/{id}/admin/{u}. */
export const removeAdminResponse = envelope.extend({ data: z.object({ result: resultFlag, oldadmin: z.string() }) });

/** A muted user: when the mute ends, epoch ms (-1: never, until unmuted). */
export const muted = z.object({ user: z.string(), expire: z.number() });

/** GET /chatrooms/{id}/mute. */
export const mutesResponse = envelope.extend({ data: z.array(muted) });

/** One user's outcome of POST /chatrooms/{id}/mute. */
export const muteOutcome = z.object({ result: resultFlag, expire: z.number().optional(), user: z.string() });

export const muteResponse = envelope.extend({ data: oneOrMany(muteOutcome) });

/** One user's outcome of DELETE /chatrooms/{id}/mute/{u1,u2}. */
export const unmuteOutcome = z.object({ result: resultFlag, user: z.string() });

export const unmuteResponse = envelope.extend({ data: oneOrMany(unmuteOutcome) });

/** POST and DELETE /chatrooms/{id}/ban: whether every member is muted now. */
export const muteAllResponse = envelope.extend({ data: z.object({ mute: z.boolean() }) });

/** One user's outcome of a block or allow list change, either way. */
export const listChange = z.object({
  result: resultFlag,
  action: z.string().optional(),
  reason: z.string().optional(),
  user: z.string(),
  chatroomid: z.string().optional(),
});

export const listChangeResponse = envelope.extend({ data: oneOrMany(listChange) });

/** GET /chatrooms/{id}/announcement. */
export const announcementResponse = envelope.extend({ data: z.object({ announcement: z.string() }) });

/** POST /chatrooms/{id}/announcement. */
export const setAnnouncementResponse = envelope.extend({ data: z.object({ id: z.string().optional(), result: resultFlag }) });

/** GET /chatrooms/super_admin?pagenum&pagesize. */
export const superAdminsResponse = envelope.extend({
  data: z.array(z.string()),
  count: z.number().optional(),
  params: z.record(z.string(), z.array(z.string())).optional(),
});

/** POST /chatrooms/super_admin. */
export const addSuperAdminResponse = envelope.extend({ data: z.object({ result: resultFlag, resource: z.string().optional() }) });

/** DELETE /chatrooms/super_admin/{u}: the user named `newSuperAdmin`, as the docs have it. */
export const removeSuperAdminResponse = envelope.extend({ data: z.object({ newSuperAdmin: z.string(), resource: z.string().optional() }) });

/**
 * A room attribute change, per key: 200 even when some keys, or all, failed (`successKeys` may be
 * empty). The forced pages print `data` alone, without the envelope.
 */
const keyOutcomes = z.object({ successKeys: z.array(z.string()), errorKeys: z.record(z.string(), z.string()) });

/** PUT /metadata/chatroom/{id}/user/{user}[/forced] */
export const setAttributesResponse = envelope.extend({ data: keyOutcomes });

/** POST /metadata/chatroom/{id}: key to value, no owner. */
export const attributesResponse = envelope.extend({ data: z.record(z.string(), z.string()) });

/** DELETE /metadata/chatroom/{id}/user/{user}[/forced] */
export const deleteAttributesResponse = envelope.extend({ status: z.string().optional(), data: keyOutcomes });


/** The message endpoints' answers also name the endpoint (`path`). */
const messageEnvelope = envelope.extend({ path: z.string().optional() });

/**
 * POST /messages/chatrooms and /messages/chatrooms/users: each room's message id, a decimal
 * string (the rooms are not checked to exist: a room id Easemob does not know answers an id too).
 */
export const sendMessagesResponse = messageEnvelope.extend({ data: z.record(z.string(), z.string()) });

/**
 * POST /messages/chatrooms/broadcast: `data.id` is a bare JSON number above 2^53, read as exact
 * digits (`exactIntegers`); a number that did fit is made the same digits.
 */
export const broadcastResponse = messageEnvelope.extend({
  data: z.object({
    id: z.union([
      z.string().regex(limits.messageId),
      // A number that is not exact (read without exactIntegers) is refused, never turned into other digits.
      z.number().int().nonnegative().refine(Number.isSafeInteger).transform(String),
    ]),
  }),
});

/** POST /messages/msg_recall: `recalled` is "yes" when it was. */
export const recallResponse = messageEnvelope.extend({
  data: z.object({ recalled: z.string(), msg_id: z.string().optional(), to: z.string().optional() }),
});
