// Smaller searchable PDFs (in the spirit of OCRmyPDF's -O1/-O2/-O3): a pass over the image XObjects the output's
// pages draw, run when the file is written.
// - lossless: Flate (and unfiltered) images deflated again at level 9 where that is smaller; the decoded bytes,
//   and so DecodeParms, stay exactly as they were. 8-bit grey/RGB ones (PNG-predicted or raw rows) are also tried
//   with each row's PNG filter chosen again (refilterPng) as Predictor 15: the samples stay the same, the filter
//   bytes and DecodeParms change; kept where smaller still. JPEGs: Huffman tables made optimal
//   (jpeg-optimize.ts), the DCT coefficients untouched.
// - lossy: also 8-bit grey/RGB Flate images as JPEG at the job's quality when that is at least 10 % smaller, and
//   bilevel ones (classifyRaster's rule) as 1-bit Flate; existing JPEGs re-encoded when at least 20 % smaller.
// Never touched: images with an SMask or Mask, the masks themselves, stencil masks, JBIG2/CCITT/JPX and filter
// chains, Indexed colour, and any image the file refers to other than from an XObject resource dictionary (an
// alternate, a thumbnail, ...): what it is used for there cannot be verified. Nothing here adds transparency or
// a colour space, so a PDF/A file stays one (its OutputIntent covers DeviceGray and DeviceRGB).
import { promisify } from 'node:util';
import { constants as zlibConstants, deflate, inflate, type ZlibOptions } from 'node:zlib';
import {
  PDFArray,
  PDFBool,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  type PDFContext,
  type PDFDocument,
  type PDFObject,
} from 'pdf-lib';
import sharp from 'sharp';
import { classifyRaster, isBilevelGrey, packBits, packGreyBits } from './image-xobject.ts';
import {
  codecOf,
  colourOf,
  decodeParms,
  nameOf,
  numberIn,
  unpredict,
} from '../../documents/pdf-image-stream.ts';
import { optimizeJpegLossless } from './jpeg-optimize.ts';

const deflateAsync = promisify<Uint8Array, ZlibOptions, Buffer>(deflate);
const inflateAsync = promisify<Uint8Array, ZlibOptions, Buffer>(inflate);
const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length);

export const OPTIMIZE_LEVELS = ['none', 'lossless', 'lossy'] as const;
export type OptimizeLevel = (typeof OPTIMIZE_LEVELS)[number];

/** What was done to one image. */
export type ImageChange =
  /** Same Flate data, deflated again at level 9 (or an unfiltered image deflated). Pixels unchanged. */
  | 'flate-recompressed'
  /** Same samples, PNG row filters chosen again (Predictor 15) and deflated at level 9. Pixels unchanged. */
  | 'flate-refiltered'
  /** A JPEG's entropy coding optimised. Pixels unchanged. */
  | 'jpeg-optimized'
  /** A Flate image re-encoded as JPEG at the job's quality. */
  | 'jpeg'
  /** A JPEG decoded and encoded again at the job's quality. */
  | 'jpeg-requantized'
  /** A bilevel 8-bit image stored as 1 bit per pixel (mid-tones rounded to black or white). */
  | 'bilevel';

const LOSSY_CHANGES: ReadonlySet<ImageChange> = new Set(['jpeg', 'jpeg-requantized', 'bilevel']);

export interface ImageOptimization {
  /** 1-based output page that first draws the image (an image shared by pages is optimised once). */
  readonly page: number;
  readonly change: ImageChange;
  /** Pixels differ from the original (lossy changes only). */
  readonly lossy: boolean;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
}

export interface OptimizeOptions {
  readonly level: OptimizeLevel;
  /** Quality of JPEGs written by the lossy level (1–100). */
  readonly jpegQuality: number;
  /** Images left out of lossy re-encoding (the writer's own JPEGs: they are at this quality already). */
  readonly keepPixels?: ReadonlySet<PDFRef>;
  /** Flate images deflated at level 9 already (the writer's own, under an optimize level): not again. */
  readonly deflated?: ReadonlySet<PDFRef>;
  /** Images optimised at a time (zlib and sharp work in libuv's thread pool). Default 2. */
  readonly concurrency?: number;
}

