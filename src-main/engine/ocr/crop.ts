// Cut text lines out of the page as straight strips of a fixed height, sampling the page directly through
// the line's quad (no full-resolution intermediate crop).
import type { Quad } from '../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../documents/raster.ts';
import { distance, quadPoint } from './geometry.ts';

/**
 * The quad with its corners in reading order (top-left of the text first). Boxes much taller than wide are
 * taken as vertical text read top to bottom (PaddleOCR rotates such crops by 90°).
 */
export function textQuad(q: Quad): Quad {
  const w = Math.max(distance(q[0], q[1]), distance(q[3], q[2]));
  const h = Math.max(distance(q[0], q[3]), distance(q[1], q[2]));
  if (h >= 1.5 * w) return [q[1], q[2], q[3], q[0]];
  return q;
}

export function quadSize(q: Quad): { width: number; height: number } {
  return {
    width: Math.max(distance(q[0], q[1]), distance(q[3], q[2])),
    height: Math.max(distance(q[0], q[3]), distance(q[1], q[2])),
  };
}

/** Width a strip of `height` pixels needs to keep the quad's aspect ratio. */
export function stripWidth(q: Quad, height: number, maxWidth: number): number {
  const s = quadSize(q);
  return Math.max(1, Math.min(maxWidth, Math.round((height * s.width) / Math.max(s.height, 1))));
}

/**
 * Sample the quad into a width×height RGB strip. When shrinking, several samples per output pixel are averaged
 * so thin strokes of large text do not alias away.
 */
export function cropStrip(page: RasterImage, q: Quad, width: number, height: number): RasterImage {
  const out = new Uint8Array(width * height * 3);
  const s = quadSize(q);
  const factor = Math.max(s.width / width, s.height / height);
  const n = Math.min(4, Math.max(1, Math.ceil(factor - 0.25)));
  const { data, width: pw, height: ph } = page;
  const sample = [0, 0, 0];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      sample[0] = sample[1] = sample[2] = 0;
      for (let sy = 0; sy < n; sy++) {
        const v = (y + (sy + 0.5) / n) / height;
        for (let sx = 0; sx < n; sx++) {
          const u = (x + (sx + 0.5) / n) / width;
          const [fx, fy] = quadPoint(q, u, v);
          bilinear(data, pw, ph, fx - 0.5, fy - 0.5, sample);
        }
      }
      const o = (y * width + x) * 3;
      const inv = 1 / (n * n);
      out[o] = sample[0] * inv + 0.5;
      out[o + 1] = sample[1] * inv + 0.5;
      out[o + 2] = sample[2] * inv + 0.5;
    }
  }
  return { width, height, channels: 3, data: out };
}

/** Adds the bilinear sample at (x, y) to acc; outside the page counts as replicated border. */
function bilinear(data: Uint8Array, w: number, h: number, x: number, y: number, acc: number[]): void {
  const cx = x < 0 ? 0 : x > w - 1 ? w - 1 : x;
  const cy = y < 0 ? 0 : y > h - 1 ? h - 1 : y;
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = x0 + 1 < w ? x0 + 1 : x0;
  const y1 = y0 + 1 < h ? y0 + 1 : y0;
  const ax = cx - x0;
  const ay = cy - y0;
  const i00 = (y0 * w + x0) * 3;
  const i10 = (y0 * w + x1) * 3;
  const i01 = (y1 * w + x0) * 3;
  const i11 = (y1 * w + x1) * 3;
  for (let c = 0; c < 3; c++) {
    const top = data[i00 + c]! + (data[i10 + c]! - data[i00 + c]!) * ax;
    const bot = data[i01 + c]! + (data[i11 + c]! - data[i01 + c]!) * ax;
    acc[c]! += top + (bot - top) * ay;
  }
}

/** Rotate a strip by 180° (for lines the orientation classifier finds upside down). */
export function rotateStrip180(img: RasterImage): RasterImage {
  const n = img.width * img.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const j = (n - 1 - i) * 3;
    out[i * 3] = img.data[j]!;
    out[i * 3 + 1] = img.data[j + 1]!;
    out[i * 3 + 2] = img.data[j + 2]!;
  }
  return { ...img, data: out };
}

/**
 * The strip at `height` pixels high and at most `maxWidth` wide, aspect kept unless it must be squeezed into
 * the width (PaddleOCR's classifier input). Area-averaged, so squeezed strokes blend rather than vanish.
 */
export function fitStrip(img: RasterImage, maxWidth: number, height: number): RasterImage {
  const width = Math.max(1, Math.min(maxWidth, Math.round((img.width * height) / img.height)));
  if (width === img.width && height === img.height) return img;
  const cols = areaWeights(img.width, width);
  const rows = areaWeights(img.height, height);
  const out = new Uint8Array(width * height * 3);
  const acc = new Float64Array(3);
  for (let y = 0; y < height; y++) {
    const ry = rows[y]!;
    for (let x = 0; x < width; x++) {
      const cx = cols[x]!;
      acc.fill(0);
      for (let j = 0; j < ry.index.length; j++) {
        const rowBase = ry.index[j]! * img.width;
        for (let i = 0; i < cx.index.length; i++) {
          const wgt = ry.weight[j]! * cx.weight[i]!;
          const s = (rowBase + cx.index[i]!) * 3;
          acc[0]! += img.data[s]! * wgt;
          acc[1]! += img.data[s + 1]! * wgt;
          acc[2]! += img.data[s + 2]! * wgt;
        }
      }
      const o = (y * width + x) * 3;
      out[o] = acc[0]! + 0.5;
      out[o + 1] = acc[1]! + 0.5;
      out[o + 2] = acc[2]! + 0.5;
    }
  }
  return { width, height, channels: 3, data: out };
}

/** For each output pixel, the source pixels it covers and their weights (summing to 1). */
function areaWeights(from: number, to: number): Array<{ index: number[]; weight: number[] }> {
  const scale = from / to;
  return Array.from({ length: to }, (_, x) => {
    // Upscaling covers less than a source pixel: take the one under the output pixel's centre.
    if (scale <= 1) return { index: [Math.min(from - 1, Math.floor((x + 0.5) * scale))], weight: [1] };
    const a = x * scale;
    const b = a + scale;
    const index: number[] = [];
    const weight: number[] = [];
    for (let s = Math.floor(a); s < Math.min(from, Math.ceil(b)); s++) {
      index.push(s);
      weight.push((Math.min(b, s + 1) - Math.max(a, s)) / scale);
    }
    return { index, weight };
  });
}
