// The detector sometimes cuts one row of print into two segments that overlap by a few pixels ("TAX" |
// "INVOICE", "Print Time : S" | "Saturday, ..."). Each strip then holds a sliver of its neighbour's ink: the
// recogniser reads it as an extra character ("S" before "Saturday"), or the word boxes overlap and text
// extractors that sort by position (poppler's physical mode, Evince) run the two words together. Such segments
// are joined into one line here: a sliver read twice is dropped, overlapping word edges meet halfway, and the
// PDF text layer then keeps its minimum gap between the two words like anywhere else in a line.
import type { Box, Line, Point, Quad, Word } from '../../../src-shared/ocr-result.ts';
import { quadToBox, roundPoint, subQuad, unionBox } from './geometry.ts';

/** Segments share a row when they overlap vertically by this share of the smaller height. */
const SAME_ROW = 0.6;
/** Neither segment may be more than this many times taller than the other (a heading beside body text). */
const MAX_HEIGHT_RATIO = 1.6;
/** An overlap wider than this share of the narrower segment is not a cut row (one box inside another). */
const MAX_SEGMENT_OVERLAP = 0.5;
/** Facing words overlapping by this share of the narrower one read the same ink: the narrower is dropped. */
const SAME_INK = 0.5;

/**
 * `lines` with each chain of same-row segments that overlap end to end joined into one line, in order.
 * `toUpright` maps a page point to the upright page (the page's rotation applied), where rows run left to right.
 */
export function joinOverlappingSegments(lines: readonly Line[], toUpright: (p: Point) => Point): Line[] {
  const upright = (q: Quad): Box =>
    quadToBox([toUpright(q[0]), toUpright(q[1]), toUpright(q[2]), toUpright(q[3])]);
  // Only segments that read left to right on the upright page: a vertical label has no row neighbours.
  const readsAcross = (q: Quad): boolean => {
    const [a, b, d] = [toUpright(q[0]), toUpright(q[1]), toUpright(q[3])];
    return b[0] - a[0] > Math.abs(b[1] - a[1]) && b[0] - a[0] > Math.abs(d[1] - a[1]) / 2;
  };
  const items = lines.map((line, index) => ({
    line,
    index,
    box: upright(line.quad),
    across: readsAcross(line.quad),
  }));
  const byX = items.filter((it) => it.across).sort((a, b) => a.box[0] - b.box[0] || a.index - b.index);
  const joined = new Map<number, Line>();
  const absorbed = new Set<number>();
  for (let i = 0; i < byX.length; i++) {
    const head = byX[i]!;
    if (absorbed.has(head.index)) continue;
    let line = head.line;
    let box = head.box;
    for (let j = i + 1; j < byX.length && byX[j]!.box[0] < box[2]; j++) {
      const next = byX[j]!;
      if (absorbed.has(next.index) || !cutRow(box, next.box)) continue;
      line = joinPair(line, next.line, upright);
      box = [box[0], Math.min(box[1], next.box[1]), next.box[2], Math.max(box[3], next.box[3])];
      absorbed.add(next.index);
    }
    if (line !== head.line) joined.set(head.index, line);
  }
  if (absorbed.size === 0) return [...lines];
  return lines
    .flatMap((l, i) => (absorbed.has(i) ? [] : [joined.get(i) ?? l]))
    .filter((l) => l.words.length > 0);
}

/** `b` starts inside `a`, ends beyond it, on the same row and at a similar size. */
function cutRow(a: Box, b: Box): boolean {
  const ha = a[3] - a[1];
  const hb = b[3] - b[1];
  if (ha <= 0 || hb <= 0 || Math.max(ha, hb) > MAX_HEIGHT_RATIO * Math.min(ha, hb)) return false;
  const vertical = (Math.min(a[3], b[3]) - Math.max(a[1], b[1])) / Math.min(ha, hb);
  if (vertical < SAME_ROW) return false;
  const overlap = a[2] - b[0];
  return (
    b[0] > a[0] &&
    b[2] > a[2] &&
    overlap > 0 &&
    overlap <= MAX_SEGMENT_OVERLAP * Math.min(a[2] - a[0], b[2] - b[0])
  );
}

function joinPair(a: Line, b: Line, upright: (q: Quad) => Box): Line {
  const left = [...a.words];
  const right = [...b.words];
  const last = left.at(-1);
  const first = right[0];
  if (last && first) {
    const ua = upright(last.quad);
    const ub = upright(first.quad);
    const overlap = ua[2] - ub[0];
    const wa = ua[2] - ua[0];
    const wb = ub[2] - ub[0];
    if (overlap > 0 && wa > 0 && wb > 0) {
      if (overlap >= SAME_INK * Math.min(wa, wb)) {
        if (wa < wb) left.pop();
        else right.shift();
      } else {
        const middle = (ua[2] + ub[0]) / 2;
        left[left.length - 1] = trimmed(last, 0, (middle - ua[0]) / wa);
        right[0] = trimmed(first, (middle - ub[0]) / wb, 1);
      }
    }
  }
  const words = [...left, ...right];
  if (words.length === 0) return { ...a, words };
  const chars = (l: Line): number => Math.max(1, l.text.length);
  const quad: Quad = [a.quad[0], b.quad[1], b.quad[2], a.quad[3]];
  return {
    text: words.map((w) => w.text).join(' '),
    confidence:
      Math.round(((a.confidence * chars(a) + b.confidence * chars(b)) / (chars(a) + chars(b))) * 1000) / 1000,
    box: unionBox([quadToBox(quad), ...words.map((w) => w.box)]),
    quad,
    words,
  };
}

/** `w` cut to the fractions u0..u1 along its text. */
function trimmed(w: Word, u0: number, u1: number): Word {
  const q = subQuad(w.quad, u0, u1, 0, 1);
  const quad: Quad = [roundPoint(q[0]), roundPoint(q[1]), roundPoint(q[2]), roundPoint(q[3])];
  return { ...w, quad, box: quadToBox(quad) };
}
