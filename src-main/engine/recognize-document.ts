// One input file → every selected page read and, where needed, recognised; one page in memory at a time.
// The file's first bytes decide how it is read: images are decoded and OCR'd; PDF pages are rendered and
// OCR'd only when the mode asks for it (born-digital text is taken as it is, earlier OCR layers kept or redone).
import path from 'node:path';
import { OcrDeskError } from '../../src-shared/errors.ts';
import type { DocumentResult, PageResult } from '../../src-shared/ocr-result.ts';
import { inspectImage, loadImagePages, readHead } from './documents/image-loader.ts';
import type { RasterImage } from './documents/raster.ts';
import { readAhead } from './util/read-ahead.ts';
import type { PdfPageKind } from './documents/pdf-page-kind.ts';
import { PdfDocumentReader, type PdfPage, type PdfPageInfo } from './documents/pdf-reader.ts';
import { describeUnknownBytes, sniffMediaType } from './documents/sniff-media-type.ts';
import type { OcrEngine } from './ocr/ocr-engine.ts';

export interface DocumentProgress {
  readonly file: string;
  readonly pagesDone: number;
  /** Pages this run will produce (the selected pages). */
  readonly pageCount: number;
}

/**
 * auto: OCR pages without text, take born-digital text, keep existing OCR layers. force: OCR every page and
 * ignore existing text. redo: OCR pages whose only text is an invisible OCR layer again; keep born-digital text.
 */
export type RecognizeMode = 'auto' | 'force' | 'redo';
export const RECOGNIZE_MODES: readonly RecognizeMode[] = ['auto', 'force', 'redo'];

export interface RecognizeOptions {
  readonly mode?: RecognizeMode;
  /** Render resolution of PDF pages (default 300); lowered per page to fit `maxPixels`. */
  readonly dpi?: number;
  /** 1-based page ranges, e.g. "1-3,5" or "4-" (to the end). */
  readonly pages?: string;
  /** Per-page pixel cap: PDF pages render at a lower DPI to fit, larger images are refused. */
  readonly maxPixels?: number;
  /** For encrypted PDFs. */
  readonly password?: string;
  readonly onProgress?: (p: DocumentProgress) => void;
}

/** Where a page's `dpi` came from. */
export type DpiSource = NonNullable<PageResult['dpiSource']>;

/** What a PDF writer needs to put a page of a PDF input back: which page, its size and turn. */
export type PdfPageSource = NonNullable<PageResult['pdf']>;

/** Pages carry `dpiSource` and, for PDF inputs, `pdf` (both in the shared result type). */
export type RecognizedPage = PageResult;

export interface RecognizedDocument extends DocumentResult {
  pages: RecognizedPage[];
}

/**
 * How a decoded page becomes a result: the engine by default; the job pipeline adds preprocessing around it.
 * `dpi` is the page's resolution where the file or the render says it.
 */
export type PageRecognizer = (
  image: RasterImage,
  page: number,
  dpi: number | undefined,
) => Promise<PageResult>;

export interface DocumentPages {
  readonly mediaType: string;
  /** Pages this run produces (the selected pages, skipped ones included). */
  readonly pageCount: number;
  readonly pages: AsyncIterable<RecognizedPage>;
  /** Warnings about the whole file (damaged and repaired, ...), complete once `pages` is done. */
  readonly warnings: () => string[];
}

export interface PageSelection {
  readonly ranges: ReadonlyArray<{ readonly from: number; readonly to: number }>;
  readonly includes: (n: number) => boolean;
}

