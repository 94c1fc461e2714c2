// The job's searchable PDF: each stored page over its own image (JPEG inputs passed through unchanged), or over
// the original page for PDF inputs; one input file open at a time.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { DEFAULT_JOB_OPTIONS, type JobOptions } from '../../../src-shared/api-schemas.ts';
import { isOcrDeskError, OcrDeskError } from '../../../src-shared/errors.ts';
import type { PageResult } from '../../../src-shared/ocr-result.ts';
import { loadImagePages } from '../documents/image-loader.ts';
import { renderPdfPage } from '../documents/pdf-reader.ts';
import { SearchablePdfWriter, type SearchablePdfResult } from '../exports/pdf/searchable-pdf-writer.ts';
import type { RasterImage } from '../documents/raster.ts';
import { decodeToRaster } from '../documents/raster-ops.ts';
import type { JobFileRow } from '../store/jobs-repo.ts';
import { changedPixels, processedImagePath } from './page-source.ts';

/** What the PDF needs of an input file (a job's file row, or a file the CLI reads). */
export type PdfInputFile = Pick<JobFileRow, 'idx' | 'name' | 'path' | 'media_type'>;

export interface PdfPageSource {
  readonly file: PdfInputFile;
  readonly pages: readonly PageResult[];
  /** Folder of preprocessed page images (pages whose pixels preprocessing changed). */
  readonly imageDir: string;
}

/** A saved preprocessed page image as raw RGB. */
export function loadProcessedImage(file: string): Promise<RasterImage> {
  return decodeToRaster(file);
}

/** A JPEG may go in as is only when no EXIF turn was applied before OCR (the boxes refer to the turned image). */
async function jpegPassThrough(path: string): Promise<Uint8Array | undefined> {
  const bytes = await readFile(path);
  const meta = await sharp(bytes).metadata();
  return meta.orientation === undefined || meta.orientation === 1 ? bytes : undefined;
}

export async function renderSearchablePdf(
  sources: readonly PdfPageSource[],
  options: JobOptions,
): Promise<SearchablePdfResult> {
  const writer = await SearchablePdfWriter.create({
    pdfa: options.pdfa ?? '2b',
    ...(options.title !== undefined && { title: options.title }),
    ...(options.author !== undefined && { author: options.author }),
    ...(options.subject !== undefined && { subject: options.subject }),
    ...(options.keywords !== undefined && { keywords: options.keywords }),
    ...(options.jpegQuality !== undefined && { jpegQuality: options.jpegQuality }),
    optimize: options.optimize ?? DEFAULT_JOB_OPTIONS.optimize,
  });
  const warnings: string[] = [];
  for (const source of sources) await addFilePages(writer, source, warnings);
  if (writer.pageCount === 0) throw new OcrDeskError('OUTPUT_FAILED', 'no pages to write into the PDF');
  const out = await writer.finish();
  return { ...out, warnings: [...out.warnings, ...warnings] };
}

/**
 * One input file's pages in page order: a page preprocessing changed goes in as its saved image, the others as the
 * original (the PDF page itself, a JPEG's bytes, or the decoded image); blank pages are left out.
 */
async function addFilePages(
  writer: SearchablePdfWriter,
  { file, pages: all, imageDir }: PdfPageSource,
  warnings: string[],
): Promise<void> {
  const pages = all.filter((p) => !p.preprocess?.blank);
  const originals = new Set(pages.filter((p) => !changedPixels(p.preprocess)).map((p) => p.page));
  const isPdf = file.media_type === 'application/pdf';
  const pdfBytes = isPdf && originals.size > 0 ? await readFile(file.path) : undefined;
  const jpeg =
    !isPdf && originals.size > 0 && file.media_type === 'image/jpeg'
      ? await jpegPassThrough(file.path)
      : undefined;
  // Decoded in page order, one page alive at a time, for the originals only.
  const decoded =
    !isPdf && !jpeg && originals.size > 0
      ? loadImagePages(file.path, { pages: (n) => originals.has(n) })[Symbol.asyncIterator]()
      : undefined;
  try {
    for (const page of pages) {
      if (!originals.has(page.page)) {
        await writer.addImagePage(
          page,
          await loadProcessedImage(processedImagePath(imageDir, file.idx, page.page)),
        );
      } else if (pdfBytes) {
        try {
          await writer.addPdfPage(pdfBytes, page.pdf?.pageIndex ?? page.page - 1, page);
        } catch (e) {
          // pdf-lib cannot copy pages of encrypted (owner-password) or badly damaged files: rasterise instead.
          if (!isOcrDeskError(e) || (e.code !== 'ENCRYPTED_PDF' && e.code !== 'CORRUPT_INPUT')) throw e;
          await writer.addImagePage(page, await renderPdfPage(file.path, page.page, page.dpi ?? 300));
          warnings.push(`${file.name} p${page.page}: page rasterised (${e.code}: ${e.message})`);
        }
      } else if (jpeg) {
        await writer.addImagePage(page, jpeg);
      } else {
        const next = await decoded!.next();
        if (next.done || next.value.page !== page.page) {
          throw new OcrDeskError('INTERNAL', `${file.name}: page ${page.page} could not be read again`);
        }
        await writer.addImagePage(page, next.value.image);
      }
    }
  } finally {
    await decoded?.return?.(undefined);
  }
}
