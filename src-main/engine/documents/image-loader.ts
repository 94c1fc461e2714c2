// Image input stage: sniff, check size from the header, then decode one page at a time to 8-bit sRGB.
// The only module that decodes input files with sharp; everything downstream sees RasterImage.
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import type { SupportedMediaType } from '../../../src-shared/media-types.ts';
import type { LoadedPage, RasterImage } from './raster.ts';
import { describeUnknownBytes, SNIFF_BYTES, sniffMediaType } from './sniff-media-type.ts';

/** Per-page pixel cap: 100 MP is an A0 scan at 300 dpi, and 300 MB once decoded to RGB. */
export const DEFAULT_MAX_PIXELS = 100_000_000;

// Outside this range a density is a placeholder or a unit mix-up, not a scan resolution.
const MIN_PLAUSIBLE_DPI = 50;
const MAX_PLAUSIBLE_DPI = 10_000;

export interface LoadImageOptions {
  /** Largest width*height accepted per page. */
  readonly maxPixels?: number;
  /** Which 1-based pages to decode; all when absent. */
  readonly pages?: (n: number) => boolean;
}

export interface ImageInfo {
  readonly mediaType: SupportedMediaType;
  /** Pages `loadImagePages` would yield: every TIFF page, the first frame only of GIF/WebP. */
  readonly pageCount: number;
  /** Size of the first page after EXIF orientation, as it will be decoded. */
  readonly width: number;
  readonly height: number;
  readonly dpi?: number;
}

interface Opened {
  readonly path: string;
  readonly file: string;
  readonly mediaType: SupportedMediaType;
  readonly head: Uint8Array;
}

