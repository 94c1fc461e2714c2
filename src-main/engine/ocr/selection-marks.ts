// Check boxes on forms. The detector was trained on text and leaves most of them out, and where it keeps one the
// recogniser reads it as "口", "[" or "X"; yet on a form the state of its boxes is often the point. Boxes are
// found here on the ink itself: a component about the size of a letter, square, with ink along all four sides
// and in all four corners (which rules out O, 0, D and the like), hollow, or marked inside. Each becomes a word
// "☐" (empty) or "☑" (marked) on the line it labels.
import type { Box, Line, Rotation, Word } from '../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../documents/raster.ts';
import { sauvolaMask } from '../preprocess/binarize.ts';
import { greyDownscale } from '../preprocess/grey-plane.ts';
import { inkComponents } from '../preprocess/ink-components.ts';
import { inverseTurn, quarterTurnBox, quarterTurnQuad } from '../preprocess/quarter-turn.ts';
import { boxArea, boxOverlap, boxQuad, quadToBox, unionBox } from './geometry.ts';

export const EMPTY_BOX = '\u2610';
export const MARKED_BOX = '\u2611';

export interface SelectionMark {
  readonly box: Box;
  readonly marked: boolean;
  /** The weakest of the side and corner evidence, 0..1. */
  readonly confidence: number;
  /** No other ink within a letter gap left or right: a box stands a space apart from its label, a letter not. */
  readonly isolated: boolean;
}

/** A binary ink mask, row-major, non-zero where there is ink. */
export interface InkMask {
  readonly data: Uint8Array;
  readonly width: number;
}

/** [x0, x1) × [y0, y1) in mask pixels. */
export interface InkRect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** Line heights are measured on a copy scaled so that they are about this many pixels. */
const WORKING_LINE_HEIGHT = 16;
/** A box's side is this share of the page's median line height (detector boxes, which include a margin)... */
const MIN_SIDE = 0.4;
const MAX_SIDE = 1.2;
/** ...and it is square within this ratio. */
const MAX_ASPECT = 1.25;
/** Side bands and corner patches are this share of the side deep. */
const BAND = 0.2;
const CORNER = 0.15;
/** Each side has ink along at least this share of its length (scans break thin rules)... */
const MIN_SIDE_COVERAGE = 0.75;
/** ...and the inside less than this share of ink, or it is a filled square (a bullet), not a box. A bold typed
 * x fills over half of a small box. */
const MAX_FILL = 0.8;
/** An inside with at least this share of ink is marked (a typed or written x, a tick). */
const MIN_MARK = 0.08;

/**
 * Check boxes on the page; `lineHeight` is the median height of its detected lines, in page pixels, and
 * `vertical` says its text runs up or down the image (a page turned by 90° or 270°).
 */
export function findSelectionMarks(
  image: RasterImage,
  lineHeight: number,
  vertical = false,
): SelectionMark[] {
  const factor = Math.max(1, Math.floor(lineHeight / WORKING_LINE_HEIGHT));
  const grey = greyDownscale(image, factor);
  const h = lineHeight / factor;
  const mask = sauvolaMask(grey, { window: Math.max(15, Math.round(3 * h) | 1) });
  const cc = inkComponents(mask, grey.width, grey.height);
  const ink: InkMask = { data: mask, width: grey.width };
  const marks: SelectionMark[] = [];
  for (let c = 0; c < cc.count; c++) {
    const bw = cc.x1[c]! - cc.x0[c]!;
    const bh = cc.y1[c]! - cc.y0[c]!;
    if (Math.min(bw, bh) < Math.max(6, MIN_SIDE * h) || Math.max(bw, bh) > MAX_SIDE * h) continue;
    if (Math.max(bw, bh) > MAX_ASPECT * Math.min(bw, bh)) continue;
    const r = { x0: cc.x0[c]!, y0: cc.y0[c]!, x1: cc.x1[c]!, y1: cc.y1[c]! };
    const m = judgeBox(ink, r);
    if (!m) continue;
    const box: Box = [r.x0 * factor, r.y0 * factor, r.x1 * factor, r.y1 * factor];
    marks.push({ box, ...m, isolated: clearBeside(ink, r, vertical) });
  }
  return marks;
}

/** A gap narrower than this share of a box's side is a letter gap. */
const MIN_LABEL_GAP = 0.3;

/**
 * Whether the mask has no ink within MIN_LABEL_GAP of the box's sides before and after it along the text: left
 * and right (middle rows), or above and below where `vertical` text runs down the page image.
 */
