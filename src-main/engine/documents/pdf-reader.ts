// PDF input stage: pdf.js (legacy build; its worker runs in this process on Node) opens the file, and each page
// is read on its own: size and /Rotate, its existing text, what kind of page it is, and, when asked, its pixels
// rendered to 8-bit RGB at a DPI clamped to a pixel cap (pdf.js has no cap of its own on Node: a 9000x9000 px
// page took 1.55 GB). One page is alive at a time; its canvas and pdf.js objects are freed before the next.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import type { Rotation } from '../../../src-shared/ocr-result.ts';
import { readHead } from './image-loader.ts';
import { PdfMessageSink } from './pdf-messages.ts';
import { PageImageShortcut } from './pdf-page-image.ts';
import { classifyPage, pageContentStats, type PdfPageKind } from './pdf-page-kind.ts';
import { textLayout, type PdfTextItem, type PdfTextLayout, type PdfTextStyle } from './pdf-text-lines.ts';
import type { LoadedPage, RasterImage } from './raster.ts';
import { describeUnknownBytes, sniffMediaType } from './sniff-media-type.ts';

export const DEFAULT_PDF_DPI = 300;
/**
 * Rendered pixels per page: 36 MP holds A2 at 300 dpi and costs about 7 bytes a pixel (RGBA canvas + RGB copy),
 * 250 MB. Detection runs at 1600 px anyway, so a larger render buys little.
 */
export const DEFAULT_PDF_MAX_PIXELS = 36_000_000;
/**
 * Embedded images larger than this are left out (with a warning) instead of decoded: pdf.js holds a big image
 * about four times over while drawing it (decoded RGB, RGBA, a canvas of its full size), 16 bytes a pixel.
 */
export const DEFAULT_MAX_IMAGE_PIXELS = 100_000_000;
/** Skia cannot make a canvas with a longer side. */
const MAX_CANVAS_SIDE = 32_767;
const MAX_DPI = 2400;
/** A rendered page whose every channel is at least this bright has nothing on it to read. */
const BLANK_LEVEL = 250;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
const require = createRequire(import.meta.url);
let pdfjsModule: Promise<PdfJs> | undefined;

/**
 * pdf.js and its worker, loaded on first use (image-only runs never need them). Through tsx's ESM loader, which
 * the CLI and the OCR process register, the two 2.5 MB bundles cost 370 MB of resident memory; require(esm)
 * (Node >= 20.19) passes them by that loader: +100 MB. Handing pdf.js its worker module through
 * `globalThis.pdfjsWorker` (its documented hook) keeps it from importing the worker itself.
 */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsModule ??= (async (): Promise<PdfJs> => {
    try {
      const lib = require('pdfjs-dist/legacy/build/pdf.mjs') as PdfJs;
      const g = globalThis as { pdfjsWorker?: unknown };
      g.pdfjsWorker ??= require('pdfjs-dist/legacy/build/pdf.worker.mjs') as unknown;
      return lib;
    } catch {
      return import('pdfjs-dist/legacy/build/pdf.mjs');
    }
  })();
  return pdfjsModule;
}

const PDFJS_DIR = path.dirname(require.resolve('pdfjs-dist/package.json'));
const resourceDir = (name: string): string => path.join(PDFJS_DIR, name) + path.sep;

export interface PdfOpenOptions {
  /** For encrypted files; without it a file that needs a password fails with ENCRYPTED_PDF. */
  readonly password?: string;
  /** Embedded images over this many pixels are not drawn. */
  readonly maxImagePixels?: number;
}

export interface PdfPageGeometry {
  /** 1-based page number. */
  readonly page: number;
  /** 0-based index, as PDF writers address pages. */
  readonly pageIndex: number;
  /** The visible box (CropBox within MediaBox) in points, before /Rotate. */
  readonly widthPt: number;
  readonly heightPt: number;
  /** The page's /Rotate: the rendered image is already turned by it. */
  readonly rotate: Rotation;
}

