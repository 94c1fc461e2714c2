// The page image as a PDF image XObject, in the smallest faithful encoding: JPEG input passed through
// byte for byte (DCTDecode), bilevel pages as 1-bit Flate, grey pages as 8-bit grey Flate, flat-colour pages as
// indexed Flate, photo-like colour as JPEG. Never an SMask: PDF/A-1 forbids transparency (Preflight 2.2.2).
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { PDFHexString, type PDFContext, type PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { OcrDeskError } from '../../../../src-shared/errors.ts';
import type { RasterImage } from '../../documents/raster.ts';

const deflateAsync = promisify(deflate);

/** Pixels whose channels differ by more than this are colour, not grey scanner noise. */
const CHROMA_TOLERANCE = 32;
/** A page with at most this share of colour pixels is grey. */
const MAX_COLOUR_SHARE = 0.001;
/** A grey page with at most this share of mid-tones (not near black or white) is bilevel. */
const MAX_MIDTONE_SHARE = 0.001;
const NEAR_BLACK = 16;
const NEAR_WHITE = 239;
const MAX_PALETTE = 256;

export type RasterKind = 'bilevel' | 'gray' | 'indexed' | 'color';

export type ImageEncoding = RasterKind | 'jpeg-passthrough';

export interface EncodedImage {
  readonly stream: PDFRawStream;
  readonly encoding: ImageEncoding;
  /** Size as displayed (EXIF orientation applied). */
  readonly width: number;
  readonly height: number;
  /** EXIF orientation (1–8) the image XObject still needs, drawn by its matrix. */
  readonly orientation: number;
  readonly warnings: readonly string[];
}

export interface ImageEncodeOptions {
  readonly jpegQuality: number;
  /** zlib level of Flate images; default 6. The optimize levels ask for 9 (optimize-images.ts). */
  readonly flateLevel?: number;
}

function luma(r: number, g: number, b: number): number {
  return (r * 299 + g * 587 + b * 114 + 500) / 1000;
}

/** How the page looks: two tones, grey, few colours, or photo-like colour. */
export function classifyRaster(img: RasterImage): RasterKind {
  const { data } = img;
  const pixels = img.width * img.height;
  const colourLimit = MAX_COLOUR_SHARE * pixels;
  const midLimit = MAX_MIDTONE_SHARE * pixels;
  let colour = 0;
  let mid = 0;
  for (let i = 0; i < data.length; i += 3) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) > CHROMA_TOLERANCE && ++colour > colourLimit) break;
    const y = luma(r, g, b);
    if (y > NEAR_BLACK && y < NEAR_WHITE) mid++;
  }
  if (colour <= colourLimit) return mid <= midLimit ? 'bilevel' : 'gray';
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i += 3) {
    seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    if (seen.size > MAX_PALETTE) return 'color';
  }
  return 'indexed';
}

/** classifyRaster's bilevel rule for one grey plane: at most MAX_MIDTONE_SHARE of the pixels are mid-tones. */
export function isBilevelGrey(plane: Uint8Array): boolean {
  const midLimit = MAX_MIDTONE_SHARE * plane.length;
  let mid = 0;
  for (let i = 0; i < plane.length; i++) {
    const y = plane[i]!;
    if (y > NEAR_BLACK && y < NEAR_WHITE && ++mid > midLimit) return false;
  }
  return true;
}

function greyPlane(img: RasterImage): Uint8Array {
  const out = new Uint8Array(img.width * img.height);
  const { data } = img;
  for (let p = 0, i = 0; p < out.length; p++, i += 3) out[p] = luma(data[i]!, data[i + 1]!, data[i + 2]!);
  return out;
}

/** 1 bit per pixel, rows padded to whole bytes, 1 = white (DeviceGray). */
export function packBits(img: RasterImage): Uint8Array {
  return packGreyBits(greyPlane(img), img.width, img.height);
}

/** One grey plane at 1 bit per pixel (grey >= 128 is white), rows padded to whole bytes. */
export function packGreyBits(plane: Uint8Array, width: number, height: number): Uint8Array {
  const stride = Math.ceil(width / 8);
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const src = y * width;
    for (let x = 0; x < width; x++) if (plane[src + x]! >= 128) out[row + (x >> 3)]! |= 0x80 >> (x & 7);
  }
  return out;
}

function indexed(img: RasterImage): { indices: Uint8Array; palette: Uint8Array } {
  const index = new Map<number, number>();
  const indices = new Uint8Array(img.width * img.height);
  const { data } = img;
  for (let p = 0, i = 0; p < indices.length; p++, i += 3) {
    const c = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
    let k = index.get(c);
    if (k === undefined) {
      k = index.size;
      index.set(c, k);
    }
    indices[p] = k;
  }
  const palette = new Uint8Array(index.size * 3);
  for (const [c, k] of index) palette.set([c >> 16, (c >> 8) & 0xff, c & 0xff], k * 3);
  return { indices, palette };
}

function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex').toUpperCase();
}

async function flateImage(
  context: PDFContext,
  data: Uint8Array,
  dict: Record<string, unknown>,
  level = 6,
): Promise<PDFRawStream> {
  // Level 9 measured about 10× slower than 6 on a noisy 300 dpi page, for 5% less: only when asked for.
  const compressed = await deflateAsync(data, level === 9 ? { level, memLevel: 9 } : { level });
  return context.stream(new Uint8Array(compressed.buffer, compressed.byteOffset, compressed.length), {
    Type: 'XObject',
    Subtype: 'Image',
    Filter: 'FlateDecode',
    ...(dict as Record<string, never>),
  });
}

