// Text helpers with Python's semantics, so scores match ../shared/eval/score.py to the last edit.

/** Exactly the code points for which Python's str.isspace() is true (what str.split() splits on). */
// eslint-disable-next-line no-control-regex -- U+001C..U+001F are whitespace to Python, so they must be here
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
const PY_SPACE_G = new RegExp(PY_SPACE.source, 'gu');

/** Python's `s.split()`: split on runs of whitespace, no empty tokens. */
export function pySplit(s: string): string[] {
  return s.split(PY_SPACE).filter((t) => t !== '');
}

/** score.py's norm_text: NFKC, then whitespace runs collapsed to one space, ends trimmed. */
export function normText(s: string): string {
  return pySplit(s.normalize('NFKC')).join(' ');
}

/** `"".join(s.split())`. */
export function stripSpaces(s: string): string {
  return s.replace(PY_SPACE_G, '');
}

/** Code points of a string (Python's len() and indexing count these, not UTF-16 units). */
export function codePoints(s: string): Int32Array {
  const out = new Int32Array(s.length);
  let n = 0;
  for (const ch of s) out[n++] = ch.codePointAt(0)!;
  return out.subarray(0, n);
}
