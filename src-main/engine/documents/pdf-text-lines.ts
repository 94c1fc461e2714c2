// A PDF page's own text (pdf.js getTextContent items) in the shape OCR produces: lines and words with boxes in
// the rendered page's pixels, confidence 1, blocks in reading order. pdf.js gives each item's exact start and
// width but not its glyph positions, so word edges inside an item are placed by Helvetica's advance widths
// scaled to the item's true width: exact at item edges, within a fraction of a character inside.
import type { Block, Line, Point, Quad, Rotation, Word } from '../../../src-shared/ocr-result.ts';
import { orderLines, pageText } from '../layout/reading-order.ts';
import type { LayoutLine } from '../layout/types.ts';
import { clampQuad, quadToBox, rotatePoint, roundPoint, subQuad } from '../ocr/geometry.ts';

/** The parts of a pdf.js TextItem this module reads. */
export interface PdfTextItem {
  readonly str: string;
  readonly dir: string;
  readonly width: number;
  readonly height: number;
  readonly transform: readonly number[];
  readonly fontName: string;
  readonly hasEOL: boolean;
}

export interface PdfTextStyle {
  readonly ascent: number;
  readonly descent: number;
  readonly vertical: boolean;
}

export interface PdfTextLayout {
  readonly blocks: Block[];
  readonly text: string;
  /** Clockwise quarter turn that makes most of the text read left to right. */
  readonly rotation: Rotation;
  readonly lineCount: number;
  readonly wordCount: number;
}

type Matrix = readonly number[];

// Helvetica advance widths (Adobe AFM, 1/1000 em) for U+0020..U+007E.
// prettier-ignore
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667,
  556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556,
  556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
  500, 500, 500, 334, 260, 334, 584,
];

function advance(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c >= 0x20 && c <= 0x7e) return HELVETICA[c - 0x20]!;
  if (c >= 0x300 && c <= 0x36f) return 0; // combining marks
  // CJK, Hangul, full-width forms: one em.
  if ((c >= 0x2e80 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff))
    return 1000;
  if (c >= 0xff00 && c <= 0xff60) return 1000;
  return 556;
}

const isSpace = (ch: string): boolean => /\s/u.test(ch);

/** Splits more than this many ems apart start a new segment of the row (columns, table cells). */
const SEGMENT_GAP_EM = 1.2;
/** A gap of this many ems between items with no space character still separates words. */
const WORD_GAP_EM = 0.15;
/** Same-text items this close are a fake-bold overprint, not more text. */
const OVERPRINT_EM = 0.2;

interface Geometry {
  /** Baseline start in user space; unit vectors along the text and up. */
  readonly origin: Point;
  readonly u: Point;
  readonly v: Point;
  readonly size: number;
  readonly length: number;
  readonly ascent: number;
  readonly descent: number;
}

function geometryOf(item: PdfTextItem, style: PdfTextStyle | undefined): Geometry | undefined {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = item.transform;
  const sx = Math.hypot(a, b);
  const sy = Math.hypot(c, d);
  if (!(sx > 0 && sy > 0) || ![e, f].every(Number.isFinite)) return undefined;
  const ascent = style && style.ascent > 0 ? style.ascent : 0.8;
  const descent = style && style.descent < 0 ? style.descent : -0.2;
  if (style?.vertical) {
    // Vertical writing advances down the text's up axis, glyphs centred on the origin.
    return {
      origin: [e - 0.5 * a, f - 0.5 * b],
      u: [-c / sy, -d / sy],
      v: [a / sx, b / sx],
      size: sx,
      length: item.height,
      ascent: 1,
      descent: 0,
    };
  }
  return {
    origin: [e, f],
    u: [a / sx, b / sx],
    v: [c / sy, d / sy],
    size: sy,
    length: item.width,
    ascent,
    descent,
  };
}

const along = (g: Geometry, p: Point): number =>
  (p[0] - g.origin[0]) * g.u[0] + (p[1] - g.origin[1]) * g.u[1];
