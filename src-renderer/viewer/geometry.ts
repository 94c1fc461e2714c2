// Page pixels <-> screen for the page viewer, as pure functions (unit-tested under node).
//
// Three spaces: *page* pixels are those of the page result and of the image the API serves for it (the server
// sends the preprocessed image when deskew/auto-rotate changed the pixels, so boxes and image always agree);
// *display* space is the page turned clockwise by `turn` (the result's `rotation` plus the user's own turns), so it
// reads upright; *screen* is CSS pixels inside the viewport: display × zoom + pan. One affine matrix maps page to
// screen, so the image and every box sit in one layer moved by a single CSS transform.
import type { Box, Point, Quad, Rotation } from '../../src-shared/ocr-result.ts';

/** CSS matrix(a, b, c, d, e, f): x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Affine = readonly [number, number, number, number, number, number];

export interface PageSize {
  readonly width: number;
  readonly height: number;
}

export interface View {
  readonly zoom: number;
  readonly panX: number;
  readonly panY: number;
}

export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 8;
/** Space kept between the page and the viewport's edges when fitting. */
export const FIT_MARGIN = 16;

export function addTurns(a: Rotation, b: number): Rotation {
  return ((((a + b) % 360) + 360) % 360) as Rotation;
}

/** Size of the page once turned upright. */
export function displaySize(page: PageSize, turn: Rotation): PageSize {
  return turn === 90 || turn === 270 ? { width: page.height, height: page.width } : page;
}

/** Page pixels -> display space for a clockwise quarter turn (the engine's rotatePoint, as a matrix). */
export function turnAffine(page: PageSize, turn: Rotation): Affine {
  const { width: w, height: h } = page;
  switch (turn) {
    case 0:
      return [1, 0, 0, 1, 0, 0];
    case 90:
      return [0, 1, -1, 0, h, 0];
    case 180:
      return [-1, 0, 0, -1, w, h];
    case 270:
      return [0, -1, 1, 0, 0, w];
  }
}

/** Page pixels -> screen. */
export function pageToScreenAffine(page: PageSize, turn: Rotation, view: View): Affine {
  const [a, b, c, d, e, f] = turnAffine(page, turn);
  const z = view.zoom;
  return [a * z, b * z, c * z, d * z, e * z + view.panX, f * z + view.panY];
}

export function apply(m: Affine, p: Point): Point {
  return [m[0] * p[0] + m[2] * p[1] + m[4], m[1] * p[0] + m[3] * p[1] + m[5]];
}

