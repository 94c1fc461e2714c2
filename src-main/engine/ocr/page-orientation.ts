// Page-level orientation from the detected lines: which way most of the text runs, and whether it is upside down.
import type { Quad, Rotation } from '../../../src-shared/ocr-result.ts';
import { quadSize } from './crop.ts';

/** Rotation of a line's text, clockwise from upright, given its reading-order quad. */
export function textRotation(q: Quad): Rotation {
  const dx = q[1][0] - q[0][0];
  const dy = q[1][1] - q[0][1];
  if (Math.abs(dx) >= Math.abs(dy)) return dx >= 0 ? 0 : 180;
  return dy >= 0 ? 90 : 270;
}

/**
 * The clockwise turn that makes the page upright: the text rotation with the largest total line length wins
 * (long lines are the most reliable witnesses), and the page must be turned back by it.
 */
export function pageRotation(textQuads: readonly Quad[]): Rotation {
  const weight: Record<Rotation, number> = { 0: 0, 90: 0, 180: 0, 270: 0 };
  for (const q of textQuads) weight[textRotation(q)] += quadSize(q).width;
  let best: Rotation = 0;
  for (const r of [90, 180, 270] as const) if (weight[r] > weight[best] * 1.2) best = r;
  return ((360 - best) % 360) as Rotation;
}

/** The same rectangle with its reading order turned by 90° steps (corner order rotated). */
export function turnQuad(q: Quad, quarterTurns: number): Quad {
  const k = ((quarterTurns % 4) + 4) % 4;
  return [q[k % 4]!, q[(k + 1) % 4]!, q[(k + 2) % 4]!, q[(k + 3) % 4]!] as Quad;
}
