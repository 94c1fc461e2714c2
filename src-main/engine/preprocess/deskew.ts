// Straighten a tilted page: turn it about its centre so its text lines run level, keeping the page size (the
// corners that turn out of the frame are lost, the ones that turn in are filled white), as scanners' own deskew
// and Leptonica's pixDeskew do.
import type { Point } from '../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../documents/raster.ts';

/**
 * Map between the tilted page and the straightened one. `skewDegrees` is the lines' clockwise tilt; the page is
 * turned counter-clockwise by it.
 */
export interface SkewTransform {
  /** A point of the original page → the same point on the straightened page. */
  toStraight(p: Point): Point;
  /** A point of the straightened page (an OCR box) → where it lies on the original page. */
  toOriginal(p: Point): Point;
}

export function skewTransform(skewDegrees: number, width: number, height: number): SkewTransform {
  const t = (skewDegrees * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const cx = width / 2;
  const cy = height / 2;
  return {
    toStraight: ([x, y]) => [cx + c * (x - cx) + s * (y - cy), cy - s * (x - cx) + c * (y - cy)],
    toOriginal: ([x, y]) => [cx + c * (x - cx) - s * (y - cy), cy + s * (x - cx) + c * (y - cy)],
  };
}

/** Source coordinates are walked in 16.16 fixed point: exact enough over a page (drift < 0.05 px) and all-integer. */
const ONE = 65536;

/**
 * Turn the page counter-clockwise by `skewDegrees` with bilinear sampling; what falls outside the original is
 * white. Grey pages (most scans: R = G = B everywhere) are turned as one channel, a third of the work, with the
 * same result.
 */
export function straighten(image: RasterImage, skewDegrees: number): RasterImage {
  const { width: w, height: h, data } = image;
  const plane = neutralPlane(data, w * h);
  const out = plane ? turnPixels(plane, w, h, 1, skewDegrees) : turnPixels(data, w, h, 3, skewDegrees);
  return { width: w, height: h, channels: 3, data: out };
}

/** The single channel of a page whose pixels all have R = G = B, or undefined at the first one that does not. */
function neutralPlane(d: Uint8Array, n: number): Uint8Array | undefined {
  const plane = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const v = d[j]!;
    if (v !== d[j + 1] || v !== d[j + 2]) return undefined;
    plane[i] = v;
  }
  return plane;
}

/**
 * The rotation itself, from 1- or 3-channel pixels to RGB. Each output row walks the source along a straight
 * line; the stretch of the row whose four taps all lie inside the page runs without bounds tests in integer
 * arithmetic.
 */
function turnPixels(src: Uint8Array, w: number, h: number, ch: 1 | 3, skewDegrees: number): Uint8Array {
  const out = new Uint8Array(w * h * 3);
  const t = (skewDegrees * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const cx = w / 2;
  const cy = h / 2;
  const stride = w * ch;
  const dc = Math.round(c * ONE);
  const ds = Math.round(s * ONE);
  for (let y = 0; y < h; y++) {
    // Source position (in pixel-centre units) of output pixel (0, y); it moves by (c, s) per output pixel.
    const dy = y + 0.5 - cy;
    const dx0 = 0.5 - cx;
    const sx0 = cx + c * dx0 - s * dy - 0.5;
    const sy0 = cy + s * dx0 + c * dy - 0.5;
    // Output columns whose taps are all inside: 0 <= sx < w - 1 and 0 <= sy < h - 1, shrunk by a pixel for
    // the fixed-point drift.
    let xa = 0;
    let xb = w;
    const clip = (start: number, step: number, hi: number): void => {
      if (Math.abs(step) < 1e-12) {
        if (start < 0 || start >= hi) xb = xa;
        return;
      }
      const e0 = (0 - start) / step;
      const e1 = (hi - start) / step;
      xa = Math.max(xa, Math.ceil(Math.min(e0, e1)) + 1);
      xb = Math.min(xb, Math.floor(Math.max(e0, e1)) - 1);
    };
    clip(sx0, c, w - 1);
    clip(sy0, s, h - 1);
    if (xb < xa) xb = xa = Math.min(w, Math.max(0, xa));
    for (let x = 0; x < xa; x++) edgeSample(src, w, h, ch, sx0 + c * x, sy0 + s * x, out, (y * w + x) * 3);
    let fx = Math.round((sx0 + c * xa) * ONE);
    let fy = Math.round((sy0 + s * xa) * ONE);
    let o = (y * w + xa) * 3;
    if (ch === 1) {
      for (let x = xa; x < xb; x++, fx += dc, fy += ds, o += 3) {
        const ax = (fx >> 8) & 255;
        const ay = (fy >> 8) & 255;
        const i00 = (fy >> 16) * stride + (fx >> 16);
        const i01 = i00 + stride;
        const top = src[i00]! * (256 - ax) + src[i00 + 1]! * ax;
        const bot = src[i01]! * (256 - ax) + src[i01 + 1]! * ax;
        out[o] = out[o + 1] = out[o + 2] = (top * (256 - ay) + bot * ay + 32768) >> 16;
      }
    } else {
      for (let x = xa; x < xb; x++, fx += dc, fy += ds, o += 3) {
        const ax = (fx >> 8) & 255;
        const ay = (fy >> 8) & 255;
        const i00 = (fy >> 16) * stride + (fx >> 16) * 3;
        const i01 = i00 + stride;
        const bx = 256 - ax;
        const by = 256 - ay;
        const r0 = src[i00]! * bx + src[i00 + 3]! * ax;
        const r1 = src[i01]! * bx + src[i01 + 3]! * ax;
        const g0 = src[i00 + 1]! * bx + src[i00 + 4]! * ax;
        const g1 = src[i01 + 1]! * bx + src[i01 + 4]! * ax;
        const b0 = src[i00 + 2]! * bx + src[i00 + 5]! * ax;
        const b1 = src[i01 + 2]! * bx + src[i01 + 5]! * ax;
        out[o] = (r0 * by + r1 * ay + 32768) >> 16;
        out[o + 1] = (g0 * by + g1 * ay + 32768) >> 16;
        out[o + 2] = (b0 * by + b1 * ay + 32768) >> 16;
      }
    }
    for (let x = Math.max(xa, xb); x < w; x++) {
      edgeSample(src, w, h, ch, sx0 + c * x, sy0 + s * x, out, (y * w + x) * 3);
    }
  }
  return out;
}

/** Bilinear sample near or beyond the page's edge into RGB `out`: taps outside the page read as white. */
function edgeSample(
  src: Uint8Array,
  w: number,
  h: number,
  ch: 1 | 3,
  sx: number,
  sy: number,
  out: Uint8Array,
  o: number,
): void {
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) {
    out[o] = out[o + 1] = out[o + 2] = 255;
    return;
  }
  const fx = sx - x0;
  const fy = sy - y0;
  for (let k = 0; k < 3; k++) {
    const kk = ch === 1 ? 0 : k;
    const tap = (xx: number, yy: number): number =>
      xx >= 0 && yy >= 0 && xx < w && yy < h ? src[(yy * w + xx) * ch + kk]! : 255;
    out[o + k] =
      (1 - fx) * (1 - fy) * tap(x0, y0) +
      fx * (1 - fy) * tap(x0 + 1, y0) +
      (1 - fx) * fy * tap(x0, y0 + 1) +
      fx * fy * tap(x0 + 1, y0 + 1) +
      0.5;
  }
}
