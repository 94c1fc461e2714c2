// What kind of pixels a page holds, so the PDF writer can embed it compactly: 1-bit, 8-bit grey, or colour.
import type { RasterImage } from '../documents/raster.ts';

export type ColourClass = 'bilevel' | 'grey' | 'colour';

export interface ColourClassOptions {
  /** Largest spread between a pixel's channels still counted as grey (JPEG chroma noise is a few levels). */
  readonly greyTolerance?: number;
  /** Largest distance from 0 or 255 still counted as black or white; 0 keeps 1-bit embedding lossless. */
  readonly bilevelTolerance?: number;
}

/** Classify every pixel; stops at the first one that rules out a class, so colour pages cost almost nothing. */
export function classifyColour(image: RasterImage, options: ColourClassOptions = {}): ColourClass {
  const greyTol = options.greyTolerance ?? 2;
  const biTol = options.bilevelTolerance ?? 0;
  const d = image.data;
  let bilevel = true;
  for (let j = 0; j < d.length; j += 3) {
    const r = d[j]!;
    const g = d[j + 1]!;
    const b = d[j + 2]!;
    const hi = r > g ? (r > b ? r : b) : g > b ? g : b;
    const lo = r < g ? (r < b ? r : b) : g < b ? g : b;
    if (hi - lo > greyTol) return 'colour';
    if (bilevel && (hi - lo > biTol || (hi > biTol && lo < 255 - biTol))) bilevel = false;
  }
  return bilevel ? 'bilevel' : 'grey';
}

/** Every pixel black or white (within `tolerance`). */
export function isBilevel(image: RasterImage, tolerance = 0): boolean {
  return classifyColour(image, { bilevelTolerance: tolerance, greyTolerance: tolerance }) === 'bilevel';
}

/** Every pixel neutral (channels within `tolerance` of each other); bilevel pages are grey too. */
export function isGrey(image: RasterImage, tolerance = 2): boolean {
  return classifyColour(image, { greyTolerance: tolerance }) !== 'colour';
}