const across = (g: Geometry, p: Point): number =>
  (p[0] - g.origin[0]) * g.v[0] + (p[1] - g.origin[1]) * g.v[1];

interface Glyph {
  readonly ch: string;
  readonly t0: number;
  readonly t1: number;
  /** A word break before this glyph that no space character marks (a gap between items). */
  readonly breakBefore: boolean;
}

interface RawLine {
  readonly g: Geometry;
  readonly glyphs: Glyph[];
  top: number;
  bottom: number;
  lastItem: { str: string; start: number } | undefined;
}

/** Glyph extents of one item along the line's axis, from its own start `t`. */
function placeGlyphs(
  item: PdfTextItem,
  start: number,
  length: number,
): Array<{ ch: string; t0: number; t1: number }> {
  const chars = Array.from(item.str);
  const widths = chars.map(advance);
  const total = widths.reduce((s, w) => s + w, 0);
  const scale = total > 0 ? length / total : 0;
  const out: Array<{ ch: string; t0: number; t1: number }> = [];
  let t = 0;
  chars.forEach((ch, i) => {
    const w = widths[i]! * scale;
    // Right-to-left items hold their text in logical order but start at the visual left.
    const [t0, t1] = item.dir === 'rtl' ? [length - t - w, length - t] : [t, t + w];
    out.push({ ch, t0: start + t0, t1: start + t1 });
    t += w;
  });
  return out;
}

function toLines(items: readonly PdfTextItem[], styles: Readonly<Record<string, PdfTextStyle>>): RawLine[] {
  const lines: RawLine[] = [];
  let cur: RawLine | undefined;
  let pendingSpace = false;
  for (const item of items) {
    if (item.str === '' || /^\s+$/u.test(item.str)) {
      pendingSpace ||= item.str !== '';
      if (item.hasEOL) cur = undefined;
      continue;
    }
    const g = geometryOf(item, styles[item.fontName]);
    if (!g) continue;
    if (cur) {
      const sameDirection = cur.g.u[0] * g.u[0] + cur.g.u[1] * g.u[1] > 0.99;
      const s = along(cur.g, g.origin);
      const rise = across(cur.g, g.origin);
      const prevEnd = cur.glyphs.at(-1)?.t1 ?? 0;
      const gap = s - prevEnd;
      const sameRow = sameDirection && Math.abs(rise) < 0.5 * cur.g.size;
      const overprint =
        cur.lastItem?.str === item.str && Math.abs(s - cur.lastItem.start) < OVERPRINT_EM * cur.g.size;
      if (sameRow && overprint) {
        if (item.hasEOL) cur = undefined;
        continue;
      }
      if (sameRow && gap > -0.5 * cur.g.size && gap < SEGMENT_GAP_EM * cur.g.size) {
        const start = s;
        const breakHere = pendingSpace || gap > WORD_GAP_EM * cur.g.size;
        const placed = placeGlyphs(item, start, g.length);
        placed.forEach((p, i) => cur!.glyphs.push({ ...p, breakBefore: i === 0 && breakHere }));
        cur.top = Math.max(cur.top, rise + g.ascent * g.size);
        cur.bottom = Math.min(cur.bottom, rise + g.descent * g.size);
        cur.lastItem = { str: item.str, start };
        pendingSpace = false;
        if (item.hasEOL) cur = undefined;
        continue;
      }
    }
    const glyphs = placeGlyphs(item, 0, g.length).map((p) => ({ ...p, breakBefore: false }));
    cur = {
      g,
      glyphs,
      top: g.ascent * g.size,
      bottom: g.descent * g.size,
      lastItem: { str: item.str, start: 0 },
    };
    lines.push(cur);
    pendingSpace = false;
    if (item.hasEOL) cur = undefined;
  }
  return lines;
}

function applyMatrix(m: Matrix, p: Point): Point {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = m;
  return [a * p[0] + c * p[1] + e, b * p[0] + d * p[1] + f];
}

/**
 * Lines, words and blocks of a page's text items. `viewportTransform` maps PDF user space to the rendered
 * page's pixels (pdf.js `viewport.transform`); `width`×`height` is that rendering's size.
 */
