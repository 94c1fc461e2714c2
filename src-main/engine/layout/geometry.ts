// Small box helpers shared by the layout stage. Boxes are [x0, y0, x1, y1], y down.
import type { LayoutLine } from './types.ts';

export type Box = LayoutLine['box'];

export const widthOf = (b: Box): number => b[2] - b[0];
export const heightOf = (b: Box): number => b[3] - b[1];
export const centreX = (b: Box): number => (b[0] + b[2]) / 2;
export const centreY = (b: Box): number => (b[1] + b[3]) / 2;

/**
 * Detector output can be odd (corners swapped, NaN from a degenerate quad): order the corners and turn
 * non-finite numbers into 0, so every later comparison is well defined and no index can get lost.
 */
export function normaliseBox(b: Box): Box {
  const f = (v: number): number => (Number.isFinite(v) ? v : 0);
  const [ax, ay, bx, by] = [f(b[0]), f(b[1]), f(b[2]), f(b[3])];
  return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
}

/** Vertical overlap as a share of the smaller height; 1 when one box lies within the other's rows. */
export function yOverlapRatio(a: Box, b: Box): number {
  const overlap = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  const smaller = Math.min(heightOf(a), heightOf(b));
  if (smaller <= 0) return overlap >= 0 ? 1 : 0;
  return overlap / smaller;
}

/** The lower median: on an even count it leans to the smaller value (line spacing over paragraph gaps). */
export function lowerMedian(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1];
}