/** JPEG re-encodes must be at most this share of the best lossless size to be kept. */
const FLATE_TO_JPEG_MAX = 0.9;
const JPEG_TO_JPEG_MAX = 0.8;
/** Nested Form XObjects followed when looking for images. */
const MAX_FORM_DEPTH = 16;
const DEFLATE_OPTIONS: ZlibOptions = { level: 9, memLevel: 9 };
const DEFLATE_FILTERED: ZlibOptions = { ...DEFLATE_OPTIONS, strategy: zlibConstants.Z_FILTERED };

const N = (s: string): PDFName => PDFName.of(s);
const NAME_XOBJECT = N('XObject');

/**
 * How every indirect object is referred to: 'xobject' from an XObject resource dictionary, else the key (or
 * 'array') it appears under. Only images referred to solely as XObjects are optimised.
 */
function referenceRoles(ctx: PDFContext): Map<PDFRef, Set<string>> {
  const objects = ctx.enumerateIndirectObjects();
  // XObject dictionaries that are indirect objects themselves: `/XObject 12 0 R`.
  const xobjectDicts = new Set<PDFRef>();
  const collect = (o: PDFObject): void => {
    if (o instanceof PDFStream) collect(o.dict);
    else if (o instanceof PDFArray) for (const v of o.asArray()) collect(v);
    else if (o instanceof PDFDict) {
      for (const [k, v] of o.entries()) {
        if (k === NAME_XOBJECT && v instanceof PDFRef) xobjectDicts.add(v);
        else collect(v);
      }
    }
  };
  for (const [, o] of objects) collect(o);

  const roles = new Map<PDFRef, Set<string>>();
  const add = (ref: PDFRef, role: string): void => {
    let set = roles.get(ref);
    if (!set) roles.set(ref, (set = new Set()));
    set.add(role);
  };
  const walk = (o: PDFObject, key: string, inXObjectDict: boolean): void => {
    if (o instanceof PDFRef) add(o, inXObjectDict ? 'xobject' : key);
    else if (o instanceof PDFStream) walk(o.dict, key, false);
    else if (o instanceof PDFArray) for (const v of o.asArray()) walk(v, 'array', false);
    else if (o instanceof PDFDict) {
      for (const [k, v] of o.entries()) {
        if (inXObjectDict) {
          if (v instanceof PDFRef) add(v, 'xobject');
          else walk(v, k.decodeText(), false);
        } else if (k === NAME_XOBJECT && v instanceof PDFDict) walk(v, 'xobject', true);
        else walk(v, k.decodeText(), false);
      }
    }
  };
  for (const [ref, o] of objects) walk(o, '', xobjectDicts.has(ref) && o instanceof PDFDict);
  return roles;
}

/** Image XObjects a page draws, through its Form XObjects, in resource order. */
function drawnImages(
  ctx: PDFContext,
  resources: PDFDict | undefined,
  into: Set<PDFRef>,
  seen: Set<PDFRef>,
): void {
  const visit = (res: PDFDict | undefined, depth: number): void => {
    const xobjects = res?.lookupMaybe(NAME_XOBJECT, PDFDict);
    if (!xobjects || depth > MAX_FORM_DEPTH) return;
    for (const [, v] of xobjects.entries()) {
      if (!(v instanceof PDFRef) || seen.has(v)) continue;
      const o = ctx.lookup(v);
      if (!(o instanceof PDFStream)) continue;
      const subtype = nameOf(o.dict.lookup(N('Subtype')));
      if (subtype === 'Image') {
        seen.add(v);
        into.add(v);
      } else if (subtype === 'Form') {
        seen.add(v);
        visit(o.dict.lookupMaybe(N('Resources'), PDFDict), depth + 1);
      }
    }
  };
  visit(resources, 0);
}

/**
 * Samples (8 bits, `colours` per pixel) as PNG predictor data (Predictor 15: a filter byte before each row), each
 * row's filter (None/Sub/Up/Average/Paeth) the one with the least sum of absolute signed residuals, the
 * heuristic of the PNG specification (ISO/IEC 15948, 12.8) and libpng. unpredict reads it back.
 */
