// The text layer of one page: every word shown with the glyphless font over its box, so selection, search and
// copy-paste follow the image. Extractors (poppler, pdf.js, pdfium) split words by geometric gaps, so each
// word gets its own text matrix, a space glyph fills each gap, and gaps are kept at least MIN_GAP_EM wide.
import type { Line, PageResult } from '../../../../src-shared/ocr-result.ts';
import { lineWords } from '../page-structure.ts';
import type { CidMap } from './cid-map.ts';
import { GLYPH_ADVANCE, UNITS_PER_EM } from './glyphless-font.ts';

/** Narrower gaps make poppler and pdf.js join the neighbouring words (measured: ../shared/notes/pdf-facts.md). */
export const MIN_GAP_EM = 0.25;
/** A word gives up at most this share of its width to widen a gap. */
const MAX_SHRINK = 0.4;
/** Lines tilted by at most this are written level (see writingDirection)... */
const MAX_LEVEL_TILT = (5 * Math.PI) / 180;
/** ... and up to this when no word rises by more than MAX_WORD_RISE of the line height (short lines, whose
 * measured angle is mostly noise). */
const MAX_NOISY_TILT = (20 * Math.PI) / 180;
const MAX_WORD_RISE = 0.35;
const GLYPH_EM = GLYPH_ADVANCE / UNITS_PER_EM;

// Scripts written without spaces between words: no space glyph between their tokens, and no gap either.
const NO_SPACE_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u3000-\u303f\uff00-\uffef]/u;
// Control characters and lone surrogates have no place in extracted text.
const DROPPED_CHARS = /[\p{Cc}\p{Cs}]/gu;

/** Page pixels → the page frame in points (origin bottom-left, y up): fx = px·sx, fy = height − py·sy. */
export interface PixelFrame {
  readonly sx: number;
  readonly sy: number;
  readonly height: number;
}

type Vec = readonly [number, number];

export interface PlacedRun {
  readonly text: string;
  /** Extent along the line direction, in points from the frame origin projected on it. */
  start: number;
  end: number;
  /** Baseline offset along n, in points. */
  readonly baseline: number;
  /** A space glyph follows, over the gap to the next run. */
  spaceAfter: boolean;
}

export interface PlacedLine {
  /** Unit vector of the reading direction and the one 90° counter-clockwise from it (the text's up). */
  readonly u: Vec;
  readonly n: Vec;
  /** The line height, in points. */
  readonly fontSize: number;
  readonly runs: PlacedRun[];
}

const dot = (a: Vec, b: Vec): number => a[0] * b[0] + a[1] * b[1];
const mid = (a: Vec, b: Vec): Vec => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];

function toFrame(p: readonly [number, number], f: PixelFrame): Vec {
  return [p[0] * f.sx, f.height - p[1] * f.sy];
}

function cleanText(s: string): string {
  return s.replace(DROPPED_CHARS, '').trim();
}

function noSpaceChar(ch: string | undefined): boolean {
  return ch !== undefined && NO_SPACE_SCRIPT.test(ch);
}

const AXES: readonly Vec[] = [
  [1, 0],
  [0, 1],
  [-1, 0],
  [0, -1],
];

/**
 * The direction to write a line in: its own for clearly rotated text, else the nearest axis. Poppler starts a
 * new word wherever a glyph's baseline moves by more than 0.5 pt, so a slightly skewed scan line is written as
 * level words, each on the line's baseline where it stands, rather than with a tilted text matrix.
 */
function writingDirection(q: readonly [Vec, Vec, Vec, Vec], longestWord: number, height: number): Vec {
  const [p0, p1, p2, p3] = q;
  const tx = p1[0] - p0[0] + (p2[0] - p3[0]);
  const ty = p1[1] - p0[1] + (p2[1] - p3[1]);
  const len = Math.hypot(tx, ty);
  if (len < 1e-9) return [1, 0];
  const angle = Math.atan2(ty, tx);
  const quarter = Math.round(angle / (Math.PI / 2));
  const tilt = Math.abs(angle - quarter * (Math.PI / 2));
  const level =
    tilt <= MAX_LEVEL_TILT ||
    (tilt <= MAX_NOISY_TILT && longestWord * Math.sin(tilt) <= MAX_WORD_RISE * height);
  return level ? AXES[((quarter % 4) + 4) % 4]! : [tx / len, ty / len];
}

