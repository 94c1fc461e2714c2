// The job's searchable PDF: each stored page over its own image (JPEG inputs passed through unchanged), or over
// the original page for PDF inputs; one input file open at a time.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { JobOptions } from '../../../src-shared/api-schemas.ts';
import { isOcrDeskError, OcrDeskError } from '../../../src-shared/errors.ts';
import type { PageResult } from '../../../src-shared/ocr-result.ts';
import { loadImagePages } from '../documents/image-loader.ts';
import { renderPdfPage } from '../documents/pdf-reader.ts';
import { SearchablePdfWriter, type SearchablePdfResult } from '../exports/pdf/searchable-pdf-writer.ts';
import type { RasterImage } from '../documents/raster.ts';
import { decodeToRaster } from '../documents/raster-ops.ts';
import type { JobFileRow } from '../store/jobs-repo.ts';
import { changedPixels, processedImagePath } from './page-source.ts';

export interface PdfPageSource {
  readonly file: JobFileRow;
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
  });
  const warnings: string[] = [];
  for (const { file, pages: all, imageDir } of sources) {
    // Blank pages that preprocessing found are left out; pages it changed go in as the changed image.
    const pages = all.filter((p) => !p.preprocess?.blank);
    const processed = pages.filter((p) => changedPixels(p.preprocess));
    for (const page of processed) {
      await writer.addImagePage(
        page,
        await loadProcessedImage(processedImagePath(imageDir, file.idx, page.page)),
      );
    }
    if (processed.length > 0) continue;
    if (pages.length === 0) continue;
    if (file.media_type === 'application/pdf') {
      const bytes = await readFile(file.path);
      for (const page of pages) {
        try {
          await writer.addPdfPage(bytes, page.pdf?.pageIndex ?? page.page - 1, page);
        } catch (e) {
          // pdf-lib cannot copy pages of encrypted (owner-password) or badly damaged files: rasterise instead.
          if (!isOcrDeskError(e) || (e.code !== 'ENCRYPTED_PDF' && e.code !== 'CORRUPT_INPUT')) throw e;
          await writer.addImagePage(page, await renderPdfPage(file.path, page.page, page.dpi ?? 300));
          warnings.push(`${file.name} p${page.page}: page rasterised (${e.code}: ${e.message})`);
        }
      }
      continue;
    }
    const jpeg = file.media_type === 'image/jpeg' ? await jpegPassThrough(file.path) : undefined;
    if (jpeg) {
      await writer.addImagePage(pages[0]!, jpeg);
      continue;
    }
    const byNumber = new Map(pages.map((p) => [p.page, p]));
    for await (const loaded of loadImagePages(file.path, { pages: (n) => byNumber.has(n) })) {
      await writer.addImagePage(byNumber.get(loaded.page)!, loaded.image);
    }
  }
  if (writer.pageCount === 0) throw new OcrDeskError('OUTPUT_FAILED', 'no pages to write into the PDF');
  const out = await writer.finish();
  return { ...out, warnings: [...out.warnings, ...warnings] };
}