export interface PdfInfo {
  readonly mediaType: 'application/pdf';
  readonly pageCount: number;
  /** Encrypted, yet readable without a password (owner password only). Rewriting it needs decryption. */
  readonly encrypted: boolean;
  readonly pages: readonly PdfPageGeometry[];
  readonly warnings: readonly string[];
}

export interface PdfPageOptions {
  readonly dpi?: number;
  /** Largest width*height of a rendered page; the DPI is lowered to fit. */
  readonly maxPixels?: number;
  /** Which 1-based pages to read; all when absent. */
  readonly pages?: (n: number) => boolean;
}

export interface PdfPageInfo extends PdfPageGeometry {
  /**
   * 'text': visible text (born-digital); 'ocr-text': only invisible text (an earlier OCR layer); 'scan': painted
   * content without text; 'empty': nothing drawn. Before rendering, a page without text is 'scan'.
   */
  readonly kind: PdfPageKind;
  /** Resolution of the rendering (and of `text`'s coordinates): the asked DPI, or lower to fit the pixel cap. */
  readonly dpi: number;
  /** Size in pixels of the rendering, /Rotate applied. */
  readonly width: number;
  readonly height: number;
  /** The text the page already carries, in the rendering's pixels. */
  readonly text: PdfTextLayout;
  /** Things found while reading this page (repairs, clamped DPI, unreadable text). */
  readonly warnings: readonly string[];
}

export interface PdfRenderedPage extends PdfPageInfo, LoadedPage {
  readonly image: RasterImage;
  readonly dpi: number;
  /** Who made the pixels: pdf.js, or the page's one full-page image decoded directly (pdf-page-image.ts). */
  readonly renderedFrom: 'pdf.js' | 'page image';
}

/** A page read with or without its pixels. */
export type PdfPage = PdfRenderedPage | (PdfPageInfo & { readonly image?: undefined });

interface CanvasAndContext {
  canvas: { data?: () => Uint8Array };
  context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}
interface CanvasFactory {
  create(width: number, height: number): CanvasAndContext;
  destroy(c: CanvasAndContext): void;
}

/** The DPI to render a page at: `dpi`, lowered until the rendering fits `maxPixels` and Skia's side limit. */
export function clampDpi(widthPt: number, heightPt: number, dpi: number, maxPixels: number): number {
  const wIn = widthPt / 72;
  const hIn = heightPt / 72;
  let d = Math.min(dpi, Math.sqrt(maxPixels / (wIn * hIn)), MAX_CANVAS_SIDE / Math.max(wIn, hIn));
  d = Math.floor(d * 100) / 100;
  // Rounding the pixel size up must not cross the cap either.
  while (d > 0.01 && pixelSize(wIn * d) * pixelSize(hIn * d) > maxPixels) d = Math.floor(d * 99) / 100;
  return d;
}

const pixelSize = (v: number): number => Math.max(1, Math.round(v));

function checkPositive(name: string, v: number, max: number, integer: boolean): number {
  if (!Number.isFinite(v) || v <= 0 || v > max || (integer && !Number.isSafeInteger(v))) {
    throw new OcrDeskError(
      'INVALID_ARGUMENT',
      `${name} must be a positive ${integer ? 'integer' : 'number'}`,
      {
        [name]: v,
      },
    );
  }
  return v;
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n', 1)[0]?.trim() ?? '';
}

