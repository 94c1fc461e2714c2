// What preprocessing a page gets. Meant to move to src-shared beside JobOptionsSchema.
import { z } from 'zod';
import type { JobOptions } from '../../../src-shared/api-schemas.ts';
import { DEFAULT_BLANK_THRESHOLD } from './blank-page.ts';

export const PreprocessOptionsSchema = z
  .object({
    /** Straighten tilted text lines (±15°). */
    deskew: z.boolean(),
    /** Turn the page upright by the quarter turn the OCR engine found (PageResult.rotation). */
    autoRotate: z.boolean(),
    /** Remove small isolated specks of noise. */
    despeckle: z.boolean(),
    /** Replace the page by its black-and-white (Sauvola) version. */
    binarize: z.boolean(),
    /** Decide whether the page is blank: ink ratio (inside the margins, after despeckling) below `threshold`. */
    removeBlank: z
      .object({ threshold: z.number().min(0).max(0.1).default(DEFAULT_BLANK_THRESHOLD) })
      .strict(),
  })
  .partial()
  .strict();
export type PreprocessOptions = z.infer<typeof PreprocessOptionsSchema>;

/** The preprocessing part of a job's options (JobOptions.removeBlankThreshold 0 means keep every page). */
export function preprocessOptionsFromJob(o: JobOptions): PreprocessOptions {
  return {
    ...(o.deskew ? { deskew: true } : {}),
    ...(o.autoRotate ? { autoRotate: true } : {}),
    ...(o.despeckle ? { despeckle: true } : {}),
    ...(o.binarize ? { binarize: true } : {}),
    ...(o.removeBlankThreshold ? { removeBlank: { threshold: o.removeBlankThreshold } } : {}),
  };
}
