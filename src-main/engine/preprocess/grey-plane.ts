// Single-channel views of a page, the form every preprocessing measurement works on.
import type { RasterImage } from '../documents/raster.ts';

/** A row-major 8-bit single-channel image. */
export interface GreyPlane {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Luma (ITU-R BT.601 weights, the ones libvips and Leptonica use for RGB → grey) in 8-bit fixed point. */
export function greyPlane(image: RasterImage): GreyPlane {
  const { width, height, data } = image;
  const n = width * height;
  const out = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    out[i] = (77 * data[j]! + 150 * data[j + 1]! + 29 * data[j + 2]! + 128) >> 8;
  }
  return { width, height, data: out };
}

/**
 * Luma averaged over factor×factor blocks (partial blocks at the right and bottom edges dropped): a cheap,
 * alias-free reduction for measurements that do not need full resolution.
 */
export function greyDownscale(image: RasterImage, factor: number): GreyPlane {
  const f = Math.max(1, Math.floor(factor));
  if (f === 1) return greyPlane(image);
  if (f === 2 && image.width >= 2 && image.height >= 2) return greyHalf(image);
  const width = Math.max(1, Math.floor(image.width / f));
  const height = Math.max(1, Math.floor(image.height / f));
  const src = image.data;
  const rowSums = new Uint32Array(width);
  const out = new Uint8Array(width * height);
  const area = f * f;
  const fw = Math.min(f, image.width);
  const fh = Math.min(f, image.height);
  for (let y = 0; y < height; y++) {
    rowSums.fill(0);
    for (let dy = 0; dy < fh; dy++) {
      let j = (y * f + dy) * image.width * 3;
      for (let x = 0; x < width; x++) {
        let s = 0;
        for (let dx = 0; dx < fw; dx++, j += 3) s += 77 * src[j]! + 150 * src[j + 1]! + 29 * src[j + 2]!;
        rowSums[x]! += s;
        j += (f - fw) * 3;
      }
    }
    const div = 256 * Math.min(area, fw * fh);
    for (let x = 0; x < width; x++) out[y * width + x] = Math.round(rowSums[x]! / div);
  }
  return { width, height, data: out };
}

/** greyDownscale by 2, the common case, unrolled. */
function greyHalf(image: RasterImage): GreyPlane {
  const width = image.width >> 1;
  const height = image.height >> 1;
  const src = image.data;
  const stride = image.width * 3;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    let i = 2 * y * stride;
    let o = y * width;
    for (let x = 0; x < width; x++, i += 6, o++) {
      const j = i + stride;
      const r = src[i]! + src[i + 3]! + src[j]! + src[j + 3]!;
      const g = src[i + 1]! + src[i + 4]! + src[j + 1]! + src[j + 4]!;
      const b = src[i + 2]! + src[i + 5]! + src[j + 2]! + src[j + 5]!;
      out[o] = (77 * r + 150 * g + 29 * b + 512) >> 10;
    }
  }
  return { width, height, data: out };
}

/** Halve a grey plane by averaging 2×2 blocks (odd last row/column dropped). */
export function halveGrey(plane: GreyPlane): GreyPlane {
  const width = Math.max(1, plane.width >> 1);
  const height = Math.max(1, plane.height >> 1);
  if (plane.width < 2 || plane.height < 2) return plane;
  const src = plane.data;
  const w = plane.width;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    let i = 2 * y * w;
    let o = y * width;
    for (let x = 0; x < width; x++, i += 2, o++) {
      out[o] = (src[i]! + src[i + 1]! + src[i + w]! + src[i + w + 1]! + 2) >> 2;
    }
  }
  return { width, height, data: out };
}
