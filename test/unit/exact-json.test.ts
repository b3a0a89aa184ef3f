/** Easemob's answers parsed with every integer kept exactly (src/easemob/json.ts). */
import { describe, expect, it } from 'vitest';
import { parseExactJson } from '../../src/easemob/json.js';

describe('an answer of Easemob, parsed', () => {
  it("keeps an integer beyond 2^53 as the string of its digits: a broadcast's id, as its docs print it", () => {
    const answer = '{"path":"/messages/chatrooms/broadcast","data":{"id":1173998498812376874},"timestamp":1700000000000}';
    // What JSON.parse alone makes of it: another id.
    expect(String(JSON.parse(answer).data.id)).toBe('1173998498812376800');
    expect(parseExactJson(answer)).toEqual({ path: '/messages/chatrooms/broadcast', data: { id: '1173998498812376874' }, timestamp: 1700000000000 });
  });

  it('leaves strings, safe integers, fractions, exponents and negative numbers as JSON.parse has them', () => {
    const text = '{"a":"12345678901234567890 in a string \\" 99999999999999999","b":-12,"c":1.5e300,"d":[9007199254740991,-9007199254740993,0.1],"e":true,"f":null}';
    expect(parseExactJson(text)).toEqual({
      a: '12345678901234567890 in a string " 99999999999999999',
      b: -12,
      c: 1.5e300,
      d: [9007199254740991, '-9007199254740993', 0.1],
      e: true,
      f: null,
    });
  });

  it('fails on what is not JSON as JSON.parse does', () => {
    expect(() => parseExactJson('<html>')).toThrow(SyntaxError);
  });
});
