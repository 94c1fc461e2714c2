// One page through the chosen preprocessing steps, in the order each needs: upright first (skew is measured the
// same either way, but the result should describe the upright page), then level, then clean, then judge blank.
import type { PreprocessRecord, Quad, Rotation } from '../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../documents/raster.ts';
import { maskToRaster, sauvolaMask, sauvolaWindowForDpi } from './binarize.ts';
import { blankVerdict, DEFAULT_BLANK_THRESHOLD } from './blank-page.ts';
import { despeckle, despeckleParamsForDpi, removeSpecksFromMask } from './despeckle.ts';
import { straighten } from './deskew.ts';
import { greyPlane } from './grey-plane.ts';
import type { PreprocessOptions } from './preprocess-options.ts';
import { quarterTurnRaster } from './quarter-turn.ts';
import { estimateSkew, skewFromQuads } from './skew-estimate.ts';

/**
 * Tilts smaller than this are left alone: the engine reads tilted lines along their quads as well as level ones
 * (jobs read the page before levelling it, see queue/page-source.ts), so deskew is for the output page, and
 * under half a degree a rotation's resampling blur costs that page more than the tilt does.
 */
export const MIN_DESKEW_DEGREES = 0.5;

/** What is already known about the page. */
export interface PreprocessHints {
  /** Resolution of the image; sizes (Sauvola window, speck size) scale from their 300 dpi values. */
  readonly dpi?: number;
  /** Clockwise quarter turn that makes the page upright (PageResult.rotation); autoRotate applies it. */
  readonly rotation?: Rotation;
  /** Detected text line quads on the image as given (OCR results): deskew takes its angle from them. */
  readonly quads?: readonly Quad[];
}

export interface PreprocessTimings {
  autoRotateMs?: number;
  deskewMs?: number;
  maskMs?: number;
  despeckleMs?: number;
  binarizeMs?: number;
  blankMs?: number;
  totalMs: number;
}

export interface PreprocessedPage {
  readonly image: RasterImage;
  readonly record: PreprocessRecord;
  readonly timings: PreprocessTimings;
}

export async function preprocessPage(
  input: RasterImage,
  options: PreprocessOptions,
  hints: PreprocessHints = {},
): Promise<PreprocessedPage> {
  const t0 = performance.now();
  let t = t0;
  const lap = (): number => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    return Math.round(ms * 10) / 10;
  };
  const record: PreprocessRecord = {};
  const timings: PreprocessTimings = { totalMs: 0 };
  let image = input;

  if (options.autoRotate && hints.rotation !== undefined) {
    image = await quarterTurnRaster(image, hints.rotation);
    record.autoRotate = hints.rotation;
    timings.autoRotateMs = lap();
  }

  if (options.deskew) {
    // Quarter turns leave a line's tilt from the nearest axis unchanged, so quads of the unturned page serve.
    const fromLines = hints.quads && hints.quads.length > 0 ? skewFromQuads(hints.quads) : undefined;
    const skew = fromLines ?? estimateSkew(image).degrees;
    const applied = Math.abs(skew) >= MIN_DESKEW_DEGREES ? Math.round(skew * 100) / 100 : 0;
    if (applied !== 0) image = straighten(image, applied);
    record.deskewDegrees = applied;
    timings.deskewMs = lap();
  }

  if (options.despeckle || options.binarize || options.removeBlank) {
    const { width: w, height: h } = image;
    let mask = sauvolaMask(greyPlane(image), { window: sauvolaWindowForDpi(hints.dpi) });
    timings.maskMs = lap();
    const speckParams = despeckleParamsForDpi(hints.dpi);
    if (options.despeckle) {
      const d = despeckle(image, mask, speckParams);
      image = d.image;
      mask = d.mask;
      record.despeckle = true;
      timings.despeckleMs = lap();
    }
    if (options.binarize) {
      image = maskToRaster(mask, w, h);
      record.binarize = true;
      timings.binarizeMs = lap();
    }
    if (options.removeBlank) {
      // The ink ratio is always taken after despeckling, whether or not the page itself is despeckled.
      const clean = options.despeckle ? mask : removeSpecksFromMask(mask, w, h, speckParams).mask;
      const v = blankVerdict(clean, w, h, {
        threshold: options.removeBlank.threshold ?? DEFAULT_BLANK_THRESHOLD,
      });
      record.inkRatio = Math.round(v.inkRatio * 1e6) / 1e6;
      record.blank = v.blank;
      timings.blankMs = lap();
    }
  }
  timings.totalMs = Math.round((performance.now() - t0) * 10) / 10;
  return { image, record, timings };
}
