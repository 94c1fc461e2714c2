// Despeckle: drop small isolated blobs of ink (dust, scanner noise) while keeping the small marks that belong
// to text. Size alone cannot tell them apart (a period in 8 pt type at 300 dpi is ~3×4 px, as big as most
// dust), so a small blob is removed only when no larger ink lies near it and it is not part of a run of small
// marks (dot leaders, ellipses).
import type { RasterImage } from '../documents/raster.ts';
import { inkComponents, type InkComponents } from './ink-components.ts';

export interface DespeckleParams {
  /** Blobs with at most this many pixels (and no side longer than `maxSide`) are candidates. */
  readonly maxArea: number;
  readonly maxSide: number;
  /** A candidate with a larger blob within this many pixels belongs to text (an 'i' dot, a period). */
  readonly isolation: number;
  /** A candidate with at least this many other candidates within `isolation` is a dotted line, kept. */
  readonly clusterNeighbours: number;
}

/** At 300 dpi: blobs up to ~0.5 mm across, isolated by ~2 mm (spaced dot leaders in 10 pt type are ~1.8 mm apart). */
export const DEFAULT_DESPECKLE: DespeckleParams = {
  maxArea: 30,
  maxSide: 7,
  isolation: 25,
  clusterNeighbours: 2,
};

export function despeckleParamsForDpi(dpi: number | undefined): DespeckleParams {
  const s = (dpi ?? 300) / 300;
  return {
    maxArea: Math.max(1, Math.round(DEFAULT_DESPECKLE.maxArea * s * s)),
    maxSide: Math.max(1, Math.round(DEFAULT_DESPECKLE.maxSide * s)),
    isolation: Math.max(2, Math.round(DEFAULT_DESPECKLE.isolation * s)),
    clusterNeighbours: DEFAULT_DESPECKLE.clusterNeighbours,
  };
}

/** Cell side of the occupancy grids used for neighbourhood look-ups. */
const CELL = 4;

/** Which components of the mask are specks (1) and which are kept (0). */
export function findSpecks(
  comps: InkComponents,
  width: number,
  height: number,
  params: DespeckleParams = DEFAULT_DESPECKLE,
): Uint8Array {
  const { count, area, x0, y0, x1, y1 } = comps;
  const candidate = new Uint8Array(count);
  for (let c = 0; c < count; c++) {
    if (
      area[c]! <= params.maxArea &&
      x1[c]! - x0[c]! <= params.maxSide &&
      y1[c]! - y0[c]! <= params.maxSide
    ) {
      candidate[c] = 1;
    }
  }
  const gw = Math.ceil(width / CELL);
  const gh = Math.ceil(height / CELL);
  // Cells touched by larger ink, and how many candidates have their centre in each cell.
  const solid = new Uint8Array(gw * gh);
  const centres = new Uint16Array(gw * gh);
  for (let i = 0; i < comps.runCount; i++) {
    if (candidate[comps.runComponent[i]!] === 1) continue;
    const row = ((comps.runY[i]! / CELL) | 0) * gw;
    const ca = (comps.runX0[i]! / CELL) | 0;
    const cb = ((comps.runX1[i]! - 1) / CELL) | 0;
    for (let cx = ca; cx <= cb; cx++) solid[row + cx] = 1;
  }
  const cellOf = (c: number): number =>
    (((y0[c]! + y1[c]!) / 2 / CELL) | 0) * gw + (((x0[c]! + x1[c]!) / 2 / CELL) | 0);
  for (let c = 0; c < count; c++) {
    if (candidate[c] === 1) {
      const k = cellOf(c);
      if (centres[k]! < 65535) centres[k]!++;
    }
  }
  const specks = new Uint8Array(count);
  const reach = params.isolation;
  for (let c = 0; c < count; c++) {
    if (candidate[c] !== 1) continue;
    const ga = Math.max(0, ((x0[c]! - reach) / CELL) | 0);
    const gb = Math.min(gw - 1, ((x1[c]! - 1 + reach) / CELL) | 0);
    const ha = Math.max(0, ((y0[c]! - reach) / CELL) | 0);
    const hb = Math.min(gh - 1, ((y1[c]! - 1 + reach) / CELL) | 0);
    let nearSolid = false;
    let neighbours = -1; // itself
    for (let gy = ha; gy <= hb && !nearSolid; gy++) {
      for (let gx = ga; gx <= gb; gx++) {
        const k = gy * gw + gx;
        if (solid[k] === 1) {
          nearSolid = true;
          break;
        }
        neighbours += centres[k]!;
      }
    }
    if (!nearSolid && neighbours < params.clusterNeighbours) specks[c] = 1;
  }
  return specks;
}

