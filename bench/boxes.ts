// Box helpers of score.py: normalising box shapes, IoU, greedy one-to-one matching.

/** Axis-aligned [x0, y0, x1, y1]. */
export type Box = [number, number, number, number];

/** score.py's as_box: [x0,y0,x1,y1] from four numbers (any corner order) or from a list of points. */
export function asBox(b: unknown): Box | null {
  if (b === null || b === undefined) return null;
  if (!Array.isArray(b)) throw new Error(`box is not a list: ${JSON.stringify(b)}`);
  if (b.length && Array.isArray(b[0])) {
    const pts = b as number[][];
    const xs = pts.map((p) => Number(p[0]));
    const ys = pts.map((p) => Number(p[1]));
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  }
  if (b.length !== 4) throw new Error(`box needs 4 numbers: ${JSON.stringify(b)}`);
  const [x0, y0, x1, y1] = (b as unknown[]).map(Number) as Box;
  return [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)];
}

export function iou(a: Box, b: Box): number {
  const ix = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const iy = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  const ua = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return ua > 0 ? inter / ua : 0;
}

/** Greedy one-to-one matching by descending (IoU, gt index, pred index), as Python's sort(reverse=True). */
export function matchBoxes(gt: readonly Box[], pred: readonly Box[], thr = 0.5): number {
  const pairs: Array<[number, number, number]> = [];
  for (const [i, g] of gt.entries()) {
    for (const [j, p] of pred.entries()) {
      if (p[2] < g[0] || p[0] > g[2] || p[3] < g[1] || p[1] > g[3]) continue;
      const v = iou(g, p);
      if (v >= thr) pairs.push([v, i, j]);
    }
  }
  pairs.sort((x, y) => y[0] - x[0] || y[1] - x[1] || y[2] - x[2]);
  const usedG = new Set<number>();
  const usedP = new Set<number>();
  let n = 0;
  for (const [, i, j] of pairs) {
    if (usedG.has(i) || usedP.has(j)) continue;
    usedG.add(i);
    usedP.add(j);
    n++;
  }
  return n;
}
