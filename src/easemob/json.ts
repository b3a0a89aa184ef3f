/**
 * Easemob's answers as JSON, with every integer too large for a JavaScript number kept exactly,
 * as a string. Easemob writes some ids as bare JSON numbers above 2^53 (a chatroom broadcast's
 * `data.id`, 1173998498812376874 in its docs): `JSON.parse` would round them to another id
 * (1173998498812376800) without a word. Such a number is quoted before parsing; everything else
 * parses as `JSON.parse` has it. The client reads an answer so when its request asks (`exactIntegers`).
 */

/** Quotes each integer of the JSON text that a number cannot hold exactly; strings and other numbers are left as they are. */
function quoteBigIntegers(text: string): string {
  let out = '';
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string, escapes included.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      i++;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      if (c === 0x2d) i++;
      while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
      const integer = i < text.length && /[.eE]/.test(text[i]!) ? undefined : text.slice(start, i);
      // Past the number, fraction and exponent included, when it is not a plain integer.
      while (i < text.length && /[0-9.eE+-]/.test(text[i]!)) i++;
      if (integer !== undefined && !Number.isSafeInteger(Number(integer))) {
        out += `${text.slice(from, start)}"${integer}"`;
        from = i;
      }
    } else {
      i++;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/** A bare number of sixteen digits or more, where a value starts: it may be past 2^53; without one, nothing to scan. */
const longDigits = /[:[,]\s*-?\d{16}/;

/** `JSON.parse`, but an integer beyond 2^53 comes back as the exact string of its digits. */
export const parseExactJson = (text: string): unknown => JSON.parse(longDigits.test(text) ? quoteBigIntegers(text) : text);
