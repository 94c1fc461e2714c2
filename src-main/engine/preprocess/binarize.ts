// Adaptive (Sauvola) binarisation: each pixel is compared with a threshold from the mean and spread of its
// neighbourhood, so shadows, stains and uneven lighting do not turn into ink.
import type { RasterImage } from '../documents/raster.ts';
import { greyPlane, type GreyPlane } from './grey-plane.ts';

export interface SauvolaParams {
  /** Side of the square neighbourhood in pixels (odd). ~31 suits 300 dpi text. */
  readonly window: number;
  /** Sauvola's k: higher gives thinner strokes and less background noise. */
  readonly k: number;
  /** Dynamic range of the standard deviation (128 for 8-bit, as in Sauvola & Pietikäinen 2000). */
  readonly range: number;
  /**
   * Pixels at or below this level are ink whatever their neighbourhood: inside strokes wider than the window the
   * spread is zero and plain Sauvola would hollow them out.
   */
  readonly darkFloor: number;
}

export const DEFAULT_SAUVOLA: SauvolaParams = { window: 31, k: 0.3, range: 128, darkFloor: 40 };

/** Sauvola's window scaled from its 300 dpi value, kept odd and at least 7. */
export function sauvolaWindowForDpi(dpi: number | undefined): number {
  const w = Math.round((DEFAULT_SAUVOLA.window * (dpi ?? 300)) / 300);
  return Math.max(7, w | 1);
}

/**
 * Ink mask (1 = ink, 0 = background) of a grey plane. Window sums are kept as running column sums updated row by
 * row, which is O(1) per pixel like an integral image but needs memory for one row instead of two full-page
 * 64-bit tables.
 */
export function sauvolaMask(grey: GreyPlane, params: Partial<SauvolaParams> = {}): Uint8Array {
  const p = { ...DEFAULT_SAUVOLA, ...params };
  const { width: w, height: h, data: g } = grey;
  const r = Math.max(1, Math.floor(p.window / 2));
  // Column sums of squares over a window of up to 33 000 rows fit 32-bit integers (255² · 33 000 < 2³¹).
  const colSum = new Int32Array(w);
  const colSq = new Int32Array(w);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < Math.min(r, h); y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const v = g[o + x]!;
      colSum[x]! += v;
      colSq[x]! += v * v;
    }
  }
  const kr = p.k / p.range;
  const k1 = 1 - p.k;
  const floor = p.darkFloor;
  for (let y = 0; y < h; y++) {
    // Slide the column sums down one row: add row y + r, drop row y − r − 1.
    const add = y + r < h ? (y + r) * w : -1;
    const drop = y - r - 1 >= 0 ? (y - r - 1) * w : -1;
    if (add >= 0 && drop >= 0) {
      for (let x = 0; x < w; x++) {
        const a = g[add + x]!;
        const d = g[drop + x]!;
        colSum[x]! += a - d;
        colSq[x]! += a * a - d * d;
      }
    } else if (add >= 0 || drop >= 0) {
      const o = add >= 0 ? add : drop;
      const sign = add >= 0 ? 1 : -1;
      for (let x = 0; x < w; x++) {
        const v = g[o + x]!;
        colSum[x]! += sign * v;
        colSq[x]! += sign * v * v;
      }
    }
    const rows = Math.min(h - 1, y + r) - Math.max(0, y - r) + 1;
    const o = y * w;
    let s = 0;
    let sq = 0;
    for (let x = 0; x < Math.min(r, w); x++) {
      s += colSum[x]!;
      sq += colSq[x]!;
    }
    for (let x = 0; x < w; x++) {
      if (x + r < w) {
        s += colSum[x + r]!;
        sq += colSq[x + r]!;
      }
      if (x > r) {
        s -= colSum[x - r - 1]!;
        sq -= colSq[x - r - 1]!;
      }
      const v = g[o + x]!;
      if (v <= floor) {
        out[o + x] = 1;
        continue;
      }
      const n =
        x >= r && x + r < w ? rows * (2 * r + 1) : rows * (Math.min(w - 1, x + r) - Math.max(0, x - r) + 1);
      const mean = s / n;
      // The threshold m·(1 − k + k·sd/R) never exceeds m (sd < R for 8-bit data): pixels at or above their
      // neighbourhood's mean, most of a page, are background without further work.
      if (v >= mean) continue;
      // Ink when v < m·(1 − k + k·sd/R). With d = v − m·(1 − k): ink if d < 0, else if d² < (m·k/R)²·variance,
      // which spares a square root.
      const d = v - mean * k1;
      if (d < 0) {
        out[o + x] = 1;
        continue;
      }
      const variance = sq / n - mean * mean;
      const a = mean * kr;
      if (d * d < a * a * variance) out[o + x] = 1;
    }
  }
  return out;
}

/** An ink mask drawn as a page: ink black, the rest white, still interleaved RGB. */
export function maskToRaster(mask: Uint8Array, width: number, height: number): RasterImage {
  const data = new Uint8Array(width * height * 3).fill(255);
  for (let i = 0, j = 0; i < mask.length; i++, j += 3) {
    if (mask[i] === 1) data[j] = data[j + 1] = data[j + 2] = 0;
  }
  return { width, height, channels: 3, data };
}

/** Binarise a page with Sauvola's threshold; the result is still an RGB raster (0 or 255 in every channel). */
export function binarize(image: RasterImage, params: Partial<SauvolaParams> = {}): RasterImage {
  return maskToRaster(sauvolaMask(greyPlane(image), params), image.width, image.height);
}
