// One input file → every page decoded and recognised, one page in memory at a time.
import type { DocumentResult, PageResult } from '../../src-shared/ocr-result.ts';
import { inspectImage, loadImagePages } from './documents/image-loader.ts';
import type { OcrEngine } from './ocr/ocr-engine.ts';

export interface DocumentProgress {
  readonly file: string;
  readonly pagesDone: number;
  readonly pageCount: number;
}

export async function recognizeDocument(
  engine: OcrEngine,
  file: string,
  onProgress?: (p: DocumentProgress) => void,
): Promise<DocumentResult> {
  const meta = await inspectImage(file);
  const pages: PageResult[] = [];
  onProgress?.({ file, pagesDone: 0, pageCount: meta.pageCount });
  let t = performance.now();
  for await (const loaded of loadImagePages(file)) {
    const loadMs = performance.now() - t;
    const result = await engine.recognize(loaded.image, loaded.page);
    pages.push({
      ...result,
      timings: { ...result.timings, loadMs, totalMs: result.timings.totalMs + loadMs },
    });
    onProgress?.({ file, pagesDone: pages.length, pageCount: meta.pageCount });
    t = performance.now();
  }
  return { source: file, mediaType: meta.mediaType, pages };
}

/** Plain text of a document: pages in order, separated by form feeds (as pdftotext does). */
export function documentText(doc: DocumentResult): string {
  return doc.pages.map((p) => p.text).join('\n\f') + '\n';
}
