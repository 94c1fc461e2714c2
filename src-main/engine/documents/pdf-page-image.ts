// A scanned PDF page is usually one image drawn over the whole page, and pdf.js decodes that image in
// JavaScript: 0.6-0.8 s for an A4 JPEG at 300 dpi on this machine, against ~50 ms for sharp (libjpeg-turbo,
// zlib). Where a page's content is exactly that (q/cm/Do/Q and nothing else, no mask, no Decode array, a
// grey or RGB image covering the page box), its pixels are taken from the image itself, turned by /Rotate and
// scaled to the rendering's size. Anything else is left to pdf.js, so a page never renders differently from
// what it shows, only faster.
import { stat, readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  type PDFPage,
  PDFRawStream,
} from 'pdf-lib';
import sharp from 'sharp';
import { codecOf, colourOf, decodeParms, unpredict } from './pdf-image-stream.ts';
import type { RasterImage } from './raster.ts';

/** Larger files are left to pdf.js alone: pdf-lib holds a parsed copy of the whole file. */
export const MAX_DIRECT_FILE_BYTES = 128 * 1024 * 1024;
/** Content streams longer than this are not the one-image kind (which is a few dozen bytes). */
const MAX_CONTENT_BYTES = 4096;
/** How far (in points) the image may miss the page box and still count as covering it. */
const COVER_TOLERANCE_PT = 1;

type Matrix = [number, number, number, number, number, number];

const N = (s: string): PDFName => PDFName.of(s);

function multiply(m: Matrix, n: Matrix): Matrix {
  // m applied first, then n (PDF's row-vector convention: cm pre-multiplies the CTM).
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

/**
 * The image a content stream draws and the matrix it is drawn with, when the stream holds nothing but
 * q, Q, cm and a single Do; undefined for anything else (text, paths, inline images, a second image).
 */
export function singleImageDraw(content: string): { name: string; matrix: Matrix } | undefined {
  const tokens = content
    .replace(/%[^\r\n]*/g, ' ')
    .split(/[\s\0]+/)
    .filter(Boolean);
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let operands: string[] = [];
  let drawn: { name: string; matrix: Matrix } | undefined;
  for (const t of tokens) {
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) || /^\/[^/[\]()<>{}%]+$/.test(t)) {
      operands.push(t);
      continue;
    }
    if (t === 'q' && operands.length === 0) stack.push(ctm);
    else if (t === 'Q' && operands.length === 0 && stack.length > 0) ctm = stack.pop()!;
    else if (t === 'cm' && operands.length === 6 && operands.every((o) => !o.startsWith('/'))) {
      ctm = multiply(operands.map(Number) as Matrix, ctm);
    } else if (t === 'Do' && operands.length === 1 && operands[0]!.startsWith('/') && !drawn) {
      drawn = { name: operands[0]!.slice(1), matrix: ctm };
    } else return undefined;
    operands = [];
  }
  return operands.length === 0 ? drawn : undefined;
}

function contentOf(page: PDFPage): string | undefined {
  const ctx = page.doc.context;
  const c = page.node.Contents();
  const streams = c instanceof PDFArray ? c.asArray().map((x) => ctx.lookup(x)) : [c];
  const parts: string[] = [];
  let size = 0;
  for (const s of streams) {
    if (!(s instanceof PDFRawStream)) return undefined;
    const bytes = decodePDFRawStream(s).decode();
    size += bytes.length;
    if (size > MAX_CONTENT_BYTES) return undefined;
    parts.push(Buffer.from(bytes).toString('latin1'));
  }
  // Streams of one page's content are read as one, separated like tokens.
  return parts.join('\n');
}

/** Page box as pdf.js renders it: the crop box clipped to the media box, [x0, y0, x1, y1]. */
function viewBox(page: PDFPage): [number, number, number, number] {
  const m = page.getMediaBox();
  const c = page.getCropBox();
  return [
    Math.max(m.x, c.x),
    Math.max(m.y, c.y),
    Math.min(m.x + m.width, c.x + c.width),
    Math.min(m.y + m.height, c.y + c.height),
  ];
}

/** An 8-bit grey or RGB image XObject as sharp input: its JPEG bytes as they are, or Flate/raw samples. */
type ImageSource =
  | { readonly jpeg: Uint8Array; readonly width: number; readonly height: number }
  | {
      readonly samples: Uint8Array;
      readonly width: number;
      readonly height: number;
      readonly channels: 1 | 3;
    };