function clearBeside(mask: InkMask, r: InkRect, vertical: boolean): boolean {
  const { data, width } = mask;
  const height = data.length / width;
  const { x0, y0, x1, y1 } = r;
  const gap = Math.max(1, Math.round(MIN_LABEL_GAP * Math.min(x1 - x0, y1 - y0)));
  if (vertical) {
    const inset = Math.round(0.2 * (x1 - x0));
    for (let x = x0 + inset; x < x1 - inset; x++) {
      for (let d = 1; d <= gap; d++) {
        if (y0 - d >= 0 && data[(y0 - d) * width + x] !== 0) return false;
        if (y1 - 1 + d < height && data[(y1 - 1 + d) * width + x] !== 0) return false;
      }
    }
    return true;
  }
  const inset = Math.round(0.2 * (y1 - y0));
  for (let y = y0 + inset; y < y1 - inset; y++) {
    for (let d = 1; d <= gap; d++) {
      if (x0 - d >= 0 && data[y * width + x0 - d] !== 0) return false;
      if (x1 - 1 + d < width && data[y * width + x1 - 1 + d] !== 0) return false;
    }
  }
  return true;
}

/** Side, corner and inside evidence for the ink in `r` of `mask`; undefined if it is no box. */
export function judgeBox(mask: InkMask, r: InkRect): { marked: boolean; confidence: number } | undefined {
  const { x0, y0, x1, y1 } = r;
  const bw = x1 - x0;
  const bh = y1 - y0;
  const t = Math.max(1, Math.round(BAND * Math.min(bw, bh)));
  const ink = (x: number, y: number): boolean => mask.data[y * mask.width + x] !== 0;
  const anyIn = (ax: number, ay: number, bx: number, by: number): boolean => {
    for (let y = ay; y < by; y++) for (let x = ax; x < bx; x++) if (ink(x, y)) return true;
    return false;
  };
  // Share of positions along a side with ink somewhere in its band.
  const across = (ay: number, by: number): number => {
    let n = 0;
    for (let x = x0; x < x1; x++) if (anyIn(x, ay, x + 1, by)) n++;
    return n / bw;
  };
  const down = (ax: number, bx: number): number => {
    let n = 0;
    for (let y = y0; y < y1; y++) if (anyIn(ax, y, bx, y + 1)) n++;
    return n / bh;
  };
  const sides = [across(y0, y0 + t), across(y1 - t, y1), down(x0, x0 + t), down(x1 - t, x1)];
  const weakest = Math.min(...sides);
  if (weakest < MIN_SIDE_COVERAGE) return undefined;
  const k = Math.max(2, Math.round(CORNER * Math.min(bw, bh)));
  const corners = [
    anyIn(x0, y0, x0 + k, y0 + k),
    anyIn(x1 - k, y0, x1, y0 + k),
    anyIn(x0, y1 - k, x0 + k, y1),
    anyIn(x1 - k, y1 - k, x1, y1),
  ];
  if (corners.includes(false)) return undefined;
  // The inside, clear of each side's stroke: scans draw thin rules two or three pixels thick, which on a small
  // box is a third of it, so a fixed band would count the rule itself as a mark.
  const ix0 = x0 + strokeDepth(mask, r, 'left', t);
  const ix1 = x1 - strokeDepth(mask, r, 'right', t);
  const iy0 = y0 + strokeDepth(mask, r, 'top', t);
  const iy1 = y1 - strokeDepth(mask, r, 'bottom', t);
  if (ix1 - ix0 < 2 || iy1 - iy0 < 2) return undefined;
  let filled = 0;
  for (let y = iy0; y < iy1; y++) for (let x = ix0; x < ix1; x++) if (ink(x, y)) filled++;
  const fill = filled / ((ix1 - ix0) * (iy1 - iy0));
  if (fill >= MAX_FILL) return undefined;
  // A mark crosses the middle; ink hugging one side is a doubled rule or a scanner streak.
  const qx = (ix1 - ix0) >> 2;
  const qy = (iy1 - iy0) >> 2;
  const centred = anyIn(ix0 + qx, iy0 + qy, ix1 - qx, iy1 - qy);
  return { marked: fill >= MIN_MARK && centred, confidence: weakest };
}

/**
 * How deep a side's rule reaches into the box: the median, over the middle half of the side, of where the ink
 * run that starts within `band` of the edge ends, plus one pixel of blur.
 */