export function invert(m: Affine): Affine {
  const [a, b, c, d, e, f] = m;
  const det = a * d - b * c;
  if (det === 0) throw new Error('singular transform');
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

export function cssMatrix(m: Affine): string {
  return `matrix(${m.map((v) => +v.toFixed(6)).join(',')})`;
}

export function pageToScreen(p: Point, page: PageSize, turn: Rotation, view: View): Point {
  return apply(pageToScreenAffine(page, turn, view), p);
}

export function screenToPage(p: Point, page: PageSize, turn: Rotation, view: View): Point {
  return apply(invert(pageToScreenAffine(page, turn, view)), p);
}

/** Axis-aligned screen rectangle of a page box (quarter turns keep boxes axis-aligned). */
export function boxToScreen(box: Box, page: PageSize, turn: Rotation, view: View): Rect {
  const m = pageToScreenAffine(page, turn, view);
  const a = apply(m, [box[0], box[1]]);
  const b = apply(m, [box[2], box[3]]);
  return rectOf(a, b);
}

/** A screen rectangle as a page box (for rubber-band selection). */
export function screenRectToBox(r: Rect, page: PageSize, turn: Rotation, view: View): Box {
  const m = invert(pageToScreenAffine(page, turn, view));
  const a = apply(m, [r.left, r.top]);
  const b = apply(m, [r.left + r.width, r.top + r.height]);
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
}

export function rectOf(a: Point, b: Point): Rect {
  const left = Math.min(a[0], b[0]);
  const top = Math.min(a[1], b[1]);
  return { left, top, width: Math.abs(a[0] - b[0]), height: Math.abs(a[1] - b[1]) };
}

export function clampZoom(z: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
}

/** The whole page width in the viewport, top of the page at the top margin. */
export function fitWidth(viewport: PageSize, page: PageSize, turn: Rotation, margin = FIT_MARGIN): View {
  const d = displaySize(page, turn);
  const zoom = clampZoom(Math.max(1, viewport.width - 2 * margin) / d.width);
  const panY = d.height * zoom < viewport.height ? (viewport.height - d.height * zoom) / 2 : margin;
  return { zoom, panX: (viewport.width - d.width * zoom) / 2, panY };
}

/** The whole page in the viewport, centred. */
export function fitPage(viewport: PageSize, page: PageSize, turn: Rotation, margin = FIT_MARGIN): View {
  const d = displaySize(page, turn);
  const zoom = clampZoom(
    Math.min(
      Math.max(1, viewport.width - 2 * margin) / d.width,
      Math.max(1, viewport.height - 2 * margin) / d.height,
    ),
  );
  return {
    zoom,
    panX: (viewport.width - d.width * zoom) / 2,
    panY: (viewport.height - d.height * zoom) / 2,
  };
}

/** Zoom by `factor` keeping the screen point `anchor` over the same spot of the page. */
export function zoomAround(view: View, factor: number, anchor: Point): View {
  const zoom = clampZoom(view.zoom * factor);
  const k = zoom / view.zoom;
  return {
    zoom,
    panX: anchor[0] - (anchor[0] - view.panX) * k,
    panY: anchor[1] - (anchor[1] - view.panY) * k,
  };
}

/**
 * Keeps the page from leaving the viewport: a page larger than the viewport may not show more than `margin` of
 * background at either side; a smaller one stays wholly inside. One formula covers both cases.
 */
export function clampPan(
  view: View,
  viewport: PageSize,
  page: PageSize,
  turn: Rotation,
  margin = FIT_MARGIN,
): View {
  const d = displaySize(page, turn);
  const clamp1 = (pan: number, size: number, room: number): number => {
    const a = margin;
    const b = room - margin - size;
    return Math.min(Math.max(a, b), Math.max(Math.min(a, b), pan));
  };
  return {
    zoom: view.zoom,
    panX: clamp1(view.panX, d.width * view.zoom, viewport.width),
    panY: clamp1(view.panY, d.height * view.zoom, viewport.height),
  };
}

/**
 * The view moved as little as needed for `box` to be visible with `margin` around it; centred on it when it is
 * off screen or larger than the viewport.
 */
export function revealBox(
  view: View,
  viewport: PageSize,
  page: PageSize,
  turn: Rotation,
  box: Box,
  margin = 48,
): View {
  const r = boxToScreen(box, page, turn, view);
  const inside =
    r.left >= margin &&
    r.top >= margin &&
    r.left + r.width <= viewport.width - margin &&
    r.top + r.height <= viewport.height - margin;
  if (inside) return view;
  const cx = r.left + r.width / 2;
  const cy = r.top + r.height / 2;
  return {
    zoom: view.zoom,
    panX: view.panX + viewport.width / 2 - cx,
    panY: view.panY + viewport.height / 2 - cy,
  };
}

/**
 * Where a word's quad sits in page space as CSS would place it: top-left corner, width along the text, height
 * across it, and the text's angle. Quads are clockwise from the text's top-left (src-shared/ocr-result.ts).
 */
export function quadFrame(q: Quad): {
  left: number;
  top: number;
  width: number;
  height: number;
  angle: number;
} {
  const [p0, p1, , p3] = q;
  const angle = Math.atan2(p1[1] - p0[1], p1[0] - p0[0]);
  return {
    left: p0[0],
    top: p0[1],
    width: Math.hypot(p1[0] - p0[0], p1[1] - p0[1]),
    height: Math.hypot(p3[0] - p0[0], p3[1] - p0[1]),
    angle,
  };
}

/** Whether point p lies inside the convex quad (either winding), with `tolerance` page pixels of slack. */
export function pointInQuad(p: Point, q: Quad, tolerance = 0): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const a = q[i]!;
    const b = q[(i + 1) % 4]!;
    const ex = b[0] - a[0];
    const ey = b[1] - a[1];
    const len = Math.hypot(ex, ey) || 1;
    // Signed distance of p from edge a->b.
    const dist = (ex * (p[1] - a[1]) - ey * (p[0] - a[0])) / len;
    if (Math.abs(dist) <= tolerance) continue;
    const s = Math.sign(dist);
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}

function quadArea(q: Quad): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    const a = q[i]!;
    const b = q[(i + 1) % 4]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(s) / 2;
}

/** Index of the word under page point p: the smallest quad that contains it; -1 for none. */
export function hitTest(words: readonly { readonly quad: Quad }[], p: Point, tolerance = 0): number {
  let best = -1;
  let bestArea = Infinity;
  words.forEach((w, i) => {
    if (!pointInQuad(p, w.quad, tolerance)) return;
    const area = quadArea(w.quad);
    if (area < bestArea) {
      best = i;
      bestArea = area;
    }
  });
  return best;
}

export function boxesIntersect(a: Box, b: Box): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/** The image width worth fetching for the page at this zoom (device pixels), in steps so zooming refetches rarely. */
export function imageWidthFor(page: PageSize, zoom: number, devicePixelRatio: number): number | undefined {
  const need = page.width * zoom * devicePixelRatio;
  const step = [800, 1200, 1600, 2400, 3200].find((s) => s >= need);
  return step === undefined || step >= page.width ? undefined : step;
}

/** The page at `zoom`, centred across and with its top at the margin (a new page at the zoom the user chose). */
export function topOfPage(
  viewport: PageSize,
  page: PageSize,
  turn: Rotation,
  zoom: number,
  margin = FIT_MARGIN,
): View {
  const d = displaySize(page, turn);
  return { zoom, panX: (viewport.width - d.width * zoom) / 2, panY: margin };
}
