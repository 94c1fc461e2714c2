// One input file (image or PDF) → its pages preprocessed and recognised one at a time, skipping pages a previous attempt already
// stored. Runs in the OCR process. Pages whose pixels preprocessing changed are saved beside the job, because
// their boxes refer to those pixels (the page image API and the PDF use them instead of the input).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { JobOptions } from '../../../src-shared/api-schemas.ts';
import type { PageResult, PreprocessRecord } from '../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../documents/raster.ts';
import type { OcrEngine } from '../ocr/ocr-engine.ts';
import { openDocumentPages } from '../recognize-document.ts';
import { preprocessOptionsFromJob } from '../preprocess/preprocess-options.ts';
import { resultToStraight } from '../preprocess/map-to-original.ts';
import { preprocessPage } from '../preprocess/preprocess-page.ts';
import { quarterTurnPage, quarterTurnRaster } from '../preprocess/quarter-turn.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';

export interface PageStream {
  readonly mediaType: string;
  /** Pages the job gets from this file (the selected ones, those already stored included). */
  readonly pageCount: number;
  readonly pages: AsyncIterable<PageResult>;
  /** Warnings about the whole file, complete once `pages` is done. */
  readonly warnings?: () => string[];
}

/** Where a page's preprocessed image is kept: `<dir>/<file>-<page>.png`. */
export function processedImagePath(dir: string, fileIdx: number, page: number): string {
  return path.join(dir, `${fileIdx}-${page}.png`);
}

/** Whether preprocessing changed the page's pixels or geometry (then its image is saved). */
export function changedPixels(r: PreprocessRecord | undefined): boolean {
  return !!r && (!!r.deskewDegrees || !!r.autoRotate || !!r.despeckle || !!r.binarize);
}

export interface OpenPagesTarget {
  /** Folder for preprocessed page images, and the file's index in its job. */
  readonly imageDir: string;
  readonly fileIdx: number;
}

export async function openPages(
  engine: OcrEngine,
  file: string,
  options: JobOptions,
  skip: ReadonlySet<number>,
  target?: OpenPagesTarget,
): Promise<PageStream> {
  const pre = preprocessOptionsFromJob(options);
  const preprocessing = Object.keys(pre).length > 0;

  const recognize = async (
    image: RasterImage,
    page: number,
    dpi: number | undefined,
  ): Promise<PageResult> => {
    let record: PreprocessRecord | undefined;
    const original = image;
    const hints = dpi === undefined ? {} : { dpi };
    if (preprocessing) {
      // Quarter turns need the engine's verdict first, and so does deskew: the engine reads the page as it is
      // (rotating it first would blur small print) and its lines give the angle. Everything else runs before OCR.
      const p = await preprocessPage(image, { ...pre, autoRotate: false, deskew: false }, hints);
      image = p.image;
      record = p.record;
    }
    let result: PageResult;
    if (record?.blank) {
      const t = { loadMs: 0, detectMs: 0, classifyMs: 0, recognizeMs: 0, layoutMs: 0, totalMs: 0 };
      result = {
        page,
        width: image.width,
        height: image.height,
        rotation: 0,
        blocks: [],
        text: '',
        timings: t,
      };
    } else {
      result = await engine.recognize(image, page);
      if (pre.deskew && record) {
        // The output page is levelled by the angle of the lines just read, and the words are carried onto it.
        // Only a levelled page is cleaned again (after levelling, as before OCR): at angle 0 the cleaned page
        // OCR read is the output.
        const quads = result.blocks.flatMap((b) => b.lines.map((l) => l.quad));
        const level = await preprocessPage(original, { deskew: true }, { ...hints, quads });
        const degrees = level.record.deskewDegrees ?? 0;
        record = { ...record, deskewDegrees: degrees };
        if (degrees !== 0) {
          const clean = await preprocessPage(
            level.image,
            { ...pre, autoRotate: false, deskew: false },
            hints,
          );
          record = { ...record, ...clean.record };
          image = clean.image;
          result = resultToStraight(result, degrees);
        }
      }
      if (pre.autoRotate && result.rotation !== 0 && record) {
        record.autoRotate = result.rotation;
        image = await quarterTurnRaster(image, result.rotation);
        result = quarterTurnPage(result, result.rotation);
      }
    }
    if (target && changedPixels(record)) {
      await mkdir(target.imageDir, { recursive: true });
      const { width, height, channels, data } = image;
      const png = await sharp(data, { raw: { width, height, channels } })
        .png({ compressionLevel: 3 })
        .toBuffer();
      await writeFileAtomic(processedImagePath(target.imageDir, target.fileIdx, page), png);
    }
    return record ? { ...result, preprocess: record } : result;
  };

  const doc = await openDocumentPages(recognize, file, {
    ...(options.mode !== undefined && { mode: options.mode }),
    ...(options.dpi !== undefined && { dpi: options.dpi }),
    ...(options.pages !== undefined && { pages: options.pages }),
    skip: (n) => skip.has(n),
  });
  return { mediaType: doc.mediaType, pageCount: doc.pageCount, pages: doc.pages, warnings: doc.warnings };
}
