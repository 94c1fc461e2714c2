// DB (Differentiable Binarization) post-processing, after PaddleOCR's DBPostProcess
// (ppocr/postprocess/db_postprocess.py): threshold the probability map, take connected regions, fit a
// minimum-area rectangle, score it on the map, grow it back ("unclip") and map it to page pixels.
import type { Point, Quad } from '../../../src-shared/ocr-result.ts';
import { growRect, minAreaRect, orderQuad, rectCorners } from './geometry.ts';

export interface DbParams {
  /** Probability above which a map pixel counts as text. PaddleOCR: det_db_thresh 0.3. */
  readonly threshold: number;
  /** Minimum mean probability inside a box. PaddleOCR: det_db_box_thresh 0.6. */
  readonly boxThreshold: number;
  /**
   * How far a shrunk text kernel is grown back. PaddleOCR: det_db_unclip_ratio 1.5; 1.8 measured better on the dev
   * set (ascenders, descenders and edge strokes of noisy scans stay inside the crop: FUNSD word-box recall
   * +0.006, SROIE bag-of-words +0.019; 2.0 let neighbouring lines in).
   */
  readonly unclipRatio: number;
  readonly maxCandidates: number;
  /** Smallest side (map pixels) a kernel may have. PaddleOCR: min_size 3. */
  readonly minSize: number;
}

export const DEFAULT_DB_PARAMS: DbParams = {
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.8,
  maxCandidates: 1000,
  minSize: 3,
};

export interface DetectedBox {
  /** Corners in page pixels: top-left, top-right, bottom-right, bottom-left. */
  readonly quad: Quad;
  readonly score: number;
}

/**
 * @param prob  probability map, row-major mapWidth×mapHeight
 * @param scaleX page pixels per map pixel horizontally (and scaleY vertically)
 */
export function boxesFromProbabilityMap(
  prob: Float32Array,
  mapWidth: number,
  mapHeight: number,
  scaleX: number,
  scaleY: number,
  pageWidth: number,
  pageHeight: number,
  params: DbParams = DEFAULT_DB_PARAMS,
): DetectedBox[] {
  const regions = textRegions(prob, mapWidth, mapHeight, params.threshold);
  // Largest regions first, as findContours + max_candidates would keep them.
  regions.sort((a, b) => b.length - a.length);
  const out: DetectedBox[] = [];
  for (const boundary of regions.slice(0, params.maxCandidates)) {
    const rect = minAreaRect(boundary);
    if (Math.min(rect.width, rect.height) < params.minSize) continue;
    const score = meanInsideQuad(prob, mapWidth, mapHeight, rectCorners(rect));
    if (score < params.boxThreshold) continue;
    const perimeter = 2 * (rect.width + rect.height);
    const grown = growRect(rect, (rect.width * rect.height * params.unclipRatio) / perimeter);
    if (Math.min(grown.width, grown.height) < params.minSize + 2) continue;
    const corners = rectCorners(grown).map((p): Point => [
      clamp(p[0] * scaleX, 0, pageWidth),
      clamp(p[1] * scaleY, 0, pageHeight),
    ]);
    out.push({ quad: orderQuad(corners), score });
  }
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * Connected regions (8-connectivity) of map pixels above `threshold`; each region is returned as the centres of
 * its boundary pixels, which have the same convex hull as the whole region.
 */
export function textRegions(prob: Float32Array, w: number, h: number, threshold: number): Point[][] {
  const n = w * h;
  const on = new Uint8Array(n);
  for (let i = 0; i < n; i++) on[i] = prob[i]! > threshold ? 1 : 0;
  const seen = new Uint8Array(n);
  const stack = new Int32Array(n);
  const regions: Point[][] = [];
  for (let start = 0; start < n; start++) {
    if (!on[start] || seen[start]) continue;
    const boundary: Point[] = [];
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % w;
      const y = (i - x) / w;
      const isBoundary =
        x === 0 ||
        y === 0 ||
        x === w - 1 ||
        y === h - 1 ||
        !on[i - 1] ||
        !on[i + 1] ||
        !on[i - w] ||
        !on[i + w];
      if (isBoundary) boundary.push([x, y]);
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= w) continue;
          const j = ny * w + nx;
          if (on[j] && !seen[j]) {
            seen[j] = 1;
            stack[top++] = j;
          }
        }
      }
    }
    regions.push(boundary);
  }
  return regions;
}

/** Mean map value over the pixels inside a convex quad (PaddleOCR's box_score_fast). */
export function meanInsideQuad(prob: Float32Array, w: number, h: number, corners: readonly Point[]): number {
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  const x0 = clamp(Math.floor(Math.min(...xs)), 0, w - 1);
  const x1 = clamp(Math.ceil(Math.max(...xs)), 0, w - 1);
  const y0 = clamp(Math.floor(Math.min(...ys)), 0, h - 1);
  const y1 = clamp(Math.ceil(Math.max(...ys)), 0, h - 1);
  let sum = 0;
  let count = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (insideConvex(corners, x, y)) {
        sum += prob[y * w + x]!;
        count++;
      }
    }
  }
  return count > 0 ? sum / count : 0;
}

function insideConvex(c: readonly Point[], x: number, y: number): boolean {
  let sign = 0;
  for (let i = 0; i < c.length; i++) {
    const a = c[i]!;
    const b = c[(i + 1) % c.length]!;
    const cross = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
    if (Math.abs(cross) < 1e-6) continue;
    const s = cross > 0 ? 1 : -1;
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}