export function refilterPng(pixels: Uint8Array, width: number, height: number, colours: number): Uint8Array {
  const stride = width * colours;
  const bpp = colours;
  const out = new Uint8Array((stride + 1) * height);
  const sums = new Float64Array(5);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const up = row - stride;
    const hasUp = y > 0;
    // Pass 1: the five residual sums. r & 0xff is the residual byte; as signed, |r| is min(b, 256 - b).
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (let x = 0; x < stride; x++) {
      const v = pixels[row + x]!;
      const a = x >= bpp ? pixels[row + x - bpp]! : 0;
      const b = hasUp ? pixels[up + x]! : 0;
      const c = x >= bpp && hasUp ? pixels[up + x - bpp]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      let r = v;
      s0 += r < 128 ? r : 256 - r;
      r = (v - a) & 0xff;
      s1 += r < 128 ? r : 256 - r;
      r = (v - b) & 0xff;
      s2 += r < 128 ? r : 256 - r;
      r = (v - ((a + b) >> 1)) & 0xff;
      s3 += r < 128 ? r : 256 - r;
      r = (v - paeth) & 0xff;
      s4 += r < 128 ? r : 256 - r;
    }
    sums[0] = s0;
    sums[1] = s1;
    sums[2] = s2;
    sums[3] = s3;
    sums[4] = s4;
    let filter = 0;
    for (let f = 1; f < 5; f++) if (sums[f]! < sums[filter]!) filter = f;
    // Pass 2: write the chosen filter's residuals.
    const dst = y * (stride + 1);
    out[dst] = filter;
    for (let x = 0; x < stride; x++) {
      const v = pixels[row + x]!;
      let pred = 0;
      if (filter !== 0) {
        const a = x >= bpp ? pixels[row + x - bpp]! : 0;
        const b = hasUp ? pixels[up + x]! : 0;
        if (filter === 1) pred = a;
        else if (filter === 2) pred = b;
        else if (filter === 3) pred = (a + b) >> 1;
        else {
          const c = x >= bpp && hasUp ? pixels[up + x - bpp]! : 0;
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
      }
      out[dst + 1 + x] = (v - pred) & 0xff;
    }
  }
  return out;
}

/**
 * The samples refiltered (refilterPng) and deflated at level 9, the smaller of zlib's default and filtered
 * strategies.
 */
export async function deflateRefiltered(
  pixels: Uint8Array,
  width: number,
  height: number,
  colours: number,
): Promise<Uint8Array> {
  const filtered = refilterPng(pixels, width, height, colours);
  // Both at once: zlib runs in libuv's thread pool.
  const [plain, z] = await Promise.all([
    deflateAsync(filtered, DEFLATE_OPTIONS),
    deflateAsync(filtered, DEFLATE_FILTERED),
  ]);
  return bytes(z.length < plain.length ? z : plain);
}

async function encodeJpeg(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3,
  quality: number,
): Promise<Uint8Array> {
  let img = sharp(pixels, { raw: { width, height, channels } });
  if (channels === 1) img = img.toColourspace('b-w'); // else sharp writes a 3-component JPEG
  // Trellis quantisation measured about 11 % smaller; then written progressive in spectral bands where that is
  // smaller still (optimizeJpegLossless: same coefficients, ~6 % on scans).
  const out = bytes(
    await img
      .jpeg({ quality, chromaSubsampling: '4:2:0', trellisQuantisation: true, overshootDeringing: true })
      .toBuffer(),
  );
  return optimizeJpegLossless(out) ?? out;
}

interface Candidate {
  readonly contents: Uint8Array;
  readonly change: ImageChange;
  /** Dictionary entries to set (the rest of the image dictionary is kept). */
  readonly set: Record<string, PDFObject>;
  readonly drop: readonly string[];
}

