// The PDF leg's inputs: multi-page "scanned" PDFs made from the eval images, each image embedded as it is (JPEG
// bytes as DCTDecode, PNG data as FlateDecode with its PNG predictors, as img2pdf does) on a page sized for a
// stated resolution, so both engines start from the same pixels and know their DPI.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName, PDFRawStream, type PDFRef } from 'pdf-lib';
import type { EvalImage } from './eval-set.ts';

export interface PdfInput {
  /** File name without extension, e.g. `set1`. */
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  /** The eval images on its pages, page 1 first. */
  readonly pages: readonly EvalImage[];
  /** Pixel size of each page's image (the ground truth's coordinates). */
  readonly pixels: ReadonlyArray<{ readonly width: number; readonly height: number }>;
  /** How each page's image went in: 'jpeg', 'png-idat' (untouched) or 'png-decoded' (pdf-lib re-encoded it). */
  readonly embedding: readonly string[];
}

/** `count` images spread evenly over the list (every second of 30 for 15), so every subset is represented. */
export function spreadSelection<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlaced: boolean;
  idat: Buffer;
  hasTransparency: boolean;
}

function readPng(bytes: Buffer): PngHeader | undefined {
  if (bytes.readUInt32BE(0) !== 0x89504e47) return undefined;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colourType = 0;
  let interlaced = false;
  let hasTransparency = false;
  const idat: Buffer[] = [];
  for (let i = 8; i + 8 <= bytes.length;) {
    const len = bytes.readUInt32BE(i);
    const type = bytes.toString('latin1', i + 4, i + 8);
    const data = bytes.subarray(i + 8, i + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8]!;
      colourType = data[9]!;
      interlaced = data[12] === 1;
    } else if (type === 'tRNS') hasTransparency = true;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    i += 12 + len;
  }
  return { width, height, bitDepth, colourType, interlaced, idat: Buffer.concat(idat), hasTransparency };
}

/** A grey or RGB PNG's compressed data as an image XObject, without decoding it; undefined for other PNGs. */
function pngPassThrough(pdf: PDFDocument, png: PngHeader): PDFRef | undefined {
  const colours = png.colourType === 0 ? 1 : png.colourType === 2 ? 3 : 0;
  if (!colours || png.interlaced || png.hasTransparency || png.bitDepth !== 8) return undefined;
  const ctx = pdf.context;
  const dict = ctx.obj({
    Type: 'XObject',
    Subtype: 'Image',
    Width: png.width,
    Height: png.height,
    ColorSpace: colours === 1 ? 'DeviceGray' : 'DeviceRGB',
    BitsPerComponent: png.bitDepth,
    Filter: 'FlateDecode',
    DecodeParms: { Predictor: 15, Colors: colours, BitsPerComponent: png.bitDepth, Columns: png.width },
    Length: png.idat.length,
  });
  return ctx.register(PDFRawStream.of(dict, png.idat));
}

/** pdf-lib reads a Uint8Array's buffer from offset 0: small files come as slices of Node's shared buffer pool. */
const own = (b: Buffer): Uint8Array => new Uint8Array(b);

/** One PDF, one page per image, each page `width * 72 / dpi` points wide. */
export async function buildScannedPdf(
  images: readonly EvalImage[],
  file: string,
  dpi: number,
): Promise<Omit<PdfInput, 'name'>> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const pixels: Array<{ width: number; height: number }> = [];
  const embedding: string[] = [];
  for (const e of images) {
    const bytes = readFileSync(e.image);
    const png = readPng(bytes);
    let ref: PDFRef | undefined;
    let width: number;
    let height: number;
    if (png) {
      ({ width, height } = png);
      ref = pngPassThrough(pdf, png);
      embedding.push(ref ? 'png-idat' : 'png-decoded');
      if (!ref) ref = (await pdf.embedPng(own(bytes))).ref;
    } else {
      const jpg = await pdf.embedJpg(own(bytes));
      ({ width, height } = jpg);
      ref = jpg.ref;
      embedding.push('jpeg');
    }
    pixels.push({ width, height });
    const w = (width * 72) / dpi;
    const h = (height * 72) / dpi;
    const page = pdf.addPage([w, h]);
    const content = pdf.context.stream(`q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`);
    page.node.set(PDFName.of('Resources'), pdf.context.obj({ XObject: { Im0: ref } }));
    page.node.set(PDFName.of('Contents'), pdf.context.register(content));
  }
  const out = await pdf.save({ useObjectStreams: false });
  writeFileSync(file, out);
  return { file, bytes: out.length, pages: images, pixels, embedding };
}

/** `pdfs` PDFs of `pagesEach` pages from images spread over the set, written into `dir`. */
export async function buildPdfInputs(
  images: readonly EvalImage[],
  dir: string,
  opts: { pdfs: number; pagesEach: number; dpi: number },
): Promise<PdfInput[]> {
  const chosen = spreadSelection(images, opts.pdfs * opts.pagesEach);
  const out: PdfInput[] = [];
  for (let i = 0; i * opts.pagesEach < chosen.length && i < opts.pdfs; i++) {
    const name = `set${i + 1}`;
    const pages = chosen.slice(i * opts.pagesEach, (i + 1) * opts.pagesEach);
    out.push({ name, ...(await buildScannedPdf(pages, path.join(dir, `${name}.pdf`), opts.dpi)) });
  }
  return out;
}