export function textLayout(
  items: readonly PdfTextItem[],
  styles: Readonly<Record<string, PdfTextStyle>>,
  viewportTransform: Matrix,
  width: number,
  height: number,
): PdfTextLayout {
  const lines: Line[] = [];
  const runs: number[] = [0, 0, 0, 0];
  for (const raw of toLines(items, styles)) {
    const words = wordsOf(raw.glyphs);
    if (words.length === 0) continue;
    const t0 = Math.min(...words.map((w) => w.t0));
    const t1 = Math.max(...words.map((w) => w.t1));
    const { g } = raw;
    const at = (t: number, h: number): Point =>
      applyMatrix(viewportTransform, [
        g.origin[0] + g.u[0] * t + g.v[0] * h,
        g.origin[1] + g.u[1] * t + g.v[1] * h,
      ]);
    const lineQuad: Quad = [at(t0, raw.top), at(t1, raw.top), at(t1, raw.bottom), at(t0, raw.bottom)];
    const span = Math.max(t1 - t0, 1e-9);
    const finish = (q: Quad): Quad => {
      const c = clampQuad(q, width, height);
      return [roundPoint(c[0]), roundPoint(c[1]), roundPoint(c[2]), roundPoint(c[3])];
    };
    const outWords: Word[] = words.map((w) => {
      const quad = finish(subQuad(lineQuad, (w.t0 - t0) / span, (w.t1 - t0) / span, 0, 1));
      return { text: w.text, confidence: 1, box: quadToBox(quad), quad };
    });
    const quad = finish(lineQuad);
    const text = outWords.map((w) => w.text).join(' ');
    lines.push({ text, confidence: 1, box: quadToBox(quad), quad, words: outWords });
    runs[directionOf(lineQuad)]! += text.length;
  }
  const rotation = ([0, 90, 180, 270] as const)[runs.indexOf(Math.max(...runs))]!;
  const upright: LayoutLine[] = lines.map((l) => {
    const pts = l.quad.map((p) => rotatePoint(p, rotation, width, height));
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    return { box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], text: l.text };
  });
  const layout = orderLines(upright);
  const blocks: Block[] = layout.blocks.map((b) => {
    const ls = b.lineIndices.map((i) => lines[i]!);
    const boxes = ls.map((l) => l.box);
    return {
      box: [
        Math.min(...boxes.map((x) => x[0])),
        Math.min(...boxes.map((x) => x[1])),
        Math.max(...boxes.map((x) => x[2])),
        Math.max(...boxes.map((x) => x[3])),
      ],
      lines: ls,
    };
  });
  return {
    blocks,
    text: pageText(upright, layout),
    rotation,
    lineCount: lines.length,
    wordCount: lines.reduce((n, l) => n + l.words.length, 0),
  };
}

/** Index into [0, 90, 180, 270] of the clockwise turn that makes this line read left to right. */
function directionOf(q: Quad): number {
  const dx = q[1][0] - q[0][0];
  const dy = q[1][1] - q[0][1];
  if (Math.abs(dx) >= Math.abs(dy)) return dx >= 0 ? 0 : 2;
  // Text running down the image reads upright after a 270° clockwise turn; running up, after 90°.
  return dy > 0 ? 3 : 1;
}

function wordsOf(glyphs: readonly Glyph[]): Array<{ text: string; t0: number; t1: number }> {
  const words: Array<{ text: string; t0: number; t1: number }> = [];
  let cur: { text: string; t0: number; t1: number } | undefined;
  for (const gl of glyphs) {
    if (isSpace(gl.ch)) {
      cur = undefined;
      continue;
    }
    if (gl.breakBefore) cur = undefined;
    if (!cur) {
      cur = { text: '', t0: Math.min(gl.t0, gl.t1), t1: Math.max(gl.t0, gl.t1) };
      words.push(cur);
    }
    cur.text += gl.ch;
    cur.t0 = Math.min(cur.t0, gl.t0, gl.t1);
    cur.t1 = Math.max(cur.t1, gl.t0, gl.t1);
  }
  return words;
}