function strokeDepth(
  mask: InkMask,
  r: InkRect,
  side: 'left' | 'right' | 'top' | 'bottom',
  band: number,
): number {
  const { x0, y0, x1, y1 } = r;
  const vertical = side === 'left' || side === 'right';
  const [a0, a1] = vertical ? [y0, y1] : [x0, x1];
  const depthMax = (vertical ? x1 - x0 : y1 - y0) >> 1;
  const from = a0 + ((a1 - a0) >> 2);
  const to = a1 - ((a1 - a0) >> 2);
  const runs: number[] = [];
  for (let a = from; a < to; a++) {
    const inkAt = (d: number): boolean => {
      const x = side === 'left' ? x0 + d : side === 'right' ? x1 - 1 - d : a;
      const y = side === 'top' ? y0 + d : side === 'bottom' ? y1 - 1 - d : a;
      return mask.data[y * mask.width + x] !== 0;
    };
    // A rule that leans or wavers starts a pixel or two in from the component's edge.
    let d = 0;
    while (d < band && !inkAt(d)) d++;
    while (d < depthMax && inkAt(d)) d++;
    runs.push(d);
  }
  runs.sort((p, q) => p - q);
  return (runs[runs.length >> 1] ?? 0) + 1;
}

/**
 * A word of one or two of the characters a box or its mark is read as ("口", "[", "X"), mostly over the box and
 * hardly wider, is the box misread.
 * A box-like shape inside any other word is one of its letters (the O of a bold "NO", a blotted "IS").
 */
const BOX_READINGS = /^[[\](){}|!/\\lIi1口日□☐☑☒×xXkKvV✓✔βß区図凶⊠回田]{1,2}$/u;
const MAX_MISREAD_WIDTH = 1.3;
/** A sliver of a word ("[" for the box's near side) counts as over the box when it lies within this share of the
 * box's side around it. */
const MISREAD_MARGIN = 0.25;
/** Letters whose bowl can pass for a box in a bold or blurred print. */
const BOX_LIKE_LETTERS = /[0689OQDBGoqdbpgae]/u;
/** Characters that only stand for a box or its sides where they touch a word: dropped from it with the box. */
const BOX_GLYPHS = /[[\](){}|口□☐☑☒]/u;
/** A mark this share of its width from a word's end is at that end. */
const WORD_END = 0.3;
/** A box's label is on the same row at most this many box heights away. */
const MAX_LABEL_GAP = 2;

/**
 * `lines` with each mark as a word: words that misread a box are replaced, a mark beside a line joins it (in x
 * order) and any other that stands clear of other ink is a line of its own. A mark inside another word is a
 * letter after all and dropped.
 * For upright pages (lines reading left to right in page pixels); addSelectionMarksTurned for the others.
 */
export function addSelectionMarks(lines: readonly Line[], marks: readonly SelectionMark[]): Line[] {
  if (marks.length === 0) return [...lines];
  const out = lines.map((l) => ({ ...l, words: [...l.words] }));
  const changed = new Set<Line>();
  const kept: SelectionMark[] = [];
  for (const m of marks) {
    const misread = (w: Word): boolean => {
      const shared = boxOverlap(w.box, m.box);
      return (
        shared > 0 &&
        BOX_READINGS.test(w.text) &&
        (shared >= 0.5 * boxArea(w.box) || inside(w.box, m.box, MISREAD_MARGIN * width(m.box))) &&
        width(w.box) <= MAX_MISREAD_WIDTH * width(m.box)
      );
    };
    // Only lines on the mark's row can hold its misreading or the word it is a letter of.
    const row = out.filter((l) => l.box[1] < m.box[3] && l.box[3] > m.box[1]);
    // Over another word it is one of its letters, unless it stands a space apart at the word's end and the
    // letter read there could not look like a box (the word's box merely reaches over it).
    const letterOf = (w: Word): boolean =>
      !misread(w) && boxOverlap(w.box, m.box) > 0.3 * boxArea(m.box) && !(m.isolated && besideWord(w, m.box));
    if (row.some((l) => l.words.some(letterOf))) continue;
    kept.push(m);
    for (const l of row) {
      const words = l.words.filter((w) => !misread(w)).map((w) => clearOf(w, m.box));
      if (words.every((w, i) => w === l.words[i]) && words.length === l.words.length) continue;
      l.words = words;
      changed.add(l);
    }
  }
  const original = new Map(out.map((l, i) => [l, lines[i]!]));
  const remaining = out.filter((l) => l.words.length > 0);
  const loose: Line[] = [];
  for (const m of kept) {
    const word: Word = {
      text: m.marked ? MARKED_BOX : EMPTY_BOX,
      confidence: m.confidence,
      box: m.box,
      quad: boxQuad(m.box),
    };
    const host = labelLine(remaining, m.box);
    if (!host) {
      // Alone, a box-like shape with ink a letter gap beside it is a letter of text the detector missed (the O
      // of an unread "COLORS"); a box of a questionnaire grid stands clear.
      if (!m.isolated) continue;
      loose.push({
        text: word.text,
        confidence: word.confidence,
        box: word.box,
        quad: word.quad,
        words: [word],
      });
      continue;
    }
    host.words = [...host.words, word].sort((a, b) => a.box[0] + a.box[2] - b.box[0] - b.box[2]);
    changed.add(host);
  }
  return [...remaining.map((l) => (changed.has(l) ? relined(l) : original.get(l)!)), ...loose];
}

