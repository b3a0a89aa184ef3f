/**
 * Easemob's JSON as it arrives. Everything the gateway reads from the upstream is
 * parsed here, so a surprising payload fails loudly at the edge instead of deep
 * inside a resolver. Unknown fields are ignored, as the REST doc asks.
 */
import { z } from 'zod';

export const errorBody = z.object({
  error: z.string().optional(),
  error_description: z.string().optional(),
});

export const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

/** Row of GET /chatrooms (summary) and of GET /users/{u}/joined_chatrooms (id and name only). */
export const chatroomSummary = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.string().optional(),
  affiliations_count: z.number().optional(),
});

export const affiliation = z.union([z.object({ owner: z.string() }), z.object({ member: z.string() })]);

export const chatroomDetail = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().default(''),
  maxusers: z.number(),
  affiliations_count: z.number().optional(),
  affiliations: z.array(affiliation).default([]),
  /** Newer deployments also send the owner at the top level. */
  owner: z.string().optional(),
  membersonly: z.boolean().default(false),
  allowinvites: z.boolean().default(false),
  public: z.boolean().default(true),
});

const envelope = <T extends z.ZodType>(data: T) => z.object({ data });

/** Batch detail: `data` is an array, or a single object on some deployments. */
export const detailResponse = envelope(z.union([z.array(chatroomDetail), chatroomDetail]));

export const listResponse = z.object({
  data: z.array(chatroomSummary),
  cursor: z.string().optional(),
  count: z.number().optional(),
});

export const joinedResponse = envelope(z.array(chatroomSummary));

export const createResponse = envelope(z.object({ id: z.string() }));

export const updateResponse = envelope(
  z.object({ name: z.boolean().optional(), description: z.boolean().optional(), maxusers: z.boolean().optional() }),
);

export const deleteResponse = envelope(z.object({ success: z.boolean(), id: z.string() }));

/** Member changes: the gateway only needs to know the call succeeded. */
export const anyResponse = z.object({ data: z.unknown().optional() });
