/**
 * Input rules for GraphQL arguments, built from Easemob's limits. Arguments and input types
 * with several fields are checked by one object schema each, not one per field: Pothos stops
 * at an input's first bad field, and a form wants every bad field reported at once.
 */
import { z } from 'zod';
import { easemobLength, limits } from '../easemob/limits.js';

export const chatroomId = z
  .string()
  .regex(limits.chatroomId, 'must be a numeric Easemob chatroom id');

/** What a username must be, as errors and descriptions say it. */
export const usernameRule = '1-64 characters of letters, digits, "_", "." or "-", and not "." or "..".';

/**
 * Easemob's user ids are case-insensitive, and come back lower-cased: `Alice` is `alice`. The
 * gateway lower-cases every username it is given, so its rules, budgets and caches see the
 * one spelling Easemob answers with.
 */
export const username = z
  .string()
  .regex(limits.username, `must be ${usernameRule.slice(0, -1)}`)
  .transform((name) => name.toLowerCase());

/** At most `max` characters as Easemob counts them (UTF-16 code units: an emoji is two). */
const text = (max: number) =>
  z.string().refine((s) => easemobLength(s) <= max, `must be at most ${max} characters (an emoji or other character beyond U+FFFF counts two)`);

export const chatroomName = text(limits.nameLength).refine((s) => s.length > 0, 'must not be empty');

export const description = text(limits.descriptionLength);

/** The app's own string for a room, at most 8 KB in UTF-8. */
export const custom = z
  .string()
  .refine((s) => Buffer.byteLength(s, 'utf8') <= limits.customBytes, `must be at most ${limits.customBytes} bytes in UTF-8`);

const between = (min: number, max: number) =>
  z.number().int(`must be a whole number ${min}-${max}`).min(min, `must be ${min}-${max}`).max(max, `must be ${min}-${max}`);

export const maxUsers = between(limits.maxUsers.min, limits.maxUsers.max);

/** How long a mute lasts, in seconds: up to ten years (Easemob sets no bound; its milliseconds fit). */
export const muteSeconds = { max: 315_360_000, schema: between(1, 315_360_000) };

export const announcement = text(limits.announcementLength);

/** Page sizes the gateway accepts for `first`. */
export const pageSize = { default: 20, max: 100 };
export const first = between(1, pageSize.max);

/** No value twice: `distinct(list)`, or `distinct(list, key)` for the values' keys. */
export const distinct = <T>(list: readonly T[], keyOf: (item: T) => unknown = (item) => item): boolean =>
  new Set(list.map(keyOf)).size === list.length;

/** A non-empty list of distinct usernames. */
export const usernames = (max: number) =>
  z
    .array(username)
    .min(1, 'must name at least one user')
    .max(max)
    .refine((names) => distinct(names), 'must not repeat a username (Easemob does not tell case apart)');

/** Cursors are short base64url strings; their content is checked where they are decoded. */
export const cursor = z.string().regex(/^[A-Za-z0-9_-]{1,512}$/, { message: 'not a cursor from this API', abort: true });


/** What a room attribute's key must be, as errors and descriptions say it. */
export const attributeKeyRule = `1-128 characters of letters, digits, "_", "." or "-"`;
export const attributeKey = z
  .string()
  .regex(limits.attributeKey, `must be ${attributeKeyRule}`)
  // Easemob would keep it, but JavaScript reads an object's "__proto__" as its prototype: no app could read it back.
  .refine((key) => key !== '__proto__', 'must not be "__proto__"');

/** Keys to read: each valid, at most as many as a room holds, none twice. */
export const attributeKeys = z
  .array(attributeKey)
  .max(limits.attributesMax, `at most ${limits.attributesMax} keys: a room holds no more`)
  .refine((keys) => distinct(keys), 'must not name a key twice');

/** How deep a JSON value apps send through (a message's `ext`) may nest. */
const jsonDepth = 32;

/** Whether `value` nests no deeper than `max` arrays and objects; walked without recursion, so any input is safe. */
function nestsAtMost(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length) {
    const [next, depth] = pending.pop()!;
    if (typeof next !== 'object' || next === null) continue;
    if (depth >= max) return false;
    for (const inner of Object.values(next)) pending.push([inner, depth + 1]);
  }
  return true;
}

/**
 * A JSON object as the caller sent it, its keys untouched (a map schema would drop `__proto__`),
 * nesting at most 32 deep: deeper would be refused here rather than overflow the stack measuring it.
 */
export const jsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && nestsAtMost(value, jsonDepth),
  `must be a JSON object nesting at most ${jsonDepth} deep`,
);