/**
 * addSelectionMarks on a page whose text reads turned by `rotation` (its lines in the page's own pixels, as the
 * engine returns them): lines and marks are turned upright, joined there, and turned back. Lines that do not
 * change are returned as they came.
 */
export function addSelectionMarksTurned(
  lines: readonly Line[],
  marks: readonly SelectionMark[],
  rotation: Rotation,
  width: number,
  height: number,
): Line[] {
  if (rotation === 0) return addSelectionMarks(lines, marks);
  const [uw, uh] = rotation === 180 ? [width, height] : [height, width];
  const turned = (l: Line, turn: Rotation, w: number, h: number): Line => {
    const move = <T extends Word | Line>(x: T): T => {
      const quad = quarterTurnQuad(x.quad, turn, w, h);
      return { ...x, quad, box: quadToBox(quad) };
    };
    return { ...move(l), words: l.words.map(move) };
  };
  const linesBack = new Map<Line, Line>();
  const upright = lines.map((l) => {
    const u = turned(l, rotation, width, height);
    linesBack.set(u, l);
    return u;
  });
  const uprightMarks = marks.map((m) => ({ ...m, box: quarterTurnBox(m.box, rotation, width, height) }));
  return addSelectionMarks(upright, uprightMarks).map(
    (l) => linesBack.get(l) ?? turned(l, inverseTurn(rotation), uw, uh),
  );
}

/**
 * The nearest line reading across the box's row within MAX_LABEL_GAP box heights, or undefined. Measured in the
 * box's own height: a tall heading or a sideways column would otherwise reach for boxes far away.
 */
function labelLine<T extends Line>(lines: T[], b: Box): T | undefined {
  let best: T | undefined;
  let bestGap = Infinity;
  const bh = b[3] - b[1];
  for (const l of lines) {
    const [p0, p1] = l.quad;
    if (Math.abs(p1[1] - p0[1]) > Math.abs(p1[0] - p0[0])) continue;
    const rowOverlap = Math.min(l.box[3], b[3]) - Math.max(l.box[1], b[1]);
    if (rowOverlap < 0.5 * Math.min(l.box[3] - l.box[1], bh)) continue;
    const gap = Math.max(0, b[0] - l.box[2], l.box[0] - b[2]);
    if (gap <= MAX_LABEL_GAP * bh && gap < bestGap) {
      best = l;
      bestGap = gap;
    }
  }
  return best;
}

/** A line's text, box and quad again from its words (axis-aligned: upright pages only). */
function relined(l: Line): Line {
  const box = unionBox(l.words.map((w) => w.box));
  return { ...l, text: l.words.map((w) => w.text).join(' '), box, quad: boxQuad(box) };
}

/** Whether box `b` sits at an end of word `w` (three or more letters) whose letter there is not box-like. */
function besideWord(w: Word, b: Box): boolean {
  const chars = [...w.text];
  if (chars.length < 3) return false;
  const slack = WORD_END * width(b);
  const end =
    b[0] <= w.box[0] + slack ? chars[0] : b[2] >= w.box[2] - slack ? chars[chars.length - 1] : undefined;
  return end !== undefined && !BOX_LIKE_LETTERS.test(end);
}

/**
 * `w` with its box drawn back off box `b` where it reaches over it, and the box's own reading dropped from that
 * end of its text where the recogniser read box and label as one word (`[Yes`, `口Yes`); `w` itself where it does
 * not reach over the box.
 */
function clearOf(w: Word, b: Box): Word {
  const rows = Math.min(w.box[3], b[3]) - Math.max(w.box[1], b[1]);
  if (boxOverlap(w.box, b) === 0 || rows < 0.5 * (b[3] - b[1])) return w;
  const after = w.box[0] + w.box[2] > b[0] + b[2];
  const box: Box = after
    ? [Math.max(w.box[0], b[2]), w.box[1], w.box[2], w.box[3]]
    : [w.box[0], w.box[1], Math.min(w.box[2], b[0]), w.box[3]];
  if (box[2] <= box[0]) return w;
  const chars = [...w.text];
  const end = after ? 0 : chars.length - 1;
  if (chars.length > 1 && BOX_GLYPHS.test(chars[end]!)) chars.splice(end, 1);
  return { ...w, text: chars.join(''), box, quad: boxQuad(box) };
}

/** Whether box `a` lies within box `b` grown by `margin` on every side. */
function inside(a: Box, b: Box, margin: number): boolean {
  return a[0] >= b[0] - margin && a[1] >= b[1] - margin && a[2] <= b[2] + margin && a[3] <= b[3] + margin;
}

function width(b: Box): number {
  return b[2] - b[0];
}
