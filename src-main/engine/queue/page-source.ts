// One input file → its pages recognised one at a time, skipping pages a previous attempt already stored.
import type { JobOptions } from '../../../src-shared/api-schemas.ts';
import type { PageResult } from '../../../src-shared/ocr-result.ts';
import { inspectImage, loadImagePages } from '../documents/image-loader.ts';
import type { OcrEngine } from '../ocr/ocr-engine.ts';
import { readAhead } from '../util/read-ahead.ts';

export interface PageStream {
  readonly mediaType: string;
  readonly pageCount: number;
  readonly pages: AsyncIterable<PageResult>;
}

export async function openPages(
  engine: OcrEngine,
  file: string,
  _options: JobOptions,
  skip: ReadonlySet<number>,
): Promise<PageStream> {
  const meta = await inspectImage(file);
  async function* pages(): AsyncIterable<PageResult> {
    let t = performance.now();
    for await (const loaded of readAhead(loadImagePages(file, { pages: (n) => !skip.has(n) }))) {
      const loadMs = performance.now() - t;
      const result = await engine.recognize(loaded.image, loaded.page);
      yield {
        ...result,
        ...(loaded.dpi !== undefined && { dpi: loaded.dpi }),
        timings: { ...result.timings, loadMs, totalMs: result.timings.totalMs + loadMs },
      };
      t = performance.now();
    }
  }
  return { mediaType: meta.mediaType, pageCount: meta.pageCount, pages: pages() };
}
