// Blank-page detection: the share of the page that is ink once noise is gone, measured away from the edges,
// where scanners leave shadows and punched holes show through.
import type { RasterImage } from '../documents/raster.ts';
import { sauvolaMask } from './binarize.ts';
import { DEFAULT_DESPECKLE, removeSpecksFromMask, type DespeckleParams } from './despeckle.ts';
import { greyPlane } from './grey-plane.ts';

/**
 * Ink ratio below which a page counts as blank. Measured on A4 at 300 dpi, 10 pt type: a page number alone is
 * ~0.005 %, one short line ("Signed: J. Smith, 12.03.2024") ~0.06 %. Dropping a page that has content is the
 * worse mistake, so the threshold sits well under a single line.
 */
export const DEFAULT_BLANK_THRESHOLD = 0.0002;
/**
 * Band ignored along each edge, as a fraction of that side: ISO 838 punch holes (6 mm, centred 12 mm in) reach
 * 15 mm into an A4 sheet, 7 % of its width.
 */
export const DEFAULT_BLANK_MARGIN = 0.08;

export interface BlankPageOptions {
  readonly threshold?: number;
  readonly margin?: number;
}

export interface BlankVerdict {
  readonly blank: boolean;
  /** Ink pixels / pixels, inside the margins, after despeckling. */
  readonly inkRatio: number;
}

/** Ink share of the page's interior from an ink mask whose specks are already removed. */
export function inkRatio(
  mask: Uint8Array,
  width: number,
  height: number,
  margin = DEFAULT_BLANK_MARGIN,
): number {
  const mx = Math.floor(width * margin);
  const my = Math.floor(height * margin);
  const x1 = width - mx;
  const y1 = height - my;
  if (x1 <= mx || y1 <= my) return 0;
  let ink = 0;
  for (let y = my; y < y1; y++) {
    const o = y * width;
    for (let x = o + mx; x < o + x1; x++) ink += mask[x]!;
  }
  return ink / ((x1 - mx) * (y1 - my));
}

/** Decide from an ink mask (1 = ink) whose specks are already removed. */
export function blankVerdict(
  mask: Uint8Array,
  width: number,
  height: number,
  options: BlankPageOptions = {},
): BlankVerdict {
  const ratio = inkRatio(mask, width, height, options.margin ?? DEFAULT_BLANK_MARGIN);
  return { blank: ratio < (options.threshold ?? DEFAULT_BLANK_THRESHOLD), inkRatio: ratio };
}

/** Binarise, despeckle and measure a page on its own. */
export function detectBlankPage(
  image: RasterImage,
  options: BlankPageOptions & { despeckle?: DespeckleParams } = {},
): BlankVerdict {
  const raw = sauvolaMask(greyPlane(image));
  const { mask } = removeSpecksFromMask(
    raw,
    image.width,
    image.height,
    options.despeckle ?? DEFAULT_DESPECKLE,
  );
  return blankVerdict(mask, image.width, image.height, options);
}
