/**
 * The windows a page is asked of Easemob through (src/schema/pagination.ts), in process:
 * `listWindow` (the app's rooms, by an opaque upstream cursor and a `limit`) and
 * `offsetWindow` (a user's rooms, a room's members, the super admins, by page number and
 * size), from `first` and the gateway's own `after` cursor; with the pages they make, whose
 * cursors lead back into them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limits } from '../../src/easemob/limits.js';
import { say } from '../../src/error-codes.js';
import { listPage, listPageRules, listWindow, offsetPage, offsetPageRules, offsetWindow } from '../../src/schema/pagination.js';
import { pageSize } from '../../src/schema/validation.js';

/** A cursor holding `value`, encoded as the gateway encodes its own. */
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** What a cursor of the gateway's holds. */
const opened = (c: string): unknown => JSON.parse(Buffer.from(c, 'base64url').toString());

/** The error `fn` throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('nothing thrown');
}

/** How a window refuses a cursor it did not make: the input error of `after`, before any call. */
const notACursor = {
  message: say('BAD_USER_INPUT', 'after: not a cursor from this API'),
  extensions: { code: 'BAD_USER_INPUT', argumentPath: ['after'] },
};

/** Cursors of no list: not base64url JSON, or JSON of neither kind. */
const malformed = ['x', '!!', cursor('a string'), cursor(null), cursor(7), Buffer.from('{"offset":').toString('base64url')];
/** Almost list cursors: rows to skip past a page, negative or fractional; an upstream cursor not a string; one entry more. */
const almostList = [[null, limits.listPage + 1], ['c', -1], [null, 1.5], [1, 0], [null, 0, 0]].map(cursor);
/** Almost offset cursors: negative, fractional, a string, none. */
const almostOffset = [{ offset: -1 }, { offset: 1.5 }, { offset: '3' }, {}].map(cursor);

describe('listWindow', () => {
  it('asks for the first page with no cursor, as many rows as first: 1, 20 or the most', () => {
    expect(listWindow(20, undefined)).toEqual({ cursor: undefined, limit: 20, start: null, skip: 0, first: 20 });
    expect(listWindow(20, null)).toEqual(listWindow(20, undefined));
    expect(listWindow(1, undefined)).toMatchObject({ cursor: undefined, limit: 1, skip: 0 });
    expect(listWindow(pageSize.max, undefined)).toMatchObject({ cursor: undefined, limit: limits.listPage, skip: 0 });
  });

  it('asks for the upstream page a cursor starts, through the rows it skips, never more than a page', () => {
    const mid = listWindow(20, cursor(['upstream-7', 30]));
    expect(mid).toEqual({ cursor: 'upstream-7', limit: 50, start: 'upstream-7', skip: 30, first: 20 });
    expect(listWindow(20, cursor([null, 30]))).toMatchObject({ cursor: undefined, limit: 50, start: null, skip: 30 });
    // Past the page's end the window stops at it; the page's last row then leads to the next page.
    expect(listWindow(20, cursor([null, 90]))).toMatchObject({ limit: limits.listPage, skip: 90 });
    const atEnd = listWindow(pageSize.max, cursor(['upstream-7', limits.listPage]));
    expect(atEnd).toMatchObject({ limit: limits.listPage, skip: limits.listPage });
  });

  it('with first 0 (which the input rules refuse before any window) asks for no row past the cursor', () => {
    expect(listPageRules.safeParse({ first: 0 }).success).toBe(false);
    expect(listWindow(0, undefined)).toMatchObject({ limit: 0, skip: 0 });
    expect(listWindow(0, cursor([null, 30]))).toMatchObject({ limit: 30, skip: 30 });
  });

  it('resumes from every edge of a page in one call: rows after it in its upstream page, the next page after its last', () => {
    const rows = Array.from({ length: limits.listPage }, (_, i) => `r${i}`);
    /** Easemob's answer to a window: `limit` rows from the start of the app's rooms, and where its next page starts. */
    const answer = (window: ReturnType<typeof listWindow>, next: string) => listPage(window, rows.slice(0, window.limit), next);
    const page = answer(listWindow(20, undefined), 'after-20');
    expect(page.edges.map((e) => e.node)).toEqual(rows.slice(0, 20));
    expect(page).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(opened(page.edges[4]!.cursor)).toEqual([null, 5]);
    expect(opened(page.edges.at(-1)!.cursor)).toEqual(['after-20', 0]);
    const fromLast = listWindow(20, page.edges.at(-1)!.cursor);
    expect(fromLast).toEqual({ cursor: 'after-20', limit: 20, start: 'after-20', skip: 0, first: 20 });
    const fromFifth = listWindow(20, page.edges[4]!.cursor);
    expect(fromFifth).toEqual({ cursor: undefined, limit: 25, start: null, skip: 5, first: 20 });
    const next = answer(fromFifth, 'after-25');
    expect(next.edges.map((e) => e.node)).toEqual(rows.slice(5, 25));
    expect(next).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    // A window capped at the upstream page: the rows left in it, fewer than first, and the next page after them.
    const tail = answer(listWindow(20, cursor([null, 90])), 'after-100');
    expect(tail.edges.map((e) => e.node)).toEqual(rows.slice(90));
    expect(opened(tail.edges.at(-1)!.cursor)).toEqual(['after-100', 0]);
  });

  it('after the last row of the last page: an empty page, nothing after it, rows before it', () => {
    const rows = ['a', 'b', 'c'];
    const whole = listPage(listWindow(pageSize.max, undefined), rows);
    expect(whole).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    const after = listWindow(pageSize.max, whole.edges.at(-1)!.cursor);
    expect(after).toMatchObject({ cursor: undefined, limit: limits.listPage, skip: 3 });
    expect(listPage(after, rows)).toEqual({ edges: [], hasNextPage: false, hasPreviousPage: true });
  });

  it('refuses a malformed cursor, or one of another list, as input', () => {
    for (const after of [...malformed, ...almostList, cursor({ offset: 20 })]) {
      expect(thrown(() => listWindow(20, after)), after).toMatchObject(notACursor);
      expect(listPageRules.safeParse({ first: 20, after }).success, after).toBe(false);
    }
    expect(listPageRules.safeParse({ first: 20, after: cursor(['upstream-7', limits.listPage]) }).success).toBe(true);
  });
});

