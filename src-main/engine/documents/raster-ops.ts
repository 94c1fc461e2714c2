// Whole-image operations on decoded pages, done by libvips (SIMD, off the JS thread).
import sharp, { type Sharp } from 'sharp';
import type { RasterImage } from './raster.ts';

function fromRaster(img: RasterImage): Sharp {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } });
}

async function toRaster(s: Sharp): Promise<RasterImage> {
  const { data, info } = await s.raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    channels: 3,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
}

/** Resize to exactly width×height (aspect may change slightly, as detection's multiples-of-32 need). */
export async function resizeRaster(img: RasterImage, width: number, height: number): Promise<RasterImage> {
  if (width === img.width && height === img.height) return img;
  return toRaster(fromRaster(img).resize(width, height, { fit: 'fill', kernel: 'linear' }));
}

/** Rotate clockwise by a multiple of 90°. */
export async function rotateRaster(img: RasterImage, degrees: 0 | 90 | 180 | 270): Promise<RasterImage> {
  if (degrees === 0) return img;
  return toRaster(fromRaster(img).rotate(degrees));
}

/** An encoded image (PNG, JPEG, SVG, ...) as 8-bit sRGB on white, alpha flattened. */
export async function decodeToRaster(input: Buffer | string): Promise<RasterImage> {
  return toRaster(sharp(input).flatten({ background: '#ffffff' }).toColourspace('srgb'));
}
