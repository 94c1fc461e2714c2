// OCR results found on a preprocessed page, carried back onto the page as it was loaded: needed wherever the
// original stays what the user sees (a PDF input keeps its page content and gets the text layer on top).
import type {
  Block,
  Line,
  PageResult,
  Point,
  PreprocessRecord,
  Quad,
  Word,
} from '../../../src-shared/ocr-result.ts';
import { boxQuad, quadToBox, roundPoint } from '../ocr/geometry.ts';
import { skewTransform } from './deskew.ts';
import { inverseTurn, quarterTurnPage } from './quarter-turn.ts';

/** Every quad of the result through `pt`, boxes recomputed; a block's box becomes the box around its mapped corners. */
function mapPoints(r: PageResult, pt: (p: Point) => Point): PageResult {
  const quad = (q: Quad): Quad => [pt(q[0]), pt(q[1]), pt(q[2]), pt(q[3])];
  const word = (w: Word): Word => {
    const q = quad(w.quad);
    return { ...w, quad: q, box: quadToBox(q) };
  };
  const line = (l: Line): Line => {
    const q = quad(l.quad);
    return { ...l, quad: q, box: quadToBox(q), words: l.words.map(word) };
  };
  const block = (b: Block): Block => ({
    ...b,
    box: quadToBox(quad(boxQuad(b.box))),
    lines: b.lines.map(line),
  });
  return { ...r, blocks: r.blocks.map(block) };
}

/** Through one direction of the deskew rotation, rounded to the engine's 0.1 px grid and kept on the page. */
function skewed(r: PageResult, degrees: number, direction: 'toStraight' | 'toOriginal'): PageResult {
  const tf = skewTransform(degrees, r.width, r.height);
  return mapPoints(r, (p) => {
    const [x, y] = roundPoint(direction === 'toStraight' ? tf.toStraight(p) : tf.toOriginal(p));
    return [Math.min(Math.max(x, 0), r.width), Math.min(Math.max(y, 0), r.height)];
  });
}

/**
 * A result read on a page as it was, carried onto that page straightened by `degrees` (straighten()): the
 * engine reads the original pixels, without the resampling blur, and the output shows the level page.
 */
export function resultToStraight(result: PageResult, degrees: number): PageResult {
  return degrees === 0 ? result : skewed(result, degrees, 'toStraight');
}

/**
 * Undo what `record` says preprocessing did (a quarter turn, then a deskew; despeckle and binarise move nothing).
 * Quads are mapped point by point and boxes recomputed from them; a block's box becomes the box around its
 * turned corners. Quarter turns are exact; the deskew part rounds to the engine's 0.1 px grid.
 */
export function resultToOriginal(result: PageResult, record: PreprocessRecord): PageResult {
  const deg = record.deskewDegrees ?? 0;
  let r = deg === 0 ? result : skewed(result, deg, 'toOriginal');
  if (record.autoRotate) r = quarterTurnPage(r, inverseTurn(record.autoRotate));
  return r;
}
