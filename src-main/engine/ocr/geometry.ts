// Plane geometry for text boxes. Points are [x, y] with y down.
import type { Box, Point, Quad } from '../../../src-shared/ocr-result.ts';

/** Convex hull (Andrew's monotone chain), counter-clockwise in y-up terms, no repeated end point. */
export function convexHull(points: readonly Point[]): Point[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length <= 2) return pts;
  const cross = (o: Point, a: Point, b: Point): number =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0)
      upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

export interface RotatedRect {
  readonly center: Point;
  /** Unit vector along the first side. */
  readonly axis: Point;
  /** Side lengths along `axis` and along its perpendicular. */
  readonly width: number;
  readonly height: number;
}

/** Minimum-area enclosing rectangle of a point set (rotating calipers over the hull's edges). */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points);
  if (hull.length === 0) return { center: [0, 0], axis: [1, 0], width: 0, height: 0 };
  if (hull.length === 1) return { center: hull[0]!, axis: [1, 0], width: 0, height: 0 };
  let best: RotatedRect | undefined;
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const p of hull) {
      const u = p[0] * ux + p[1] * uy;
      const v = -p[0] * uy + p[1] * ux;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = {
        center: [cu * ux - cv * uy, cu * uy + cv * ux],
        axis: [ux, uy],
        width: maxU - minU,
        height: maxV - minV,
      };
    }
  }
  return best ?? { center: hull[0]!, axis: [1, 0], width: 0, height: 0 };
}

/** The rectangle grown by `d` on every side (what a round-join polygon offset gives after minAreaRect). */
export function growRect(r: RotatedRect, d: number): RotatedRect {
  return { ...r, width: r.width + 2 * d, height: r.height + 2 * d };
}

export function rectCorners(r: RotatedRect): Point[] {
  const [cx, cy] = r.center;
  const [ux, uy] = r.axis;
  const hw = r.width / 2;
  const hh = r.height / 2;
  return [
    [cx - ux * hw + uy * hh, cy - uy * hw - ux * hh],
    [cx + ux * hw + uy * hh, cy + uy * hw - ux * hh],
    [cx + ux * hw - uy * hh, cy + uy * hw + ux * hh],
    [cx - ux * hw - uy * hh, cy - uy * hw + ux * hh],
  ];
}

/**
 * Order four corners as top-left, top-right, bottom-right, bottom-left the way PaddleOCR's get_mini_boxes does:
 * the two leftmost points give top-left/bottom-left by y, the two rightmost give top-right/bottom-right.
 */
export function orderQuad(corners: readonly Point[]): Quad {
  const p = [...corners].sort((a, b) => a[0] - b[0]);
  const [l0, l1, r0, r1] = [p[0]!, p[1]!, p[2]!, p[3]!];
  const [tl, bl] = l0[1] <= l1[1] ? [l0, l1] : [l1, l0];
  const [tr, br] = r0[1] <= r1[1] ? [r0, r1] : [r1, r0];
  return [tl, tr, br, bl];
}

export function quadToBox(q: Quad): Box {
  const xs = q.map((p) => p[0]);
  const ys = q.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** The box as a quad, corners clockwise from the top left. */
export function boxQuad(b: Box): Quad {
  return [
    [b[0], b[1]],
    [b[2], b[1]],
    [b[2], b[3]],
    [b[0], b[3]],
  ];
}

/** The box's area; 0 for an empty or inverted one. */
export function boxArea(b: Box): number {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
}

/** The area two boxes share; 0 where they do not overlap. */
export function boxOverlap(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The box around `boxes`; [0, 0, 0, 0] for none. */
export function unionBox(boxes: readonly Box[]): Box {
  if (boxes.length === 0) return [0, 0, 0, 0];
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(b[0] - a[0], b[1] - a[1]);
}

/** Point at fractions (u along top edge, v down the left edge) of a parallelogram-like quad. */
export function quadPoint(q: Quad, u: number, v: number): Point {
  const [tl, tr, br, bl] = q;
  // Bilinear interpolation: exact for rectangles, sensible for mild perspective.
  const topX = tl[0] + (tr[0] - tl[0]) * u;
  const topY = tl[1] + (tr[1] - tl[1]) * u;
  const botX = bl[0] + (br[0] - bl[0]) * u;
  const botY = bl[1] + (br[1] - bl[1]) * u;
  return [topX + (botX - topX) * v, topY + (botY - topY) * v];
}

/** Sub-quad of `q` between fractions u0..u1 along the text and v0..v1 across it. */
export function subQuad(q: Quad, u0: number, u1: number, v0: number, v1: number): Quad {
  return [quadPoint(q, u0, v0), quadPoint(q, u1, v0), quadPoint(q, u1, v1), quadPoint(q, u0, v1)];
}

export function clampQuad(q: Quad, width: number, height: number): Quad {
  const c = (p: Point): Point => [Math.min(Math.max(p[0], 0), width), Math.min(Math.max(p[1], 0), height)];
  return [c(q[0]), c(q[1]), c(q[2]), c(q[3])];
}

/** Rotate a point of a W×H image by a multiple of 90° clockwise; returns coordinates in the rotated image. */
export function rotatePoint(p: Point, rotation: 0 | 90 | 180 | 270, width: number, height: number): Point {
  switch (rotation) {
    case 0:
      return p;
    case 90:
      return [height - p[1], p[0]];
    case 180:
      return [width - p[0], height - p[1]];
    case 270:
      return [p[1], width - p[0]];
  }
}

export function roundPoint(p: Point): Point {
  return [Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10];
}