/** pdf.js failures as the typed errors users see; only the worker's error names cross from its side. */
function toPdfError(e: unknown, file: string): OcrDeskError {
  if (e instanceof OcrDeskError) return e;
  const name = e instanceof Error ? e.name : '';
  const code = (e as { code?: unknown } | null)?.code;
  const line = firstLine(e);
  if (name === 'PasswordException') {
    const wrong = code === 2;
    return new OcrDeskError(
      'ENCRYPTED_PDF',
      wrong ? 'the password for this PDF is wrong' : 'the PDF is encrypted and needs a password',
      { file, reason: wrong ? 'password-incorrect' : 'password-required' },
      { cause: e },
    );
  }
  if (name === 'InvalidPDFException') {
    return new OcrDeskError(
      'CORRUPT_INPUT',
      `not a valid PDF: ${line.replace(/\.$/, '')}`,
      { file },
      { cause: e },
    );
  }
  if (/call stack|too much recursion/i.test(line)) {
    return new OcrDeskError(
      'CORRUPT_INPUT',
      'the PDF could not be read: its objects are nested too deeply',
      { file, reason: line },
      { cause: e },
    );
  }
  return new OcrDeskError('CORRUPT_INPUT', `the PDF could not be read: ${line}`, { file }, { cause: e });
}

/** Dynamic XFA forms keep their real content outside the page description; the catalog says so. */
function needsRendering(bytes: Uint8Array): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = buf.indexOf('/NeedsRendering'); at >= 0; at = buf.indexOf('/NeedsRendering', at + 1)) {
    const after = buf.toString('latin1', at + 15, at + 40);
    if (/^\s*true\b/.test(after)) return true;
  }
  return false;
}

const normalRotation = (r: number): Rotation => ((((Math.round(r / 90) * 90) % 360) + 360) % 360) as Rotation;

function isBlank(img: RasterImage): boolean {
  const d = img.data;
  for (let i = 0; i < d.length; i++) if (d[i]! < BLANK_LEVEL) return false;
  return true;
}

/** An open PDF. Call `close()` when done (loadPdfPages and inspectPdf do). */
export class PdfDocumentReader {
  private closed = false;

  private constructor(
    private readonly lib: PdfJs,
    private readonly doc: PDFDocumentProxy,
    private readonly sink: PdfMessageSink,
    private readonly file: string,
    private readonly filePath: string,
    private readonly maxImagePixels: number,
    readonly pageCount: number,
    readonly encrypted: boolean,
    /** Found while opening: repairs of the file's structure, XFA. */
    readonly warnings: readonly string[],
  ) {}

  /** Opened on the first page that may be a single scanned image. */
  private shortcut: Promise<PageImageShortcut | undefined> | undefined;

  static async open(filePath: string, opts: PdfOpenOptions = {}): Promise<PdfDocumentReader> {
    const file = path.basename(filePath);
    const maxImagePixels = checkPositive(
      'maxImagePixels',
      opts.maxImagePixels ?? DEFAULT_MAX_IMAGE_PIXELS,
      Number.MAX_SAFE_INTEGER,
      true,
    );
    const head = await readHead(filePath);
    if (sniffMediaType(head) !== 'application/pdf') {
      throw new OcrDeskError('CORRUPT_INPUT', `not a PDF (no %PDF header): ${describeUnknownBytes(head)}`, {
        file,
      });
    }
    let bytes: Uint8Array;
    try {
      const buf = await readFile(filePath);
      // pdf.js takes ownership of (detaches) the buffer it is given: hand it one nothing else shares, as a
      // plain Uint8Array (it refuses Buffers).
      bytes =
        buf.byteOffset === 0 && buf.buffer.byteLength === buf.length
          ? new Uint8Array(buf.buffer, 0, buf.length)
          : new Uint8Array(buf);
    } catch (e) {
      throw new OcrDeskError('INPUT_NOT_FOUND', `cannot read ${file}`, { file }, { cause: e });
    }
    const xfa = needsRendering(bytes);
    const lib = await loadPdfJs();
    const sink = new PdfMessageSink();
    let task: ReturnType<PdfJs['getDocument']>;
    try {
      // Started inside the sink: pdf.js begins parsing in getDocument itself, and its log lines follow from there.
      task = sink.run(() =>
        lib.getDocument({
          data: bytes,
          ...(opts.password !== undefined && { password: opts.password }),
          verbosity: lib.VerbosityLevel.INFOS,
          // Untrusted input: never compile PDF functions or fonts to JavaScript.
          isEvalSupported: false,
          useSystemFonts: false,
          disableFontFace: true,
          enableXfa: false,
          stopAtErrors: false,
          maxImageSize: maxImagePixels,
          standardFontDataUrl: resourceDir('standard_fonts'),
          cMapUrl: resourceDir('cmaps'),
          cMapPacked: true,
          wasmUrl: resourceDir('wasm'),
          iccUrl: resourceDir('iccs'),
        }),
      );
    } catch (e) {
      throw toPdfError(e, file);
    }
    let doc: PDFDocumentProxy;
    try {
      doc = await sink.run(() => task.promise);
    } catch (e) {
      await task.destroy().catch(() => undefined);
      throw toPdfError(e, file);
    }
    let encrypted = false;
    const warnings: string[] = [];
    try {
      const meta = await sink.run(() => doc.getMetadata());
      const info = meta.info as { EncryptFilterName?: unknown; IsXFAPresent?: unknown };
      encrypted = info.EncryptFilterName !== null && info.EncryptFilterName !== undefined;
      if (info.IsXFAPresent === true || xfa) {
        warnings.push('dynamic XFA form: its real content is not part of the pages and was not rendered');
      }
    } catch {
      // Metadata is optional; a file that opened can still be read page by page.
    }
    warnings.unshift(...sink.take());
    return new PdfDocumentReader(
      lib,
      doc,
      sink,
      file,
      filePath,
      maxImagePixels,
      doc.numPages,
      encrypted,
      warnings,
    );
  }