describe('offsetWindow', () => {
  const most = 1_000;

  it('asks for the first page with no cursor, of first rows: 1, 20 or the most', () => {
    expect(offsetWindow(20, undefined, most)).toEqual({ pagenum: 1, pagesize: 20, offset: 0, skip: 0, first: 20 });
    expect(offsetWindow(20, null, most)).toEqual(offsetWindow(20, undefined, most));
    expect(offsetWindow(1, undefined, most)).toEqual({ pagenum: 1, pagesize: 1, offset: 0, skip: 0, first: 1 });
    const max = pageSize.max;
    expect(offsetWindow(max, undefined, most)).toEqual({ pagenum: 1, pagesize: max, offset: 0, skip: 0, first: max });
  });

  it('pages forward with a steady first in pages of first: the next page number, nothing skipped', () => {
    let after: string | undefined;
    for (const pagenum of [1, 2, 3]) {
      const window = offsetWindow(20, after, most);
      expect(window).toEqual({ pagenum, pagesize: 20, offset: (pagenum - 1) * 20, skip: 0, first: 20 });
      const page = offsetPage(window, Array.from({ length: 20 }, (_, i) => window.offset + i));
      expect(page).toMatchObject({ hasNextPage: true, hasPreviousPage: pagenum > 1 });
      after = page.edges.at(-1)!.cursor;
      expect(opened(after)).toEqual({ offset: pagenum * 20 });
    }
    // first 1: a page of one, numbered by the offset.
    expect(offsetWindow(1, cursor({ offset: 41 }), most)).toEqual({ pagenum: 42, pagesize: 1, offset: 41, skip: 0, first: 1 });
  });

  it('asks for the smallest page that holds the rows when the cursor is not at a page of first', () => {
    // Rows 5-14: page 1 of 15, five skipped. Rows 25-34: page 3 of 12 (rows 24-35), one skipped.
    expect(offsetWindow(10, cursor({ offset: 5 }), most)).toEqual({ pagenum: 1, pagesize: 15, offset: 5, skip: 5, first: 10 });
    expect(offsetWindow(10, cursor({ offset: 25 }), most)).toEqual({ pagenum: 3, pagesize: 12, offset: 25, skip: 1, first: 10 });
    const page = offsetPage(offsetWindow(10, cursor({ offset: 25 }), most), Array.from({ length: 12 }, (_, i) => 24 + i));
    expect(page.edges.map((e) => e.node)).toEqual([25, 26, 27, 28, 29, 30, 31, 32, 33, 34]);
    expect(opened(page.edges[0]!.cursor)).toEqual({ offset: 26 });
  });

  it('with no page up to the most that holds the rows, asks for the page of first before the cursor, and answers fewer', () => {
    // first at the most (100 of 100): rows 50-149 lie across two pages of 100.
    const window = offsetWindow(100, cursor({ offset: 50 }), 100);
    expect(window).toEqual({ pagenum: 1, pagesize: 100, offset: 50, skip: 50, first: 100 });
    const page = offsetPage(window, Array.from({ length: 100 }, (_, i) => i));
    expect(page.edges.map((e) => e.node)).toEqual(Array.from({ length: 50 }, (_, i) => 50 + i));
    expect(page).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(offsetWindow(10, cursor({ offset: 5 }), 12)).toEqual({ pagenum: 1, pagesize: 10, offset: 5, skip: 5, first: 10 });
    expect(offsetWindow(100, cursor({ offset: 200 }), 100)).toMatchObject({ pagenum: 3, pagesize: 100, skip: 0 });
  });

  it('for any first and cursor, asks for the smallest page up to the most that holds every row asked for', () => {
    const firsts = fc.integer({ min: 1, max: pageSize.max });
    const mosts = fc.integer({ min: pageSize.max, max: 1_000 });
    fc.assert(
      fc.property(firsts, fc.nat(100_000), mosts, (first, offset, maxPage) => {
        const { pagenum, pagesize, skip } = offsetWindow(first, cursor({ offset }), maxPage);
        expect(Number.isInteger(pagenum) && pagenum >= 1).toBe(true);
        expect((pagenum - 1) * pagesize + skip).toBe(offset);
        expect(skip >= 0 && skip < pagesize).toBe(true);
        const holds = (size: number) => (offset % size) + first <= size;
        const smallest = Array.from({ length: maxPage - first + 1 }, (_, i) => first + i).find(holds);
        if (smallest === undefined) expect(pagesize).toBe(first);
        else expect([pagesize, skip + first <= pagesize]).toEqual([smallest, true]);
      }),
      { numRuns: 500 },
    );
  });

  it('with first 0 (which the input rules refuse before any window) asks for a page of one and yields no row', () => {
    expect(offsetPageRules.safeParse({ first: 0 }).success).toBe(false);
    const window = offsetWindow(0, cursor({ offset: 7 }), most);
    expect(window).toEqual({ pagenum: 8, pagesize: 1, offset: 7, skip: 0, first: 0 });
    expect(offsetPage(window, ['h']).edges).toEqual([]);
  });

  it('after the last row: a page from there, empty, with nothing after it and rows before it', () => {
    const window = offsetWindow(20, undefined, most);
    const last = offsetPage(window, ['a', 'b', 'c']);
    expect(last).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    const after = offsetWindow(20, last.edges.at(-1)!.cursor, most);
    expect(after).toEqual({ pagenum: 1, pagesize: 23, offset: 3, skip: 3, first: 20 });
    expect(offsetPage(after, ['a', 'b', 'c'])).toEqual({ edges: [], hasNextPage: false, hasPreviousPage: true });
  });

  it('refuses a malformed cursor, or one of another list, as input', () => {
    for (const after of [...malformed, ...almostOffset, cursor([null, 20])]) {
      expect(thrown(() => offsetWindow(20, after, most)), after).toMatchObject(notACursor);
      expect(offsetPageRules.safeParse({ first: 20, after }).success, after).toBe(false);
    }
    expect(offsetPageRules.safeParse({ first: 20, after: cursor({ offset: 20 }) }).success).toBe(true);
  });
});