/** The smallest acceptable re-encoding of one image, or undefined to keep it as it is. */
async function optimizeImage(
  stream: PDFRawStream,
  ref: PDFRef,
  opts: OptimizeOptions,
): Promise<Candidate | undefined> {
  const dict = stream.dict;
  if (dict.has(N('SMask')) || dict.has(N('Mask')) || dict.has(N('SMaskInData'))) return undefined;
  if (dict.lookup(N('ImageMask')) === PDFBool.True) return undefined;
  const codec = codecOf(dict);
  const colour = colourOf(dict);
  if (codec === undefined || colour === 'indexed' || !dict.has(N('ColorSpace'))) return undefined;
  const width = numberIn(dict, 'Width', 0);
  const height = numberIn(dict, 'Height', 0);
  const bpc = numberIn(dict, 'BitsPerComponent', 0);
  if (!(width > 0 && height > 0 && bpc > 0)) return undefined;
  const lossy = opts.level === 'lossy' && !opts.keepPixels?.has(ref) && !dict.has(N('Decode'));
  let best: Candidate | undefined;
  let bestSize = stream.contents.length;
  const offer = (c: Candidate, limit = 1): void => {
    if (c.contents.length < bestSize * limit) {
      best = c;
      bestSize = c.contents.length;
    }
  };

  if (codec === 'dct') {
    const optimized = optimizeJpegLossless(stream.contents);
    if (optimized) offer({ contents: optimized, change: 'jpeg-optimized', set: {}, drop: [] });
    if (!lossy || bpc !== 8 || (colour !== 1 && colour !== 3) || dict.has(N('DecodeParms'))) return best;
    const meta = await sharp(stream.contents).metadata();
    // sharp would turn an embedded ICC profile's colours into sRGB; PDF readers ignore that profile.
    if (meta.width !== width || meta.height !== height || meta.channels !== colour || meta.icc) return best;
    if (meta.depth !== 'uchar') return best;
    const { data, info } = await sharp(stream.contents).raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== colour || info.width !== width || info.height !== height) return best;
    const jpeg = await encodeJpeg(bytes(data), width, height, colour, opts.jpegQuality);
    offer({ contents: jpeg, change: 'jpeg-requantized', set: {}, drop: [] }, JPEG_TO_JPEG_MAX);
    return best;
  }

  const deflated = opts.deflated?.has(ref) === true;
  if (deflated && !lossy) return undefined;
  const components = colour === 'other' ? 4 : colour;
  // Room for the PNG predictor's row tags; a stream inflating past that is not this image.
  const expected = (Math.ceil((width * components * bpc) / 8) + 1) * height;
  let decoded: Uint8Array;
  if (codec === 'none') {
    decoded = stream.contents;
  } else {
    try {
      decoded = bytes(await inflateAsync(stream.contents, { maxOutputLength: expected + 4096 }));
    } catch {
      return undefined; // damaged or larger than the image could be: leave it to the reader
    }
  }
  if (!deflated) {
    offer({
      contents: bytes(await deflateAsync(decoded, DEFLATE_OPTIONS)),
      change: 'flate-recompressed',
      set: codec === 'none' ? { Filter: N('FlateDecode') } : {},
      drop: [],
    });
  }
  if (bpc !== 8 || (colour !== 1 && colour !== 3)) return best;
  const parms = codec === 'flate' ? decodeParms(dict) : undefined;
  const pixels = unpredict(decoded, width, height, colour, parms);
  if (!pixels) return best;
  const predictor = numberIn(parms, 'Predictor', 1);
  if (!deflated && (predictor === 1 || predictor >= 10)) {
    // Kept only when smaller than both the original and the plain re-deflate (offer compares with the best).
    offer({
      contents: await deflateRefiltered(pixels, width, height, colour),
      change: 'flate-refiltered',
      set: {
        Filter: N('FlateDecode'),
        DecodeParms: dict.context.obj({
          Predictor: 15,
          Colors: colour,
          BitsPerComponent: 8,
          Columns: width,
        }),
      },
      drop: [],
    });
  }
  if (!lossy) return best;

  const rgbName = nameOf(dict.lookup(N('ColorSpace'))) === 'DeviceRGB';
  let bilevel: Uint8Array | undefined;
  if (colour === 1 && isBilevelGrey(pixels)) bilevel = packGreyBits(pixels, width, height);
  else if (rgbName && classifyRaster({ width, height, channels: 3, data: pixels }) === 'bilevel') {
    bilevel = packBits({ width, height, channels: 3, data: pixels });
  }
  const flateDrop = ['DecodeParms'];
  if (bilevel) {
    offer({
      contents: bytes(await deflateAsync(bilevel, DEFLATE_OPTIONS)),
      change: 'bilevel',
      set: {
        Filter: N('FlateDecode'),
        BitsPerComponent: PDFNumber.of(1),
        // An ICCBased grey space takes 1-bit samples as they are; an RGB scan of black on white becomes grey.
        ...(colour === 3 && { ColorSpace: N('DeviceGray') }),
      },
      drop: flateDrop,
    });
    return best;
  }
  const jpeg = await encodeJpeg(pixels, width, height, colour, opts.jpegQuality);
  offer(
    { contents: jpeg, change: 'jpeg', set: { Filter: N('DCTDecode') }, drop: flateDrop },
    FLATE_TO_JPEG_MAX,
  );
  return best;
}