  /** Warnings pdf.js reported since the last call (or since opening). */
  takeWarnings(): string[] {
    return this.sink.take();
  }

  private async getPage(n: number): Promise<PDFPageProxy> {
    if (this.closed) throw new Error('PdfDocumentReader is closed');
    try {
      return await this.sink.run(() => this.doc.getPage(n));
    } catch (e) {
      const err = toPdfError(e, this.file);
      throw new OcrDeskError(
        'CORRUPT_INPUT',
        `page ${n}: ${err.message}`,
        { ...err.details, page: n },
        { cause: e },
      );
    }
  }

  async geometry(n: number): Promise<PdfPageGeometry> {
    const page = await this.getPage(n);
    try {
      return geometryOf(page);
    } finally {
      page.cleanup();
    }
  }

  /**
   * One page: geometry, existing text and kind; its pixels too when `render` says so (it sees the page before
   * rendering). Pages without text are told apart as 'scan' or 'empty' by their pixels, or, when not rendered,
   * by their operator list.
   */
  async readPage(
    n: number,
    opts: { dpi?: number; maxPixels?: number; render?: (info: PdfPageInfo) => boolean } = {},
  ): Promise<PdfPage> {
    const wantDpi = checkPositive('dpi', opts.dpi ?? DEFAULT_PDF_DPI, MAX_DPI, false);
    const maxPixels = checkPositive('maxPixels', opts.maxPixels ?? DEFAULT_PDF_MAX_PIXELS, 1e12, true);
    const page = await this.getPage(n);
    const run = <T>(fn: () => Promise<T>): Promise<T> => this.sink.run(fn);
    const warnings: string[] = [];
    try {
      const geometry = geometryOf(page);
      const dpi = clampDpi(geometry.widthPt, geometry.heightPt, wantDpi, maxPixels);
      if (dpi < wantDpi) {
        const [wIn, hIn] = [geometry.widthPt / 72, geometry.heightPt / 72];
        const limit =
          pixelSize(wIn * wantDpi) * pixelSize(hIn * wantDpi) > maxPixels
            ? `the limit of ${maxPixels} pixels`
            : `${MAX_CANVAS_SIDE} pixels a side`;
        warnings.push(
          `page rendered at ${dpi} dpi instead of ${wantDpi}: a ${wIn.toFixed(1)}x${hIn.toFixed(1)} in page ` +
            `at ${wantDpi} dpi would exceed ${limit}`,
        );
      }
      const viewport = page.getViewport({ scale: dpi / 72 });
      const width = pixelSize(viewport.width);
      const height = pixelSize(viewport.height);

      let items: PdfTextItem[] = [];
      let styles: Record<string, PdfTextStyle> = {};
      try {
        const content = await run(() => page.getTextContent());
        items = content.items.filter((it) => 'str' in it);
        styles = content.styles;
      } catch (e) {
        warnings.push(`the page's existing text could not be read: ${firstLine(e)}`);
      }
      const text = textLayout(items, styles, viewport.transform, width, height);

      const classify = async (): Promise<PdfPageKind> => {
        const ops = await run(() => page.getOperatorList());
        const stats = pageContentStats(
          ops.fnArray,
          ops.argsArray,
          this.lib.OPS,
          page.view as [number, number, number, number],
        );
        const verdict = classifyPage(stats);
        if (verdict.unreadableText) {
          warnings.push('the page has text without a usable Unicode mapping; it is treated as a scan');
        }
        return verdict.kind;
      };
      // Only pages with text need the operator list (visible or invisible text?); it costs a second decode of
      // the page's images when the page is rendered too, so pages without text are judged by their pixels.
      let kind: PdfPageKind = text.wordCount > 0 ? await classify() : 'scan';
      const info = (): PdfPageInfo => {
        warnings.push(...this.sink.take());
        return { ...geometry, kind, dpi, width, height, text, warnings: [...warnings] };
      };
      if (opts.render && !opts.render(info())) {
        if (text.wordCount === 0) kind = await classify();
        return info();
      }
      // A page without text may be one scanned image: then its pixels come straight from that image.
      const direct = text.wordCount === 0 ? await this.pageImage(n, width, height) : undefined;
      const image = direct ?? (await this.render(page, viewport, width, height));
      if (text.wordCount === 0 && isBlank(image)) kind = 'empty';
      return { ...info(), image, renderedFrom: direct ? 'page image' : 'pdf.js' };
    } finally {
      page.cleanup();
    }
  }