export interface DespeckleResult {
  /** The page with specks painted over in the colour around them. */
  readonly image: RasterImage;
  /** The ink mask with the specks cleared. */
  readonly mask: Uint8Array;
  readonly removed: number;
}

/**
 * Remove specks from a page given its ink mask (see binarize.ts). Each speck is painted with the mean colour of
 * the background pixels just around it, so greyscale and colour pages keep their paper tone.
 */
export function despeckle(
  image: RasterImage,
  mask: Uint8Array,
  params: DespeckleParams = DEFAULT_DESPECKLE,
): DespeckleResult {
  const { width: w, height: h } = image;
  const comps = inkComponents(mask, w, h);
  const specks = findSpecks(comps, w, h, params);
  const fill = new Uint8Array(comps.count * 3);
  let removed = 0;
  const src = image.data;
  for (let c = 0; c < comps.count; c++) {
    if (specks[c] !== 1) continue;
    removed++;
    // Mean of the background pixels in the speck's box grown by one pixel (a few dozen pixels at most).
    const xa = Math.max(0, comps.x0[c]! - 1);
    const xb = Math.min(w, comps.x1[c]! + 1);
    const ya = Math.max(0, comps.y0[c]! - 1);
    const yb = Math.min(h, comps.y1[c]! + 1);
    let r = 0;
    let g = 0;
    let b = 0;
    let n = 0;
    for (let y = ya; y < yb; y++) {
      for (let x = xa; x < xb; x++) {
        const i = y * w + x;
        if (mask[i] === 1) continue;
        r += src[i * 3]!;
        g += src[i * 3 + 1]!;
        b += src[i * 3 + 2]!;
        n++;
      }
    }
    fill[c * 3] = n > 0 ? Math.round(r / n) : 255;
    fill[c * 3 + 1] = n > 0 ? Math.round(g / n) : 255;
    fill[c * 3 + 2] = n > 0 ? Math.round(b / n) : 255;
  }
  if (removed === 0) return { image, mask, removed };
  const data = new Uint8Array(src);
  const cleaned = new Uint8Array(mask);
  for (let i = 0; i < comps.runCount; i++) {
    const c = comps.runComponent[i]!;
    if (specks[c] !== 1) continue;
    const o = comps.runY[i]! * w;
    for (let x = comps.runX0[i]!; x < comps.runX1[i]!; x++) {
      cleaned[o + x] = 0;
      data[(o + x) * 3] = fill[c * 3]!;
      data[(o + x) * 3 + 1] = fill[c * 3 + 1]!;
      data[(o + x) * 3 + 2] = fill[c * 3 + 2]!;
    }
  }
  return { image: { width: w, height: h, channels: 3, data }, mask: cleaned, removed };
}

/** The mask with specks cleared, without touching any image (for measurements such as the ink ratio). */
export function removeSpecksFromMask(
  mask: Uint8Array,
  width: number,
  height: number,
  params: DespeckleParams = DEFAULT_DESPECKLE,
): { mask: Uint8Array; removed: number } {
  const comps = inkComponents(mask, width, height);
  const specks = findSpecks(comps, width, height, params);
  const cleaned = new Uint8Array(mask);
  let removed = 0;
  for (let c = 0; c < comps.count; c++) removed += specks[c]!;
  for (let i = 0; i < comps.runCount; i++) {
    if (specks[comps.runComponent[i]!] !== 1) continue;
    cleaned.fill(0, comps.runY[i]! * width + comps.runX0[i]!, comps.runY[i]! * width + comps.runX1[i]!);
  }
  return { mask: cleaned, removed };
}