async function inPool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, lane));
}

/**
 * Optimises the images the document's pages draw, in place (each image object is replaced by its smaller form),
 * and says what was done, in page order.
 */
export async function optimizeDocumentImages(
  doc: PDFDocument,
  opts: OptimizeOptions,
): Promise<ImageOptimization[]> {
  if (opts.level === 'none') return [];
  const ctx = doc.context;
  const roles = referenceRoles(ctx);
  const seen = new Set<PDFRef>();
  const work: { ref: PDFRef; page: number }[] = [];
  doc.getPages().forEach((page, i) => {
    const images = new Set<PDFRef>();
    drawnImages(ctx, page.node.Resources(), images, seen);
    for (const ref of images) {
      const r = roles.get(ref);
      if (r && [...r].every((x) => x === 'xobject')) work.push({ ref, page: i + 1 });
    }
  });
  const done: (ImageOptimization & { order: number })[] = [];
  await inPool(
    work.map((w, order) => ({ ...w, order })),
    opts.concurrency ?? 2,
    async ({ ref, page, order }) => {
      const stream = ctx.lookup(ref);
      if (!(stream instanceof PDFRawStream)) return;
      let c: Candidate | undefined;
      try {
        c = await optimizeImage(stream, ref, opts);
      } catch {
        return; // an image sharp or zlib cannot read stays as it was: the reader copes or not, as before
      }
      if (!c) return;
      const dict = stream.dict.clone(ctx);
      for (const k of c.drop) dict.delete(N(k));
      for (const [k, v] of Object.entries(c.set)) dict.set(N(k), v);
      dict.delete(N('Length'));
      ctx.assign(ref, PDFRawStream.of(dict, c.contents));
      done.push({
        page,
        order,
        change: c.change,
        lossy: LOSSY_CHANGES.has(c.change),
        bytesBefore: stream.contents.length,
        bytesAfter: c.contents.length,
      });
    },
  );
  return done.sort((a, b) => a.order - b.order).map(({ order: _, ...o }) => o);
}

/** "1-3, 5": page numbers as ranges. */
export function pageRanges(pages: readonly number[]): string {
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    while (i + 1 < sorted.length && sorted[i + 1] === sorted[i]! + 1) i++;
    parts.push(start === sorted[i] ? String(start) : `${start}-${sorted[i]}`);
  }
  return parts.join(', ');
}

const mb = (n: number): string => `${(n / 1e6).toFixed(2)} MB`;

/** One warning naming the pages whose images were re-encoded with pixel changes; none when nothing was. */
export function lossyWarnings(done: readonly ImageOptimization[], jpegQuality: number): string[] {
  const lossy = done.filter((d) => d.lossy);
  if (lossy.length === 0) return [];
  const what: [ImageChange, string][] = [
    ['jpeg', `Flate images as JPEG (quality ${jpegQuality})`],
    ['jpeg-requantized', `JPEGs at quality ${jpegQuality}`],
    ['bilevel', 'bilevel images as 1-bit'],
  ];
  const parts = what
    .map(([change, label]) => {
      const pages = lossy.filter((d) => d.change === change).map((d) => d.page);
      return pages.length ? `${label} on page${pages.length > 1 ? 's' : ''} ${pageRanges(pages)}` : '';
    })
    .filter(Boolean);
  const before = lossy.reduce((a, d) => a + d.bytesBefore, 0);
  const after = lossy.reduce((a, d) => a + d.bytesAfter, 0);
  return [`optimize lossy re-encoded page images: ${parts.join('; ')} (${mb(before)} → ${mb(after)})`];
}