  /** The page's pixels from its single full-page image, when it is that kind of page (and the file allows). */
  private async pageImage(n: number, width: number, height: number): Promise<RasterImage | undefined> {
    if (this.encrypted) return undefined;
    this.shortcut ??= PageImageShortcut.open(this.filePath, this.maxImagePixels);
    return (await this.shortcut)?.raster(n, width, height);
  }

  private async render(
    page: PDFPageProxy,
    viewport: ReturnType<PDFPageProxy['getViewport']>,
    width: number,
    height: number,
  ): Promise<RasterImage> {
    const factory = this.doc.canvasFactory as CanvasFactory;
    const cc = factory.create(width, height);
    try {
      await this.sink.run(
        () =>
          page.render({
            canvas: cc.canvas as never,
            canvasContext: cc.context as never,
            viewport,
            background: 'rgb(255,255,255)',
          }).promise,
      );
      return toRgb(cc, width, height);
    } catch (e) {
      const err = toPdfError(e, this.file);
      throw new OcrDeskError(
        'CORRUPT_INPUT',
        `page ${page.pageNumber} could not be rendered: ${err.message.replace(/^the PDF could not be read: /, '')}`,
        { ...err.details, page: page.pageNumber },
        { cause: e },
      );
    } finally {
      factory.destroy(cc);
    }
  }

