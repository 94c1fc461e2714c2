// Reading direction of each detected line: which way the page's text runs (vertical boxes turn the page), and
// which lines are upside down. The mobile orientation classifier is a cheap screen; the recogniser, a far
// stronger model, has the last word wherever turning a line is at stake (measured on the dev set: trusting the
// classifier's confident answers alone turned correct lines of noisy forms and receipts upside down, costing
// 0.02 nsCER on FUNSD and 0.01 on SROIE).
import type { Quad } from '../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../documents/raster.ts';
import { classifyLines, type Orientation } from './classify.ts';
import { quadSize, textQuad } from './crop.ts';
import type { InferenceModel } from './onnx-runtime.ts';
import { turnQuad } from './page-orientation.ts';

/** Recognises lines (memoised by quad identity) and says how confident the recogniser is in each. */
export type LineReader = (quads: readonly Quad[]) => Promise<readonly number[]>;

export interface OrientConfig {
  readonly height: number;
  readonly width: number;
  /** How many of the longest lines the classifier sees before it is asked about all of them. */
  readonly sample: number;
  /** PaddleOCR's cls_thresh: a classifier answer below this never turns a line on its own. */
  readonly threshold: number;
}

/**
 * @param boxes detected quads (top-left first as detected)
 * @returns each line's quad in reading order (top-left of the text first)
 */
export async function orientLines(
  cls: InferenceModel,
  image: RasterImage,
  boxes: readonly Quad[],
  cfg: OrientConfig,
  read: LineReader,
): Promise<Quad[]> {
  let quads = boxes.map((b) => textQuad(b));
  if (quads.length === 0) return quads;
  // Most pages run one way: when most text runs vertically the page is turned, and boxes too short to show
  // their direction follow the page.
  let vertical = 0;
  let horizontal = 0;
  quads.forEach((q, i) => {
    const len = quadSize(q).width;
    if (q === boxes[i]) horizontal += len;
    else vertical += len;
  });
  if (vertical > horizontal) {
    quads = boxes.map((b, i) => {
      const s = quadSize(b);
      return s.height >= 0.67 * s.width ? turnQuad(b, 1) : quads[i]!;
    });
  }
  const turned = quads.map((q) => turnQuad(q, 2));
  const width = quads.map((q) => quadSize(q).width);

  // The longest lines decide the page; every line is classified only when they disagree.
  const byLength = quads.map((_, i) => i).sort((a, b) => width[b]! - width[a]!);
  let asked = byLength.slice(0, cfg.sample);
  const classify = (idx: readonly number[]): Promise<Orientation[]> =>
    classifyLines(
      cls,
      image,
      idx.map((i) => quads[i]!),
      cfg.height,
      cfg.width,
    );
  let votes = await classify(asked);
  let tally = weigh(votes, asked, width);
  if (asked.length < quads.length && Math.min(tally.flip, tally.keep) > 0.15 * (tally.flip + tally.keep)) {
    asked = byLength;
    votes = await classify(asked);
    tally = weigh(votes, asked, width);
  }

  let pageFlipped = tally.flip > tally.keep;
  if (pageFlipped) {
    // Turning a whole page is checked on the lines that voted: the recogniser reads them both ways.
    const sample = asked.slice(0, cfg.sample);
    const keep = await read(sample.map((i) => quads[i]!));
    const flip = await read(sample.map((i) => turned[i]!));
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
    const pageWay = disputed.map((i) => (pageFlipped ? turned[i]! : quads[i]!));
    const otherWay = disputed.map((i) => (pageFlipped ? quads[i]! : turned[i]!));
    const a = await read(pageWay);
    const b = await read(otherWay);
    disputed.forEach((i, k) => {
      if (b[k]! > a[k]!) flips[i] = !pageFlipped;
    });
  }
  return quads.map((q, i) => (flips[i] ? turned[i]! : q));
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
