// The text layer of one page: every word shown with the glyphless font over its box, so selection, search and
// copy-paste follow the image. Extractors (poppler, pdf.js, pdfium) split words by geometric gaps, so each
// word is placed on its own (start, baseline, horizontal scaling), a space glyph fills each gap, and gaps are kept
// at least MIN_GAP_EM wide. The operators are written compactly (TextStateWriter) with the same glyph positions.
import { deflateSync } from 'node:zlib';
import type { PDFContext, PDFRawStream } from 'pdf-lib';
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

/**
 * The shortest form of `v` with at most 3 decimals that is within `tol` of it (3 decimals when none is), with
 * its value as a reader parses it. No exponent, no negative zero, no leading zero (`.5`, `-.25`: PDF 32000-1
 * §7.3.3 allows both).
 */
export function shortNumber(v: number, tol: number): { text: string; value: number } {
  if (!Number.isFinite(v)) return { text: '0', value: 0 };
  for (let d = 0; d <= 3; d++) {
    const k = 10 ** d;
    const r = Math.round(v * k) / k;
    if (Math.abs(r - v) > tol && d < 3) continue;
    if (r === 0) return { text: '0', value: 0 };
    const fixed = r.toFixed(d);
    const text = (d > 0 ? fixed.replace(/\.?0+$/, '') : fixed).replace(/^(-?)0\./, '$1.');
    return { text, value: Number(text) };
  }
  return { text: '0', value: 0 };
}

/** How far a glyph origin may move from its exact position (per text-space axis, pt), and a show's end: 2
 * decimals always do. The old per-word `Tm` with 3 decimals put glyphs within 0.0012 pt of exact, so every glyph
 * stays within 0.01 pt of where that put it (text-layer.test.ts checks). The slack covers float sums. */
const POSITION_TOLERANCE = 0.005 + 1e-9;
const WIDTH_TOLERANCE = 0.005 + 1e-9;
/** Font size: glyph heights move by at most this (pt). */
const SIZE_TOLERANCE = 0.005 + 1e-9;

export interface TextLayerFont {
  /** Resource name of the Type0 font in the page's /Font dictionary. */
  readonly resourceName: string;
  readonly cids: CidMap;
}

/** Text render mode 3 draws nothing; 1 strokes the glyph rectangles, to check placement and fonts. */
export type TextLayerMode = 'invisible' | 'visible';

/**
 * Writes shows with as few operators as the PDF text state allows, tracking that state as a reader computes it
 * from the numbers written: `Tf` and `Tz` only when they change, `Td` from the previous line start (a `Tm` only
 * where the direction changes), nothing at all where the previous show's advance already ends at the next start
 * (the space glyph after a word on a level line). Each show's `Tz` is fitted from where the reader puts its start,
 * so its end lands on the exact end and rounding errors never add up along a line.
 */
class TextStateWriter {
  readonly out: string[] = [];
  private size: number | undefined;
  private tz: number | undefined;
  /** Text matrix direction as written (3 decimals, as the per-word matrices always were) and its key; BT starts
   * with the identity. */
  private basis: { key: string; u: Vec; n: Vec } = { key: '1 0 0 1', u: [1, 0], n: [0, 1] };
  /** Text line matrix origin and the current point, in the frame, as the reader has them. */
  private lineStart: Vec = [0, 0];
  private point: Vec = [0, 0];

  constructor(private readonly fontName: string) {}

  setSize(fontSize: number): void {
    const s = shortNumber(fontSize, SIZE_TOLERANCE);
    if (s.value === this.size) return;
    this.size = s.value;
    this.out.push(`/${this.fontName} ${s.text} Tf`);
  }