/** Encodes decoded page pixels in the encoding that suits them. */
export async function encodeRaster(
  context: PDFContext,
  img: RasterImage,
  opts: ImageEncodeOptions,
): Promise<EncodedImage> {
  const kind = classifyRaster(img);
  const { width, height } = img;
  const base = { Width: width, Height: height };
  let stream: PDFRawStream;
  if (kind === 'bilevel') {
    stream = await flateImage(
      context,
      packBits(img),
      {
        ...base,
        ColorSpace: 'DeviceGray',
        BitsPerComponent: 1,
      },
      opts.flateLevel,
    );
  } else if (kind === 'gray') {
    // No PNG predictor: measured on text scans, prediction made Flate output larger (noise), not smaller.
    stream = await flateImage(
      context,
      greyPlane(img),
      {
        ...base,
        ColorSpace: 'DeviceGray',
        BitsPerComponent: 8,
      },
      opts.flateLevel,
    );
  } else if (kind === 'indexed') {
    const { indices, palette } = indexed(img);
    const space = context.obj([
      'Indexed',
      'DeviceRGB',
      palette.length / 3 - 1,
      PDFHexString.of(toHex(palette)),
    ]);
    stream = await flateImage(
      context,
      indices,
      { ...base, ColorSpace: space, BitsPerComponent: 8 },
      opts.flateLevel,
    );
  } else {
    const jpeg = await sharp(img.data, { raw: { width, height, channels: img.channels } })
      .jpeg({ quality: opts.jpegQuality, chromaSubsampling: '4:2:0' })
      .toBuffer();
    stream = context.stream(new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.length), {
      Type: 'XObject',
      Subtype: 'Image',
      ...base,
      ColorSpace: 'DeviceRGB',
      BitsPerComponent: 8,
      Filter: 'DCTDecode',
    });
  }
  return { stream, encoding: kind, width, height, orientation: 1, warnings: [] };
}

/** The SOF marker of a JPEG: baseline (C0), extended (C1) and progressive (C2) are what DCTDecode reads everywhere. */
function jpegFrameType(b: Uint8Array): number | undefined {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return marker;
    if (marker === 0xd9 || marker === 0xda) return undefined;
    i += 2 + ((b[i + 2]! << 8) | b[i + 3]!);
  }
  return undefined;
}

export function isJpeg(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

/**
 * A JPEG file as the page image, its bytes untouched where PDF readers can show them: 8-bit baseline or
 * progressive, grey or RGB. EXIF orientation is drawn by the image matrix, not by re-encoding. Anything else
 * (CMYK, 12-bit, arithmetic coding) is decoded and re-encoded.
 */
export async function encodeJpeg(
  context: PDFContext,
  bytes: Uint8Array,
  opts: ImageEncodeOptions,
): Promise<EncodedImage> {
  let meta;
  try {
    meta = await sharp(bytes).metadata();
  } catch (e) {
    throw new OcrDeskError('CORRUPT_INPUT', 'the page image is not a readable JPEG', {}, { cause: e });
  }
  const frame = jpegFrameType(bytes);
  const channels = meta.channels;
  if (
    (frame === 0xc0 || frame === 0xc1 || frame === 0xc2) &&
    meta.depth === 'uchar' &&
    (channels === 1 || channels === 3)
  ) {
    const orientation =
      meta.orientation !== undefined && meta.orientation >= 1 && meta.orientation <= 8 ? meta.orientation : 1;
    const turned = orientation >= 5;
    return {
      stream: context.stream(bytes, {
        Type: 'XObject',
        Subtype: 'Image',
        Width: meta.width,
        Height: meta.height,
        ColorSpace: channels === 1 ? 'DeviceGray' : 'DeviceRGB',
        BitsPerComponent: 8,
        Filter: 'DCTDecode',
      }),
      encoding: 'jpeg-passthrough',
      width: turned ? meta.height : meta.width,
      height: turned ? meta.width : meta.height,
      orientation,
      warnings: [],
    };
  }
  const { data, info } = await sharp(bytes, { autoOrient: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const img: RasterImage = {
    width: info.width,
    height: info.height,
    channels: 3,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
  const encoded = await encodeRaster(context, img, opts);
  const why = channels === 4 ? 'a CMYK JPEG' : 'a JPEG variant PDF readers do not all show';
  return { ...encoded, warnings: [`the page image is ${why}: re-encoded (${encoded.encoding})`] };
}

/**
 * The `cm` matrix that draws the image XObject (the unit square, row 0 at the top) over the page frame
 * width×height with its EXIF orientation applied.
 */
export function imageMatrix(
  orientation: number,
  width: number,
  height: number,
): [number, number, number, number, number, number] {
  // Unit-square point (a, b) → stored pixel fraction (r, s), s down → displayed fraction (X, Y) → frame.
  const place = (a: number, b: number): [number, number] => {
    const r = a;
    const s = 1 - b;
    const [X, Y] = ((): [number, number] => {
      switch (orientation) {
        case 2:
          return [1 - r, s];
        case 3:
          return [1 - r, 1 - s];
        case 4:
          return [r, 1 - s];
        case 5:
          return [s, r];
        case 6:
          return [1 - s, r];
        case 7:
          return [1 - s, 1 - r];
        case 8:
          return [s, 1 - r];
        default:
          return [r, s];
      }
    })();
    return [X * width, height - Y * height];
  };
  const [e, f] = place(0, 0);
  const [ax, ay] = place(1, 0);
  const [cx, cy] = place(0, 1);
  return [ax - e, ay - f, cx - e, cy - f, e, f];
}
