// Word extents along a line from CTC time steps, tightened to the ink in the strip.
import type { RasterImage } from '../documents/raster.ts';
import type { DecodedChar, DecodedLine, DecodedWord } from './ctc-decode.ts';

/** A rectangle in strip pixels: x0 ≤ x < x1, y0 ≤ y < y1. */
export interface StripRect {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/**
 * Where each word sits along the strip, from the time steps its characters fired at. Each step covers `stride`
 * pixels; a character's centre is the middle of its run and its half-width half the line's character pitch.
 */
export function wordSpans(
  line: DecodedLine,
  stride: number,
  stripWidth: number,
): Array<{ x0: number; x1: number }> {
  const pitch = characterPitch(line, stride);
  return line.words.map((w) => {
    const first = w.chars[0]!;
    const last = w.chars[w.chars.length - 1]!;
    return {
      x0: Math.max(0, centre(first, stride) - pitch / 2),
      x1: Math.min(stripWidth, centre(last, stride) + pitch / 2),
    };
  });
}

function centre(c: DecodedChar, stride: number): number {
  return ((c.firstStep + c.lastStep + 1) / 2) * stride;
}

/** Median distance between neighbouring character centres inside words, in strip pixels. */
export function characterPitch(line: DecodedLine, stride: number): number {
  const pitches: number[] = [];
  for (const w of line.words) {
    for (let i = 1; i < w.chars.length; i++)
      pitches.push(centre(w.chars[i]!, stride) - centre(w.chars[i - 1]!, stride));
  }
  pitches.sort((a, b) => a - b);
  // Without a pitch to measure (one-letter words only), assume letters about half as wide as the strip is high.
  return pitches.length ? pitches[pitches.length >> 1]! : stride * 3;
}

/**
 * Space-class probability the recogniser must show in a gap before a blank run may split a word there. Inside
 * words it stays under 0.001 even where glyphs leave wide blanks (tabular digits: "4711" became "47 11"), while
 * at word spaces it missed it reaches 0.05–0.15.
 */
const GAP_SPLIT_MIN_SPACE = 0.01;
/**
 * With this much of the space class (still under the 0.2 that splits on its own, see ctc-decode.ts), a clear blank
 * run alone splits: letters wider than the line's median ("amount" after "Tot") keep word spaces within 1.15
 * pitches.
 */
const GAP_SPLIT_STRONG_SPACE = 0.1;

/**
 * Split words where the recogniser missed a space ("BANDARBARU"): between two neighbouring characters, a run of
 * blank columns that stands out from the line's ordinary letter gaps, where the characters also sit further
 * apart than the line's pitch, and where the space class showed at least a trace. The geometric tests are both
 * needed: narrow monospaced letters ("il") leave wide blank runs but keep the pitch; touching proportional
 * capitals keep the pitch loosely but leave no blank run.
 */
export function splitAtGaps(
  line: DecodedLine,
  mask: Uint8Array,
  width: number,
  height: number,
  stride: number,
): DecodedLine {
  const pitch = characterPitch(line, stride);
  const blank = blankColumns(mask, width, height);
  const runs = line.words.flatMap((w) =>
    w.chars.slice(1).map((b, i) => longestRun(blank, centre(w.chars[i]!, stride), centre(b, stride))),
  );
  if (runs.length === 0) return line;
  const sorted = [...runs].sort((a, b) => a - b);
  const usualGap = sorted[sorted.length >> 1]!;
  // A word space is at least about a quarter em: 0.35 of the ink height (ascender to baseline) is enough.
  const ink = tightenToInk(mask, width, height, 0, width);
  const inkHeight = ink ? ink.y1 - ink.y0 : height;
  const minGap = Math.max(0.3 * pitch, Math.min(2.5 * usualGap + 1, 0.35 * inkHeight));
  const words: DecodedWord[] = [];
  let k = 0;
  for (const w of line.words) {
    let run: DecodedChar[] = [w.chars[0]!];
    for (let i = 1; i < w.chars.length; i++) {
      const gap = runs[k++]!;
      const apart = centre(w.chars[i]!, stride) - centre(w.chars[i - 1]!, stride);
      const space = w.chars[i]!.spaceBefore;
      const wide = apart >= 1.15 * pitch && space >= GAP_SPLIT_MIN_SPACE;
      if (gap >= minGap && (wide || space >= GAP_SPLIT_STRONG_SPACE)) {
        words.push(makeWord(run));
        run = [];
      }
      run.push(w.chars[i]!);
    }
    words.push(makeWord(run));
  }
  if (words.length === line.words.length) return line;
  return { ...line, words, text: words.map((x) => x.text).join(' ') };
}

function makeWord(chars: DecodedChar[]): DecodedWord {
  return {
    text: chars.map((c) => c.text).join(''),
    confidence: chars.reduce((s, c) => s + c.confidence, 0) / chars.length,
    chars,
  };
}

/**
 * 1 where a strip column holds no ink in the strip's central band. Gaps between words run the full text
 * height, while ruling lines, underlines and neighbouring lines' descenders sit near the strip's edges.
 */
function blankColumns(mask: Uint8Array, width: number, height: number): Uint8Array {
  const blank = new Uint8Array(width).fill(1);
  for (let y = Math.floor(height * 0.25); y < Math.ceil(height * 0.75); y++) {
    let s = 0;
    for (let x = 0; x < width; x++) s += mask[y * width + x]!;
    if (s >= 0.85 * width) continue; // a rule across the strip
    for (let x = 0; x < width; x++) if (mask[y * width + x]) blank[x] = 0;
  }
  return blank;
}

function longestRun(blank: Uint8Array, from: number, to: number): number {
  let best = 0;
  let run = 0;
  for (let x = Math.max(0, Math.floor(from)); x < Math.min(blank.length, Math.ceil(to)); x++) {
    run = blank[x] ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** Otsu's threshold on the strip's luminance; text is whichever side of it is the minority. */
export function inkMask(strip: RasterImage): Uint8Array {
  const n = strip.width * strip.height;
  const lum = new Uint8Array(n);
  const hist = new Float64Array(256);
  for (let i = 0; i < n; i++) {
    const d = strip.data;
    const v = (d[i * 3]! * 299 + d[i * 3 + 1]! * 587 + d[i * 3 + 2]! * 114) / 1000;
    lum[i] = v;
    hist[lum[i]!]!++;
  }
  let total = 0;
  for (let t = 0; t < 256; t++) total += t * hist[t]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = n - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (total - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  let dark = 0;
  for (let i = 0; i < n; i++) if (lum[i]! <= threshold) dark++;
  const darkText = dark <= n / 2;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = lum[i]! <= threshold === darkText ? 1 : 0;
  return mask;
}

/**
 * Tighten a span to the ink inside it: rows and columns holding all but the outer 1% of the ink. Rows that are
 * ink almost across a wide span are ruling lines of forms, not text, and are left out.
 */
export function tightenToInk(
  mask: Uint8Array,
  width: number,
  height: number,
  x0: number,
  x1: number,
): StripRect | undefined {
  const c0 = Math.max(0, Math.floor(x0));
  const c1 = Math.min(width, Math.ceil(x1));
  const span = c1 - c0;
  if (span <= 0) return undefined;
  const rows = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    let s = 0;
    for (let x = c0; x < c1; x++) s += mask[y * width + x]!;
    rows[y] = s;
  }
  if (span >= height) {
    for (let y = 0; y < height; y++) if (rows[y]! >= 0.85 * span) rows[y] = 0;
  }
  const [y0, y1] = trimmedExtent(rows);
  if (y1 <= y0) return undefined;
  const cols = new Float64Array(span);
  for (let y = y0; y < y1; y++) {
    if (rows[y] === 0) continue;
    for (let x = c0; x < c1; x++) cols[x - c0]! += mask[y * width + x]!;
  }
  const [xa, xb] = trimmedExtent(cols);
  if (xb <= xa) return undefined;
  return { x0: c0 + xa, x1: c0 + xb, y0, y1 };
}

/** [first, last+1) of a profile holding all but 1% of its mass (0.5% cut at each end). */
function trimmedExtent(profile: Float64Array): [number, number] {
  let total = 0;
  for (const v of profile) total += v;
  if (total === 0) return [0, 0];
  const cut = total * 0.005;
  let lo = 0;
  let acc = 0;
  while (lo < profile.length && acc + profile[lo]! <= cut) acc += profile[lo++]!;
  let hi = profile.length;
  acc = 0;
  while (hi > lo && acc + profile[hi - 1]! <= cut) acc += profile[--hi]!;
  return [lo, hi];
}
