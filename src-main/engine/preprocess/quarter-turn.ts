// Turning a page by quarter turns, and carrying a page's OCR result along: every point is mapped exactly, so
// a result can go to the upright page and back without drift.
import type {
  Block,
  Box,
  Line,
  PageResult,
  Point,
  Quad,
  Rotation,
  Word,
} from '../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../documents/raster.ts';
import { rotateRaster } from '../documents/raster-ops.ts';
import { rotatePoint } from '../ocr/geometry.ts';

/** The page turned clockwise by `turn` (libvips, lossless). */
export async function quarterTurnRaster(image: RasterImage, turn: Rotation): Promise<RasterImage> {
  return rotateRaster(image, turn);
}

/**
 * Snap to a 1/1000 px grid. `W - (W - x)` is not always `x` in floating point; on this grid it is after snapping,
 * and the engine's 0.1 px coordinates lie on it, so they come back bit for bit.
 */
function snap(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** A point of a width×height page, on the page turned clockwise by `turn`. */
export function quarterTurnPoint(p: Point, turn: Rotation, width: number, height: number): Point {
  const q = rotatePoint(p, turn, width, height);
  return [snap(q[0]) + 0, snap(q[1]) + 0];
}

/** A box of a width×height page, on the page turned clockwise by `turn`. */
export function quarterTurnBox(b: Box, turn: Rotation, width: number, height: number): Box {
  const a = quarterTurnPoint([b[0], b[1]], turn, width, height);
  const c = quarterTurnPoint([b[2], b[3]], turn, width, height);
  return [Math.min(a[0], c[0]), Math.min(a[1], c[1]), Math.max(a[0], c[0]), Math.max(a[1], c[1])];
}

/** A quad of a width×height page on the turned page; corners keep their meaning (the text's top-left first). */
export function quarterTurnQuad(q: Quad, turn: Rotation, width: number, height: number): Quad {
  return [
    quarterTurnPoint(q[0], turn, width, height),
    quarterTurnPoint(q[1], turn, width, height),
    quarterTurnPoint(q[2], turn, width, height),
    quarterTurnPoint(q[3], turn, width, height),
  ];
}

/** The clockwise turn that undoes `turn`. */
export function inverseTurn(turn: Rotation): Rotation {
  return ((360 - turn) % 360) as Rotation;
}

/**
 * A page result moved onto the page turned clockwise by `turn`: boxes and quads mapped, width and height
 * swapped for odd quarter turns, and `rotation` reduced by the turn (a result turned by its own rotation
 * reads upright, rotation 0). `quarterTurnPage(quarterTurnPage(r, t), inverseTurn(t))` gives back `r`.
 */
export function quarterTurnPage(result: PageResult, turn: Rotation): PageResult {
  if (turn === 0) return result;
  const { width: w, height: h } = result;
  const box = (b: Box): Box => quarterTurnBox(b, turn, w, h);
  const quad = (q: Quad): Quad => quarterTurnQuad(q, turn, w, h);
  const word = (x: Word): Word => ({ ...x, box: box(x.box), quad: quad(x.quad) });
  const line = (l: Line): Line => ({ ...l, box: box(l.box), quad: quad(l.quad), words: l.words.map(word) });
  const block = (b: Block): Block => ({ ...b, box: box(b.box), lines: b.lines.map(line) });
  const odd = turn === 90 || turn === 270;
  return {
    ...result,
    width: odd ? h : w,
    height: odd ? w : h,
    rotation: ((result.rotation - turn + 360) % 360) as Rotation,
    blocks: result.blocks.map(block),
  };
}
