// Edit distance on integer sequences: Myers/Hyyrö bit-parallel, 32-bit blocks, so 5k x 5k is milliseconds.
// See H. Hyyrö, "A bit-vector algorithm for computing Levenshtein and Damerau edit distances" (2003),
// block version with horizontal carries between words; equals the plain DP (checked in levenshtein.test.ts).
import { codePoints } from './text.ts';

/** Past this many pattern-mask words, fall back to the O(nm) DP with one Int32Array row. */
const MAX_MASK_WORDS = 1 << 24;

export function levenshtein(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let start = 0;
  let endA = a.length;
  let endB = b.length;
  while (start < endA && start < endB && a[start] === b[start]) start++;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  // The shorter side is the bit-vector pattern: fewer blocks per text symbol.
  const [p, t] =
    endA - start <= endB - start
      ? [
          Array.prototype.slice.call(a, start, endA) as number[],
          Array.prototype.slice.call(b, start, endB) as number[],
        ]
      : [
          Array.prototype.slice.call(b, start, endB) as number[],
          Array.prototype.slice.call(a, start, endA) as number[],
        ];
  const m = p.length;
  if (m === 0) return t.length;
  const ids = new Map<number, number>();
  for (const c of p) if (!ids.has(c)) ids.set(c, ids.size);
  const words = (m + 31) >>> 5;
  if (ids.size * words > MAX_MASK_WORDS) return levenshteinDp(p, t);
  const peq = new Int32Array(ids.size * words);
  for (let i = 0; i < m; i++) peq[ids.get(p[i]!)! * words + (i >>> 5)]! |= 1 << (i & 31);
  const vp = new Int32Array(words).fill(-1);
  const vn = new Int32Array(words);
  const lastBit = (m - 1) & 31;
  let score = m;
  for (const c of t) {
    const id = ids.get(c);
    const base = id === undefined ? -1 : id * words;
    let hpCarry = 1;
    let hnCarry = 0;
    for (let w = 0; w < words; w++) {
      const x = (base < 0 ? 0 : peq[base + w]!) | hnCarry;
      const v = vp[w]!;
      const d0 = (((x & v) + v) ^ v) | x | vn[w]!;
      let hp = vn[w]! | ~(d0 | v);
      let hn = d0 & v;
      if (w === words - 1) score += ((hp >>> lastBit) & 1) - ((hn >>> lastBit) & 1);
      const hpOut = hp >>> 31;
      const hnOut = hn >>> 31;
      hp = (hp << 1) | hpCarry;
      hn = (hn << 1) | hnCarry;
      hpCarry = hpOut;
      hnCarry = hnOut;
      vp[w] = hn | ~(d0 | hp);
      vn[w] = hp & d0;
    }
  }
  return score;
}

/** Plain dynamic programme, one row; the reference and the fallback for huge alphabets. */
export function levenshteinDp(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const row = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    const ca = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (ca === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

/** Character edit distance, counting code points as Python does. */
export function charDistance(a: string, b: string): number {
  return levenshtein(codePoints(a), codePoints(b));
}

/** Word edit distance: tokens compared as whole strings. */
export function wordDistance(a: readonly string[], b: readonly string[]): number {
  const ids = new Map<string, number>();
  const toIds = (ws: readonly string[]): Int32Array =>
    Int32Array.from(ws, (w) => {
      let id = ids.get(w);
      if (id === undefined) ids.set(w, (id = ids.size));
      return id;
    });
  return levenshtein(toIds(a), toIds(b));
}