  /** Shows `hex` (`glyphs` glyphs) from `at` (frame, on the baseline) to `at + width·u`. */
  show(at: Vec, u: Vec, n: Vec, width: number, glyphs: number, hex: string): void {
    const ops: string[] = [];
    const b = [u[0], u[1], n[0], n[1]].map(pdfNumber);
    const key = b.join(' ');
    if (this.basis.key !== key) {
      const x = shortNumber(at[0], POSITION_TOLERANCE);
      const y = shortNumber(at[1], POSITION_TOLERANCE);
      ops.push(`${key} ${x.text} ${y.text} Tm`);
      const v = b.map(Number);
      this.basis = { key, u: [v[0]!, v[1]!], n: [v[2]!, v[3]!] };
      this.lineStart = this.point = [x.value, y.value];
    } else if (
      Math.abs(this.point[0] - at[0]) > POSITION_TOLERANCE ||
      Math.abs(this.point[1] - at[1]) > POSITION_TOLERANCE
    ) {
      // at − lineStart = dx·u' + dy·n' in the written basis.
      const { u: bu, n: bn } = this.basis;
      const rx = at[0] - this.lineStart[0];
      const ry = at[1] - this.lineStart[1];
      const det = bu[0] * bn[1] - bn[0] * bu[1];
      const dx = shortNumber((rx * bn[1] - bn[0] * ry) / det, POSITION_TOLERANCE);
      const dy = shortNumber((bu[0] * ry - bu[1] * rx) / det, POSITION_TOLERANCE);
      ops.push(`${dx.text} ${dy.text} Td`);
      this.lineStart = this.point = [
        this.lineStart[0] + dx.value * bu[0] + dy.value * bn[0],
        this.lineStart[1] + dx.value * bu[1] + dy.value * bn[1],
      ];
    }
    // The advance that takes the reader's start to the exact end, along the written direction.
    const { u: bu } = this.basis;
    const end: Vec = [at[0] + width * u[0], at[1] + width * u[1]];
    const advance = dot([end[0] - this.point[0], end[1] - this.point[1]], bu) / dot(bu, bu);
    const perTz = (glyphs * GLYPH_EM * this.size!) / 100;
    const tzNeeded = advance / perTz;
    if (this.tz === undefined || Math.abs((this.tz - tzNeeded) * perTz) > WIDTH_TOLERANCE) {
      const tz = shortNumber(tzNeeded, WIDTH_TOLERANCE / perTz);
      this.tz = tz.value;
      ops.push(`${tz.text} Tz`);
    }
    ops.push(`${hex} Tj`);
    this.out.push(ops.join(' '));
    const moved = this.tz * perTz;
    this.point = [this.point[0] + moved * bu[0], this.point[1] + moved * bu[1]];
  }
}

/** Content stream operators (one BT … ET) for the page's words in reading order; '' when it has none. */
export function textLayerOperators(
  page: PageResult,
  frame: PixelFrame,
  font: TextLayerFont,
  mode: TextLayerMode = 'invisible',
): string {
  const w = new TextStateWriter(font.resourceName);
  const space = font.cids.encode(' ');
  for (const block of page.blocks) {
    for (const line of block.lines) {
      const placed = placeLine(line, frame);
      if (!placed) continue;
      const { u, n, fontSize, runs } = placed;
      w.setSize(fontSize);
      const show = (at: number, baseline: number, width: number, glyphs: number, hex: string): void => {
        w.show([at * u[0] + baseline * n[0], at * u[1] + baseline * n[1]], u, n, width, glyphs, hex);
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
  if (w.out.length === 0) return '';
  return `BT\n${mode === 'visible' ? 1 : 3} Tr\n${w.out.join('\n')}\nET\n`;
}

/** A page content stream (image drawing and text layer), deflated at level 9: pdf-lib's flateStream uses pako's
 * default level 6, 2 % larger on a text layer (measured on a receipt page, 2811 vs 2864 bytes). */
export function deflatedContentStream(ctx: PDFContext, ops: string): PDFRawStream {
  return ctx.stream(deflateSync(ops, { level: 9, memLevel: 9 }), { Filter: 'FlateDecode' });
}