/** Parses "1-3,5,9-" (spaces allowed; an open end runs to the last page). */
export function parsePageRange(spec: string): PageSelection {
  const fail = (why: string): never => {
    throw new OcrDeskError('INVALID_ARGUMENT', `invalid page range "${spec}": ${why}`, { pages: spec });
  };
  if (spec.trim() === '') fail('it is empty');
  const ranges = spec.split(',').map((part) => {
    const m = /^\s*(\d+)\s*(?:(-)\s*(\d*)\s*)?$/.exec(part);
    if (!m) return fail(`"${part.trim()}" is not a page or a range like 2-5`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : m[3] === '' || m[3] === undefined ? Infinity : Number(m[3]);
    if (!Number.isSafeInteger(from) || from < 1) fail('pages count from 1');
    if (to < from) fail(`${from}-${to} runs backwards`);
    return { from, to };
  });
  return { ranges, includes: (n) => ranges.some((r) => n >= r.from && n <= r.to) };
}

function checkSelection(sel: PageSelection | undefined, pageCount: number, spec: string | undefined): number {
  if (!sel) return pageCount;
  let count = 0;
  for (let n = 1; n <= pageCount; n++) if (sel.includes(n)) count++;
  if (count === 0) {
    throw new OcrDeskError(
      'INVALID_ARGUMENT',
      `page range "${spec}" selects no page of this ${pageCount}-page document`,
      { pages: spec, pageCount },
    );
  }
  return count;
}

/**
 * OCR line boxes of ~10 pt body text measure about 11 pt. Measured on ../shared/eval: the 15 FUNSD form scans
 * (no pHYs; about 91 dpi, 1000 px for an 11 in page) are estimated at 76-101 dpi, median 90; with 12 pt
 * (10 pt x 1.2 leading) the median was 83. The 600 dpi A4 SROIE receipt (288.jpg) comes out at 467 dpi:
 * receipt type is smaller than body text, so the estimate errs low there.
 */
const LINE_BOX_PT = 11;
const MIN_LINES_FOR_DPI = 3;

/** Resolution of a scan judged from its text: median OCR line height over the usual body text height. */
export function estimateDpiFromText(page: Pick<PageResult, 'blocks'>): number | undefined {
  const heights = page.blocks
    .flatMap((b) => b.lines)
    .filter((l) => l.text.trim().length >= 3)
    // Left edge of the quad: the line's height whatever its direction on the page.
    .map((l) => Math.hypot(l.quad[3][0] - l.quad[0][0], l.quad[3][1] - l.quad[0][1]))
    .sort((a, b) => a - b);
  if (heights.length < MIN_LINES_FOR_DPI) return undefined;
  const median = heights[Math.floor((heights.length - 1) / 2)]!;
  return Math.round(Math.min(1200, Math.max(72, median / (LINE_BOX_PT / 72))));
}

const ASSUMED_DPI = 300;

/**
 * Whether a PNG's chunks before its pixels declare a density (pHYs in pixels per metre); undefined when the
 * head ends first. libvips reports 72 dpi for a PNG without pHYs (the FUNSD scans), and the image loader
 * passes that on as the file's resolution; such a page is treated here as having none.
 */
export function pngDeclaresDensity(head: Uint8Array): boolean | undefined {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  for (let i = 8; i + 8 <= head.length;) {
    const type = String.fromCharCode(...head.subarray(i + 4, i + 8));
    if (type === 'pHYs') return i + 16 < head.length ? head[i + 16] === 1 : undefined;
    if (type === 'IDAT') return false;
    i += 12 + view.getUint32(i);
  }
  return undefined;
}

function noTimings(loadMs: number): PageResult['timings'] {
  return { loadMs, detectMs: 0, classifyMs: 0, recognizeMs: 0, layoutMs: 0, totalMs: loadMs };
}

function withWarnings<T extends object>(page: T, warnings: readonly string[]): T & { warnings?: string[] } {
  return warnings.length > 0 ? { ...page, warnings: [...warnings] } : page;
}

export async function recognizeDocument(
  engine: OcrEngine,
  file: string,
  options: RecognizeOptions | ((p: DocumentProgress) => void) = {},
): Promise<RecognizedDocument> {
  const opts: RecognizeOptions = typeof options === 'function' ? { onProgress: options } : options;
  const doc = await openDocumentPages((image, page) => engine.recognize(image, page), file, opts);
  const pages: RecognizedPage[] = [];
  opts.onProgress?.({ file, pagesDone: 0, pageCount: doc.pageCount });
  for await (const page of doc.pages) {
    pages.push(page);
    opts.onProgress?.({ file, pagesDone: pages.length, pageCount: doc.pageCount });
  }
  const warnings = doc.warnings();
  return { source: file, mediaType: doc.mediaType, pages, ...(warnings.length > 0 && { warnings }) };
}

/**
 * One input file as a stream of recognised pages, one page in memory at a time (the next one decoding while
 * the current one is recognised). `skip` leaves out pages a previous attempt already stored.
 */
export async function openDocumentPages(
  recognize: PageRecognizer,
  file: string,
  opts: RecognizeOptions & { readonly skip?: (n: number) => boolean } = {},
): Promise<DocumentPages> {
  const mode = opts.mode ?? 'auto';
  if (!RECOGNIZE_MODES.includes(mode)) {
    throw new OcrDeskError('INVALID_ARGUMENT', `unknown mode "${String(mode)}" (auto, force, redo)`, {
      mode,
    });
  }
  const selection = opts.pages === undefined ? undefined : parsePageRange(opts.pages);
  // One look at the bytes decides the reader; the extension only sharpens the error for a fake .pdf.
  const head = await readHead(file);
  const type = sniffMediaType(head);
  if (type === 'application/pdf') return pdfPages(recognize, file, opts, mode, selection);
  if (type === undefined && path.extname(file).toLowerCase() === '.pdf') {
    throw new OcrDeskError('CORRUPT_INPUT', `not a PDF (no %PDF header): ${describeUnknownBytes(head)}`, {
      file: path.basename(file),
    });
  }
  const untrustedDensity = type === 'image/png' && pngDeclaresDensity(head) === false;
  return imagePages(recognize, file, opts, selection, untrustedDensity);
}

function wanted(selection: PageSelection | undefined, skip: ((n: number) => boolean) | undefined) {
  return (n: number): boolean => (selection ? selection.includes(n) : true) && !(skip?.(n) ?? false);
}

async function imagePages(
  recognize: PageRecognizer,
  file: string,
  opts: RecognizeOptions & { readonly skip?: (n: number) => boolean },
  selection: PageSelection | undefined,
  untrustedDensity: boolean,
): Promise<DocumentPages> {
  const meta = await inspectImage(file);
  const total = checkSelection(selection, meta.pageCount, opts.pages);
  async function* pages(): AsyncGenerator<RecognizedPage> {
    let t = performance.now();
    const loaded = loadImagePages(file, {
      pages: wanted(selection, opts.skip),
      ...(opts.maxPixels !== undefined && { maxPixels: opts.maxPixels }),
    });
    for await (const page of readAhead(loaded)) {
      const loadMs = performance.now() - t;
      const fileDpi = untrustedDensity ? undefined : page.dpi;
      const result = await recognize(page.image, page.page, fileDpi);
      const estimated = fileDpi === undefined ? estimateDpiFromText(result) : undefined;
      const [dpi, dpiSource]: [number, DpiSource] =
        fileDpi !== undefined
          ? [fileDpi, 'file']
          : estimated !== undefined
            ? [estimated, 'estimated']
            : [ASSUMED_DPI, 'assumed'];
      yield {
        ...result,
        timings: { ...result.timings, loadMs, totalMs: result.timings.totalMs + loadMs },
        dpi,
        dpiSource,
        origin: 'ocr',
      };
      t = performance.now();
    }
  }
  return { mediaType: meta.mediaType, pageCount: total, pages: pages(), warnings: () => [] };
}

async function pdfPages(
  recognize: PageRecognizer,
  file: string,
  opts: RecognizeOptions & { readonly skip?: (n: number) => boolean },
  mode: RecognizeMode,
  selection: PageSelection | undefined,
): Promise<DocumentPages> {
  const reader = await PdfDocumentReader.open(file, {
    ...(opts.password !== undefined && { password: opts.password }),
  });
  let total: number;
  try {
    total = checkSelection(selection, reader.pageCount, opts.pages);
  } catch (e) {
    await reader.close();
    throw e;
  }
  const warnings: string[] = [];
  const wantsOcr = (kind: PdfPageKind): boolean =>
    mode === 'force' || kind === 'scan' || (mode === 'redo' && kind === 'ocr-text');
  async function* pages(): AsyncGenerator<RecognizedPage> {
    try {
      let t = performance.now();
      const rendered = reader.pages({
        ...(opts.dpi !== undefined && { dpi: opts.dpi }),
        ...(opts.maxPixels !== undefined && { maxPixels: opts.maxPixels }),
        pages: wanted(selection, opts.skip),
        render: (info: PdfPageInfo) => wantsOcr(info.kind),
      });
      for await (const page of rendered) {
        const loadMs = performance.now() - t;
        yield await pdfPageResult(recognize, page, loadMs, mode === 'force' || page.kind !== 'empty');
        t = performance.now();
      }
      warnings.push(...reader.warnings, ...reader.takeWarnings());
    } finally {
      await reader.close();
    }
  }
  return {
    mediaType: 'application/pdf',
    pageCount: total,
    pages: pages(),
    warnings: () => [...new Set(warnings)],
  };
}

async function pdfPageResult(
  recognize: PageRecognizer,
  page: PdfPage,
  loadMs: number,
  ocrIfRendered: boolean,
): Promise<RecognizedPage> {
  const pdf: PdfPageSource = {
    pageIndex: page.pageIndex,
    widthPt: page.widthPt,
    heightPt: page.heightPt,
    rotate: page.rotate,
    kind: page.kind,
  };
  const common = { dpi: page.dpi, dpiSource: 'render' as const, pdf };
  if (page.image && ocrIfRendered) {
    const result = await recognize(page.image, page.page, page.dpi);
    return withWarnings(
      {
        ...result,
        timings: { ...result.timings, loadMs, totalMs: result.timings.totalMs + loadMs },
        ...common,
        origin: 'ocr',
      },
      page.warnings,
    );
  }
  // Not OCR'd: the page's own text (born-digital, or an OCR layer kept as it is), or nothing on an empty page.
  const own = page.text.wordCount > 0;
  return withWarnings(
    {
      page: page.page,
      width: page.width,
      height: page.height,
      rotation: own ? page.text.rotation : 0,
      blocks: own ? page.text.blocks : [],
      text: own ? page.text.text : '',
      timings: noTimings(loadMs),
      ...common,
      origin: own ? 'pdf-text' : 'none',
    },
    page.warnings,
  );
}

/** Plain text of a document: pages in order, separated by form feeds (as pdftotext does). */
export function documentText(doc: DocumentResult): string {
  return doc.pages.map((p) => p.text).join('\n\f') + '\n';
}