/** The first SNIFF_BYTES of a file, with missing, unreadable and empty files as typed errors. */
export async function readHead(path: string): Promise<Uint8Array> {
  const file = basename(path);
  let handle;
  try {
    handle = await open(path, 'r');
    const stat = await handle.stat();
    if (!stat.isFile()) throw new OcrDeskError('INPUT_NOT_FOUND', `not a file: ${file}`, { file });
    if (stat.size === 0) throw new OcrDeskError('EMPTY_INPUT', `empty file: ${file}`, { file });
    const head = new Uint8Array(Math.min(SNIFF_BYTES, stat.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } catch (e) {
    if (e instanceof OcrDeskError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : 'no such file';
    throw new OcrDeskError(
      'INPUT_NOT_FOUND',
      `cannot read ${file}: ${reason}`,
      { file, reason: code },
      { cause: e },
    );
  } finally {
    await handle?.close();
  }
}

async function openImage(path: string): Promise<Opened> {
  const file = basename(path);
  const head = await readHead(path);
  const sniffed = sniffMediaType(head);
  if (sniffed === undefined) {
    throw new OcrDeskError('UNSUPPORTED_MEDIA_TYPE', `not an image: ${describeUnknownBytes(head)}`, { file });
  }
  if (sniffed === 'application/pdf') {
    // recognizeDocument sends PDFs to the PDF loader; this loader decodes images only.
    throw new OcrDeskError('UNSUPPORTED_MEDIA_TYPE', 'a PDF is not an image: read it with the PDF loader', {
      file,
      mediaType: sniffed,
    });
  }
  if (sniffed === 'image/bmp') {
    // sharp's prebuilt libvips has no BMP loader (it would need ImageMagick): say so rather than fail as corrupt.
    throw new OcrDeskError(
      'UNSUPPORTED_MEDIA_TYPE',
      'BMP images are not supported yet; convert to PNG or TIFF',
      {
        file,
        mediaType: sniffed,
      },
    );
  }
  return { path, file, mediaType: sniffed, head };
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n', 1)[0]?.trim() ?? '';
}

/** Every sharp failure becomes a typed error; a raw sharp error never leaves this module. */
function toDecodeError(e: unknown, img: Opened, page: number): OcrDeskError {
  if (e instanceof OcrDeskError) return e;
  const line = firstLine(e);
  const details = { file: img.file, mediaType: img.mediaType, page };
  if (line.startsWith('Input file is missing')) {
    return new OcrDeskError('INPUT_NOT_FOUND', `input disappeared while reading: ${img.file}`, details, {
      cause: e,
    });
  }
  if (line.includes('exceeds pixel limit')) {
    return new OcrDeskError('IMAGE_TOO_LARGE', `page ${page} is larger than the pixel limit`, details, {
      cause: e,
    });
  }
  return new OcrDeskError('CORRUPT_INPUT', `corrupt or truncated image: ${line}`, details, { cause: e });
}

function sharpOptions(maxPixels: number | false, page: number): SharpOptions {
  // 'error' also fails on truncation; 'warning' would reject many real scans over benign libjpeg warnings.
  return { failOn: 'error', limitInputPixels: maxPixels, autoOrient: true, page: page - 1 };
}

async function pageMetadata(img: Opened, page: number): Promise<Metadata> {
  try {
    return await sharp(img.path, sharpOptions(false, page)).metadata();
  } catch (e) {
    throw toDecodeError(e, img, page);
  }
}

/** JFIF APP0 right after SOI with units 1 (dpi) or 2 (dots/cm); units 0 is an aspect ratio, not a resolution. */
function jfifDeclaresDensity(head: Uint8Array): boolean {
  const jfif = [0xff, 0xe0, -1, -1, 0x4a, 0x46, 0x49, 0x46, 0x00];
  const isJfif = head.length > 13 && jfif.every((b, i) => b < 0 || head[2 + i] === b);
  return isJfif && (head[13] === 1 || head[13] === 2);
}

function plausibleDpi(img: Opened, meta: Metadata): { dpi?: number } {
  const d = meta.density;
  // libvips reports 72 for a JPEG that declares no resolution at all; only a JFIF or EXIF value is real.
  if (img.mediaType === 'image/jpeg' && meta.exif === undefined && !jfifDeclaresDensity(img.head)) return {};
  return d !== undefined && d >= MIN_PLAUSIBLE_DPI && d <= MAX_PLAUSIBLE_DPI ? { dpi: d } : {};
}

function pageCountOf(img: Opened, meta: Metadata): number {
  // Animated GIF/WebP frames are not document pages: OCR the first frame only.
  return img.mediaType === 'image/tiff' ? Math.max(1, meta.pages ?? 1) : 1;
}

function checkPixels(img: Opened, meta: Metadata, page: number, limit: number): void {
  const { width, height } = meta;
  if (width * height > limit) {
    throw new OcrDeskError(
      'IMAGE_TOO_LARGE',
      `page ${page} is ${width}x${height} pixels, over the limit of ${limit} pixels`,
      { file: img.file, page, width, height, limit },
    );
  }
}

async function decodePage(img: Opened, page: number, maxPixels: number): Promise<RasterImage> {
  try {
    const { data, info } = await sharp(img.path, sharpOptions(maxPixels, page))
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) {
      throw new OcrDeskError('INTERNAL', `decoder returned ${info.channels} channels, expected 3`, {
        file: img.file,
        page,
      });
    }
    return {
      width: info.width,
      height: info.height,
      channels: 3,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
  } catch (e) {
    throw toDecodeError(e, img, page);
  }
}

function validateMaxPixels(maxPixels: number): number {
  if (!Number.isSafeInteger(maxPixels) || maxPixels <= 0) {
    throw new OcrDeskError('INVALID_ARGUMENT', 'maxPixels must be a positive integer', { maxPixels });
  }
  return maxPixels;
}

/**
 * Decodes an image file page by page (every page of a TIFF, the first frame of GIF/WebP) to 8-bit sRGB,
 * EXIF orientation applied and alpha flattened onto white. Only one decoded page is alive at a time.
 */
export async function* loadImagePages(path: string, opts: LoadImageOptions = {}): AsyncGenerator<LoadedPage> {
  const maxPixels = validateMaxPixels(opts.maxPixels ?? DEFAULT_MAX_PIXELS);
  const img = await openImage(path);
  const first = await pageMetadata(img, 1);
  const count = pageCountOf(img, first);
  const wanted: number[] = [];
  for (let n = 1; n <= count; n++) if (opts.pages === undefined || opts.pages(n)) wanted.push(n);

  // Check every wanted page's header before decoding any, so an oversized page 40 fails the job up front.
  const metas = new Map<number, Metadata>();
  for (const n of wanted) {
    const meta = n === 1 ? first : await pageMetadata(img, n);
    checkPixels(img, meta, n, maxPixels);
    metas.set(n, meta);
  }
  for (const n of wanted) {
    const meta = metas.get(n) ?? first;
    const image = await decodePage(img, n, maxPixels);
    yield { page: n, image, ...plausibleDpi(img, meta) };
  }
}

/** Type, page count and first-page size from the file header, without decoding pixels. */
export async function inspectImage(path: string): Promise<ImageInfo> {
  const img = await openImage(path);
  const meta = await pageMetadata(img, 1);
  return {
    mediaType: img.mediaType,
    pageCount: pageCountOf(img, meta),
    width: meta.autoOrient.width,
    height: meta.autoOrient.height,
    ...plausibleDpi(img, meta),
  };
}