/** Where each word of a line goes: its extent along the line, its baseline, and whether a space glyph follows it. */
export function placeLine(line: Line, frame: PixelFrame): PlacedLine | undefined {
  const q = line.quad.map((p) => toFrame(p, frame)) as unknown as [Vec, Vec, Vec, Vec];
  const words = lineWords(line).map((w) => ({
    text: cleanText(w.text),
    quad: w.quad.map((p) => toFrame(p, frame)) as unknown as [Vec, Vec, Vec, Vec],
  }));
  const longest = Math.max(
    0,
    ...words.map((w) => Math.hypot(w.quad[1][0] - w.quad[0][0], w.quad[1][1] - w.quad[0][1])),
  );
  // Height across the text's own direction: the sides of the quad.
  const fontSize =
    (Math.hypot(q[0][0] - q[3][0], q[0][1] - q[3][1]) + Math.hypot(q[1][0] - q[2][0], q[1][1] - q[2][1])) / 2;
  if (!(fontSize > 0.01)) return undefined;
  const u = writingDirection(q, longest, fontSize);
  const n: Vec = [-u[1], u[0]];
  // The bottom edge as a function of the position along u.
  const [s3, s2] = [dot(q[3], u), dot(q[2], u)];
  const [b3, b2] = [dot(q[3], n), dot(q[2], n)];
  const bottomAt = (s: number): number =>
    Math.abs(s2 - s3) < 1e-9 ? b3 : b3 + ((b2 - b3) * (s - s3)) / (s2 - s3);

  const runs: PlacedRun[] = [];
  for (const { text, quad: wq } of words) {
    if (text === '') continue;
    // Word edges at mid-height, where a tilted word's box does not overhang.
    const a = dot(mid(wq[0], wq[3]), u);
    const b = dot(mid(wq[1], wq[2]), u);
    const start = Math.min(a, b);
    const end = Math.max(a, b, start + 0.01);
    runs.push({ text, start, end, baseline: bottomAt((start + end) / 2), spaceAfter: false });
  }
  if (runs.length === 0) return undefined;

  const minGap = MIN_GAP_EM * fontSize;
  for (let i = 0; i + 1 < runs.length; i++) {
    const a = runs[i]!;
    const b = runs[i + 1]!;
    if (b.start < a.start) continue; // not left-to-right: leave both as they are
    if (noSpaceChar([...a.text].at(-1)) && noSpaceChar([...b.text][0])) {
      // Close small gaps so extractors join the tokens as they are written.
      if (b.start > a.end && b.start - a.end < fontSize) a.end = b.start;
      continue;
    }
    a.spaceAfter = true;
    const need = minGap - (b.start - a.end);
    if (need <= 0) continue;
    const roomA = MAX_SHRINK * (a.end - a.start);
    const roomB = MAX_SHRINK * (b.end - b.start);
    let takeA = Math.min(need / 2, roomA);
    const takeB = Math.min(need - takeA, roomB);
    takeA = Math.min(need - takeB, roomA);
    a.end -= takeA;
    b.start += takeB;
  }
  return { u, n, fontSize, runs };
}

/** A number for a content stream: at most 3 decimals, no exponent, no negative zero. */
export function pdfNumber(v: number): string {
  if (!Number.isFinite(v)) return '0';
  const r = Math.round(v * 1000) / 1000;
  if (r === 0) return '0';
  return r.toFixed(3).replace(/\.?0+$/, '');
}

export interface TextLayerFont {
  /** Resource name of the Type0 font in the page's /Font dictionary. */
  readonly resourceName: string;
  readonly cids: CidMap;
}

/** Text render mode 3 draws nothing; 1 strokes the glyph rectangles, to check placement and fonts. */
export type TextLayerMode = 'invisible' | 'visible';

/** Content stream operators (one BT … ET) for the page's words in reading order; '' when it has none. */
export function textLayerOperators(
  page: PageResult,
  frame: PixelFrame,
  font: TextLayerFont,
  mode: TextLayerMode = 'invisible',
): string {
  const out: string[] = [];
  const space = font.cids.encode(' ');
  const f = pdfNumber;
  for (const block of page.blocks) {
    for (const line of block.lines) {
      const placed = placeLine(line, frame);
      if (!placed) continue;
      const { u, n, fontSize, runs } = placed;
      const glyphWidth = GLYPH_EM * fontSize;
      out.push(`/${font.resourceName} ${f(fontSize)} Tf`);
      const show = (at: number, baseline: number, width: number, glyphs: number, hex: string): void => {
        const x = at * u[0] + baseline * n[0];
        const y = at * u[1] + baseline * n[1];
        const tz = (100 * width) / (glyphs * glyphWidth);
        out.push(`${f(u[0])} ${f(u[1])} ${f(n[0])} ${f(n[1])} ${f(x)} ${f(y)} Tm ${f(tz)} Tz ${hex} Tj`);
      };
      runs.forEach((r, i) => {
        show(r.start, r.baseline, r.end - r.start, [...r.text].length, font.cids.encode(r.text));
        const next = runs[i + 1];
        if (r.spaceAfter && next && next.start > r.end) {
          show(r.end, (r.baseline + next.baseline) / 2, next.start - r.end, 1, space);
        }
      });
    }
  }
  if (out.length === 0) return '';
  return `BT\n${mode === 'visible' ? 1 : 3} Tr\n${out.join('\n')}\nET\n`;
}