async function imageSource(stream: PDFRawStream, maxPixels: number): Promise<ImageSource | undefined> {
  const d = stream.dict;
  if (d.lookup(N('Subtype')) !== N('Image')) return undefined;
  for (const key of ['ImageMask', 'SMask', 'Mask', 'Decode', 'SMaskInData'])
    if (d.has(N(key))) return undefined;
  const w = d.lookup(N('Width'));
  const h = d.lookup(N('Height'));
  const bpc = d.lookup(N('BitsPerComponent'));
  if (!(w instanceof PDFNumber && h instanceof PDFNumber && bpc instanceof PDFNumber)) return undefined;
  const [width, height] = [w.asNumber(), h.asNumber()];
  // Over the cap pdf.js leaves the image out with a warning: so must this path, and it never decodes it.
  if (!(width > 0 && height > 0) || width * height > maxPixels) return undefined;
  const channels = colourOf(d);
  if (bpc.asNumber() !== 8 || (channels !== 1 && channels !== 3)) return undefined;
  const codec = codecOf(d);
  if (codec === 'dct') {
    const meta = await sharp(stream.contents).metadata();
    if (meta.width !== width || meta.height !== height || meta.channels !== channels) return undefined;
    if (meta.format !== 'jpeg') return undefined;
    return { jpeg: stream.contents, width, height };
  }
  if (codec !== 'flate' && codec !== 'none') return undefined;
  const raw =
    codec === 'flate'
      ? inflateSync(stream.contents, { maxOutputLength: width * height * 4 + height })
      : stream.contents;
  const samples = unpredict(raw, width, height, channels, decodeParms(d));
  return samples && { samples, width, height, channels };
}

export class PageImageShortcut {
  private constructor(
    private readonly doc: PDFDocument,
    private readonly maxImagePixels: number,
  ) {}

  /** Undefined where the shortcut cannot serve this file (too large, encrypted, not parseable by pdf-lib). */
  static async open(filePath: string, maxImagePixels: number): Promise<PageImageShortcut | undefined> {
    try {
      if ((await stat(filePath)).size > MAX_DIRECT_FILE_BYTES) return undefined;
      const doc = await PDFDocument.load(await readFile(filePath), { updateMetadata: false });
      return doc.isEncrypted ? undefined : new PageImageShortcut(doc, maxImagePixels);
    } catch {
      return undefined;
    }
  }

  /**
   * Page `n` (1-based) as `width` x `height` RGB pixels taken from the one image it draws over the whole page,
   * /Rotate applied; undefined where the page is anything else, so the caller renders it with pdf.js.
   */
  async raster(n: number, width: number, height: number): Promise<RasterImage | undefined> {
    try {
      if (n < 1 || n > this.doc.getPageCount()) return undefined;
      const page = this.doc.getPage(n - 1);
      const content = contentOf(page);
      const draw = content === undefined ? undefined : singleImageDraw(content);
      if (!draw) return undefined;
      const [a, b, c, d, e, f] = draw.matrix;
      const [x0, y0, x1, y1] = viewBox(page);
      const t = COVER_TOLERANCE_PT;
      if (Math.abs(b) > 1e-6 || Math.abs(c) > 1e-6 || a <= 0 || d <= 0) return undefined;
      if (
        Math.abs(e - x0) > t ||
        Math.abs(f - y0) > t ||
        Math.abs(e + a - x1) > t ||
        Math.abs(f + d - y1) > t
      ) {
        return undefined;
      }
      const xobjects = page.node.Resources()?.lookup(N('XObject'));
      const stream = xobjects instanceof PDFDict ? xobjects.lookup(N(draw.name)) : undefined;
      if (!(stream instanceof PDFRawStream)) return undefined;
      const turn = ((page.getRotation().angle % 360) + 360) % 360;
      if (turn % 90 !== 0) return undefined;
      const img = await imageSource(stream, this.maxImagePixels);
      if (!img) return undefined;
      // From the JPEG bytes themselves, libvips shrinks on load and streams: a big scan is never held whole.
      const options = { failOn: 'error', limitInputPixels: this.maxImagePixels } as const;
      let pipeline =
        'jpeg' in img
          ? sharp(img.jpeg, options)
          : sharp(img.samples, {
              ...options,
              raw: { width: img.width, height: img.height, channels: img.channels },
            });
      if (turn !== 0) pipeline = pipeline.rotate(turn);
      const [tw, th] = turn % 180 === 0 ? [img.width, img.height] : [img.height, img.width];
      if (tw !== width || th !== height) pipeline = pipeline.resize(width, height, { fit: 'fill' });
      pipeline = pipeline.toColourspace('srgb');
      const out = await pipeline.raw().toBuffer({ resolveWithObject: true });
      if (out.info.width !== width || out.info.height !== height || out.info.channels !== 3) return undefined;
      return {
        width,
        height,
        channels: 3,
        data: new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length),
      };
    } catch {
      return undefined;
    }
  }
}
