/**
 * Connections and their cursors. Easemob pages two ways: the app's rooms by an opaque
 * upstream cursor; a user's rooms, a room's members and the super admins by page number and
 * size. Gateway cursors wrap both so that every edge can be resumed from in exactly one
 * upstream call. `connection()` makes the Connection and Edge types of a node type; each
 * node type calls it beside its own definition. This file knows no node type: every schema
 * file may import it, and it imports none of them, so it has always finished loading.
 */
import { limits } from '../easemob/limits.js';
import { z } from 'zod';
import { invalidInput } from '../error-codes.js';
import { builder } from './builder.js';
import type { ObjectRef } from '@pothos/core';
import * as rules from './validation.js';

/** A page of any connection. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  hasNextPage: boolean;
  /** Rows come before this page: it was asked for after a cursor that is not the first row's start. */
  hasPreviousPage: boolean;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An edge whose cursor is encoded only when read: most pages ask for nodes, not 50 cursors. */
const edge = <T>(node: T, cursor: unknown): { cursor: string; node: T } => ({
  node,
  get cursor() {
    return encode(cursor);
  },
});

/** The cursor's content, when it is a cursor of this kind. */
function parse<T>(cursor: string, valid: (value: unknown) => value is T): T | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    return valid(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A cursor the field's input rules already accepted. */
function decode<T>(cursor: string, valid: (value: unknown) => value is T): T {
  const value = parse(cursor, valid);
  if (value === undefined) throw invalidInput(['after'], 'not a cursor from this API');
  return value;
}

/** `first` and `after` of a connection whose cursors are of one kind: checked with the other arguments, before any call. */
const pageRules = <T>(valid: (value: unknown) => value is T) =>
  z.object({
    first: rules.first.nullish(),
    after: rules.cursor.refine((c) => parse(c, valid) !== undefined, 'not a cursor from this API').nullish(),
  });

/**
 * Lists paged by an opaque upstream cursor (the app's rooms). A cursor is [upstream cursor of
 * a page start, rows to skip in that page]; the last edge of a page points at the next
 * upstream page with nothing to skip.
 */
type ListCursor = [string | null, number];
const isListCursor = (v: unknown): v is ListCursor =>
  Array.isArray(v) && v.length === 2 && (v[0] === null || typeof v[0] === 'string') && Number.isInteger(v[1]) && v[1] >= 0 && v[1] <= limits.listPage;

/** The input rules of lists paged by an upstream cursor. */
export const listPageRules = pageRules(isListCursor);

export function listWindow(first: number, after: string | null | undefined) {
  const [start, skip] = after ? decode(after, isListCursor) : ([null, 0] as ListCursor);
  return { cursor: start ?? undefined, limit: Math.min(limits.listPage, skip + first), start, skip, first };
}

/** The rows of `window` out of the upstream page `upstreamRows`, whose next page starts at `next` (none: the last page). */
export function listPage<T>(window: ReturnType<typeof listWindow>, upstreamRows: readonly T[], next?: string): Page<T> {
  const rows = upstreamRows.slice(window.skip, window.skip + window.first);
  const moreInPage = upstreamRows.length > window.skip + rows.length;
  const edges = rows.map((node, i) => {
    const nextStart = i === rows.length - 1 && !moreInPage && next;
    const cursor: ListCursor = nextStart ? [nextStart, 0] : [window.start, window.skip + i + 1];
    return edge(node, cursor);
  });
  return { edges, hasNextPage: moreInPage || next !== undefined, hasPreviousPage: window.start !== null || window.skip > 0 };
}

/** Lists paged by number and size (a user's rooms, a room's members, super admins). A cursor is the number of rows before the next one. */
type OffsetCursor = { offset: number };
const isOffsetCursor = (v: unknown): v is OffsetCursor =>
  typeof v === 'object' && v !== null && Number.isInteger((v as OffsetCursor).offset) && (v as OffsetCursor).offset >= 0;

/** The input rules of lists paged by number and size. */
export const offsetPageRules = pageRules(isOffsetCursor);

/**
 * The upstream page that holds rows [offset, offset + first): pagesize = first when
 * paging forward with a steady `first`; otherwise the smallest page size, up to `maxPage`, that fits.
 */
export function offsetWindow(first: number, after: string | null | undefined, maxPage: number) {
  const { offset } = after ? decode(after, isOffsetCursor) : { offset: 0 };
  let pagesize = first;
  for (let size = first; size <= maxPage; size++) {
    if ((offset % size) + first <= size) {
      pagesize = size;
      break;
    }
  }
  // With no fitting size the page starting before offset is used and fewer rows are returned.
  const pagenum = Math.floor(offset / pagesize) + 1;
  return { pagenum, pagesize, offset, skip: offset - (pagenum - 1) * pagesize, first };
}

/** The rows of `window` out of the upstream page `rows`. */
export function offsetPage<T>(window: ReturnType<typeof offsetWindow>, upstreamRows: readonly T[]): Page<T> {
  const rows = upstreamRows.slice(window.skip, window.skip + window.first);
  const edges = rows.map((node, i) => edge(node, { offset: window.offset + i + 1 }));
  // The upstream gives no total: a full page suggests more.
  return {
    edges,
    hasNextPage: upstreamRows.length === window.pagesize || upstreamRows.length > window.skip + rows.length,
    hasPreviousPage: window.offset > 0,
  };
}

export const PageInfo = builder.objectRef<Page<unknown>>('PageInfo').implement({
  description: "Where a page is, in Relay's terms: the cursors at its ends, and whether rows lie beyond them.",
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', {
      description: "More rows may follow: ask again with `after: endCursor`. For a user's rooms Easemob gives no total, so a full last page says true once.",
    }),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage', { description: 'Rows come before this page: it was asked for with `after`.' }),
    startCursor: t.string({
      nullable: true,
      description: "The first row's cursor; null on an empty page.",
      resolve: (c) => c.edges[0]?.cursor ?? null,
    }),
    endCursor: t.string({
      nullable: true,
      description: "The last row's cursor, to ask for the next page with; null on an empty page.",
      resolve: (c) => c.edges.at(-1)?.cursor ?? null,
    }),
  }),
});