  /** Pages in order, one at a time; each page's pdf.js objects are released before the next is read. */
  async *pages(
    opts: PdfPageOptions & { render?: (info: PdfPageInfo) => boolean } = {},
  ): AsyncGenerator<PdfPage> {
    for (let n = 1; n <= this.pageCount; n++) {
      if (opts.pages && !opts.pages(n)) continue;
      yield await this.readPage(n, {
        ...(opts.dpi !== undefined && { dpi: opts.dpi }),
        ...(opts.maxPixels !== undefined && { maxPixels: opts.maxPixels }),
        ...(opts.render && { render: opts.render }),
      });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.doc.destroy().catch(() => undefined);
  }
}

function geometryOf(page: PDFPageProxy): PdfPageGeometry {
  const [x0 = 0, y0 = 0, x1 = 612, y1 = 792] = page.view;
  return {
    page: page.pageNumber,
    pageIndex: page.pageNumber - 1,
    widthPt: Math.abs(x1 - x0),
    heightPt: Math.abs(y1 - y0),
    rotate: normalRotation(page.rotate),
  };
}

/**
 * Canvas RGBA to packed RGB. @napi-rs/canvas's `data()` is a view of the canvas's own pixels (RGBA, rows
 * unpadded): no copy. getImageData copies, and its buffers live outside V8's heap, so even strip by strip they
 * piled up to +290 MB on a 36 MP page before being collected; it is only the fallback.
 */
function toRgb(cc: CanvasAndContext, width: number, height: number): RasterImage {
  const out = new Uint8Array(width * height * 3);
  const convert = (rgba: Uint8Array | Uint8ClampedArray, o: number): number => {
    // The background is opaque white, so alpha is always 255 and the colour needs no un-premultiplying.
    for (let i = 0; i < rgba.length; i += 4) {
      out[o++] = rgba[i]!;
      out[o++] = rgba[i + 1]!;
      out[o++] = rgba[i + 2]!;
    }
    return o;
  };
  const direct = cc.canvas.data?.();
  if (direct && direct.length === width * height * 4) {
    convert(direct, 0);
  } else {
    const rows = Math.max(1, Math.floor((4 << 20) / (width * 4)));
    let o = 0;
    for (let y = 0; y < height; y += rows) {
      o = convert(cc.context.getImageData(0, y, width, Math.min(rows, height - y)).data, o);
    }
  }
  return { width, height, channels: 3, data: out };
}

/** Page count, each page's size in points and /Rotate, encryption, and what opening had to repair. */
export async function inspectPdf(filePath: string, opts: PdfOpenOptions = {}): Promise<PdfInfo> {
  const reader = await PdfDocumentReader.open(filePath, opts);
  try {
    const pages: PdfPageGeometry[] = [];
    for (let n = 1; n <= reader.pageCount; n++) pages.push(await reader.geometry(n));
    return {
      mediaType: 'application/pdf',
      pageCount: reader.pageCount,
      encrypted: reader.encrypted,
      pages,
      warnings: [...reader.warnings, ...reader.takeWarnings()],
    };
  } finally {
    await reader.close();
  }
}

/**
 * Renders a PDF page by page (only the pages `pages` selects) to 8-bit RGB at `dpi` (default 300), lowered per
 * page to stay within `maxPixels`. Each yielded page also carries its size in points, /Rotate, kind and text.
 */
export async function* loadPdfPages(
  filePath: string,
  opts: PdfPageOptions & PdfOpenOptions = {},
): AsyncGenerator<PdfRenderedPage> {
  const reader = await PdfDocumentReader.open(filePath, opts);
  try {
    // What opening found (repairs, XFA) rides on the first page: a LoadedPage stream has no document slot.
    let docWarnings: readonly string[] = reader.warnings;
    for await (const page of reader.pages(opts)) {
      if (!page.image) continue;
      yield docWarnings.length > 0 ? { ...page, warnings: [...docWarnings, ...page.warnings] } : page;
      docWarnings = [];
    }
  } finally {
    await reader.close();
  }
}

/** One page of a PDF rendered at `dpi` (page images for the GUI, rasterised fallbacks for the PDF writer). */
export async function renderPdfPage(filePath: string, page: number, dpi: number): Promise<RasterImage> {
  const reader = await PdfDocumentReader.open(filePath);
  try {
    const rendered = await reader.readPage(page, { dpi, render: () => true });
    if (!rendered.image) throw new OcrDeskError('NOT_FOUND', `page ${page} could not be rendered`, { page });
    return rendered.image;
  } finally {
    await reader.close();
  }
}
