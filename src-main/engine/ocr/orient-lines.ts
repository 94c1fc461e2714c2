// Reading direction of each detected line: which way the page's text runs (vertical boxes turn the page), and
// which lines are upside down. The mobile orientation classifier is a cheap screen; the recogniser, a far
// stronger model, has the last word wherever turning a line is at stake (measured on the dev set: trusting the
// classifier's confident answers alone turned correct lines of noisy forms and receipts upside down, costing
// 0.018 nsCER on FUNSD and 0.008 on SROIE).
import type { Quad } from '../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../documents/raster.ts';
import { classifyStrips, type Orientation } from './classify.ts';
import { quadSize, textQuad } from './crop.ts';
import type { InferenceModel } from './onnx-runtime.ts';
import { turnQuad } from './page-orientation.ts';

/**
 * Each box's quad in reading order (top-left of the text first). Boxes much taller than wide read top to
 * bottom; when most text runs vertically the page is turned, and boxes too short to show their direction
 * follow the page.
 */
export function readingQuads(boxes: readonly Quad[]): Quad[] {
  const quads = boxes.map((b) => textQuad(b));
  let vertical = 0;
  let horizontal = 0;
  quads.forEach((q, i) => {
    const len = quadSize(q).width;
    if (q === boxes[i]) horizontal += len;
    else vertical += len;
  });
  if (vertical <= horizontal) return quads;
  return boxes.map((b, i) => {
    const s = quadSize(b);
    return s.height >= 0.67 * s.width ? turnQuad(b, 1) : quads[i]!;
  });
}

export interface LineRef {
  readonly index: number;
  /** Read turned by 180° from its reading quad. */
  readonly flipped: boolean;
}

/** The lines as the engine cuts and reads them (both memoised there). */
export interface LineSource {
  /** The strip of line `index` in its reading quad's direction. */
  strip(index: number): RasterImage;
  /** The recogniser's confidence in each line read the given way. */
  confidence(lines: readonly LineRef[]): Promise<readonly number[]>;
  /** Start reading these lines (the likely final reading) while orientation is still being decided. */
  prefetch?(lines: readonly LineRef[]): void;
}

export interface OrientConfig {
  readonly height: number;
  readonly width: number;
  /** How many of the longest lines the classifier sees before it is asked about all of them. */
  readonly sample: number;
  /** PaddleOCR's cls_thresh: a classifier answer below this never turns a line on its own. */
  readonly threshold: number;
}

/** Which lines read upside down (turned by 180° from their reading quads). */
export async function upsideDownLines(
  cls: InferenceModel,
  quads: readonly Quad[],
  source: LineSource,
  cfg: OrientConfig,
): Promise<boolean[]> {
  if (quads.length === 0) return [];
  const width = quads.map((q) => quadSize(q).width);
  // The longest lines decide the page; every line is classified only when they disagree.
  const byLength = quads.map((_, i) => i).sort((a, b) => width[b]! - width[a]!);
  let asked = byLength.slice(0, cfg.sample);
  const classify = (idx: readonly number[]): Promise<Orientation[]> =>
    classifyStrips(
      cls,
      idx.map((i) => source.strip(i)),
      cfg.height,
      cfg.width,
    );
  let votes = await classify(asked);
  let tally = weigh(votes, asked, width);
  // Most pages are upright: their lines can be read now, as they are.
  if (tally.flip <= tally.keep) source.prefetch?.(byLength.map((index) => ({ index, flipped: false })));
  if (asked.length < quads.length && Math.min(tally.flip, tally.keep) > 0.15 * (tally.flip + tally.keep)) {
    asked = byLength;
    votes = await classify(asked);
    tally = weigh(votes, asked, width);
  }

  let pageFlipped = tally.flip > tally.keep;
  if (pageFlipped) {
    // Turning a whole page is checked on the lines that voted: the recogniser reads them both ways.
    const sample = asked.slice(0, cfg.sample);
    const keep = await source.confidence(sample.map((index) => ({ index, flipped: false })));
    const flip = await source.confidence(sample.map((index) => ({ index, flipped: true })));
    let keepScore = 0;
    let flipScore = 0;
    sample.forEach((i, k) => {
      keepScore += keep[k]! * width[i]!;
      flipScore += flip[k]! * width[i]!;
    });
    pageFlipped = flipScore > keepScore;
  }

  // Lines follow the page, except where the classifier confidently says otherwise and the recogniser agrees.
  const flips = new Array<boolean>(quads.length).fill(pageFlipped);
  const disputed = asked.filter(
    (_, k) => votes[k]!.confidence > cfg.threshold && votes[k]!.upsideDown !== pageFlipped,
  );
  if (disputed.length > 0) {
    const pageWay = await source.confidence(disputed.map((index) => ({ index, flipped: pageFlipped })));
    const otherWay = await source.confidence(disputed.map((index) => ({ index, flipped: !pageFlipped })));
    disputed.forEach((i, k) => {
      if (otherWay[k]! > pageWay[k]!) flips[i] = !pageFlipped;
    });
  }
  return flips;
}

/** Classifier votes weighted by confidence and line length. */
function weigh(
  votes: readonly Orientation[],
  idx: readonly number[],
  width: readonly number[],
): { flip: number; keep: number } {
  let flip = 0;
  let keep = 0;
  votes.forEach((v, k) => {
    const w = v.confidence * width[idx[k]!]!;
    if (v.upsideDown) flip += w;
    else keep += w;
  });
  return { flip, keep };
}