/**
 * The Connection and Edge types of a node type, in Relay's shape: `nodes` for the nodes
 * alone, `edges` for each with its cursor. A page holds the parent's items again, so what is
 * nested below is priced per item (`passThrough`).
 */
export function connection<T>(node: ObjectRef<any, T>, name: string, [one, plural]: [string, string]) {
  const Edge = builder.objectRef<Page<T>['edges'][number]>(`${name}Edge`).implement({
    description: `A ${one} in a page, with the cursor to go on from it.`,
    fields: (t) => ({
      cursor: t.exposeString('cursor', { description: 'Pass as `after` to get the rows after this one, in one upstream call.' }),
      node: t.field({
        type: node,
        description: `The ${one}.`,
        upstreamCost: { passThrough: true },
        // A node is its type's own shape; TypeScript cannot see that through the generic.
        resolve: (e) => e.node as never,
      }),
    }),
  });
  const Connection = builder.objectRef<Page<T>>(`${name}Connection`).implement({
    description: `A page of ${plural}, in Relay's connection shape: \`nodes\` for the ${plural} alone, \`edges\` for each with its cursor.`,
    fields: (t) => ({
      edges: t.field({
        type: [Edge],
        description: `The ${plural} of the page, each with its cursor.`,
        upstreamCost: { passThrough: true },
        resolve: (c) => c.edges,
      }),
      nodes: t.field({
        type: [node],
        description: `The ${plural} of the page.`,
        upstreamCost: { passThrough: true },
        resolve: (c) => c.edges.map((e) => e.node),
      }),
      pageInfo: t.field({ type: PageInfo, description: 'Where this page is.', resolve: (c) => c }),
    }),
  });
  return { Connection, Edge };
}

/** Rows a connection field yields per parent: its validated `first`. */
export const pageItems = ({ first }: { first?: number | null }) => first ?? rules.pageSize.default;

/** `first` and `after`, as every connection field takes them; the field checks them with its kind's rules (listPageRules, offsetPageRules). */
export const pageArgs = builder.args((t) => ({
  first: t.int({ description: `Page size, 1-${rules.pageSize.max} (default ${rules.pageSize.default}).` }),
  after: t.string({ description: "A cursor from this same field (an edge's cursor, or pageInfo.endCursor): the rows after it." }),
}));
