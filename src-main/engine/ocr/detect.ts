// Text detection: resize the page to the detector's input, run DB, map boxes back to page pixels.
import type { RasterImage } from '../documents/raster.ts';
import { resizeRaster } from '../documents/raster-ops.ts';
import { quadSize } from './crop.ts';
import { boxesFromProbabilityMap, type DbParams, type DetectedBox } from './db-postprocess.ts';
import { boxArea, boxOverlap, quadToBox } from './geometry.ts';
import type { InferenceModel } from './onnx-runtime.ts';

export interface DetectorConfig {
  /** Longest side of the detector input, in pixels; larger pages are scaled down. */
  readonly limitSide: number;
  /** Small pages are scaled up towards `limitSide` by at most this factor (1 = never). */
  readonly maxUpscale: number;
  readonly sizeMultiple: number;
  readonly channelOrder: 'bgr' | 'rgb';
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
  readonly db: DbParams;
}

export interface InputSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Detector input size: scale so the longest side fits `limitSide` (never up), then round each side to a
 * multiple of `multiple` (PaddleOCR's DetResizeForTest, limit_type 'max'). Scale factors are kept per axis.
 */
export function detectorInputSize(
  width: number,
  height: number,
  limitSide: number,
  multiple: number,
  maxUpscale = 1,
): InputSize {
  const ratio = Math.min(maxUpscale, limitSide / Math.max(width, height));
  const round = (v: number): number => Math.max(multiple, Math.round((v * ratio) / multiple) * multiple);
  return { width: round(width), height: round(height) };
}

/** Text lines of at least this median height (page pixels) are large enough to be detected unscaled. */
export const LARGE_TEXT_PX = 28;
const MIN_LINES_FOR_SIZE = 3;

/**
 * Whether a page detected from an upscaled copy holds text large enough that the upscale did not help and it
 * should be detected again at its own size. Small pages are upscaled first because most are low-resolution scans
 * (FUNSD's 1000 px forms: 13-19 px lines, word-box recall +0.035 at 1.6x); a small page of large text
 * (a screenshot, a photo of a sign; the project's 31-38 px test pages) lost words when upscaled 2x. The dev
 * set's small receipts (18-27 px lines) keep the upscale.
 */
export function largeText(boxes: readonly DetectedBox[]): boolean {
  const heights = boxes
    .map((b) => {
      // The short side, whichever way the line runs.
      const { width, height } = quadSize(b.quad);
      return Math.min(width, height);
    })
    .sort((a, b) => a - b);
  if (heights.length < MIN_LINES_FOR_SIZE) return false;
  return heights[Math.floor((heights.length - 1) / 2)]! >= LARGE_TEXT_PX;
}

/**
 * A box from the second pass is new text if at most this share of it lies under the first pass's boxes, and it
 * holds at most this share of any one of them (a whole line over a word the first pass found alone would read
 * that word twice).
 */
const MAX_SHARED_AREA = 0.2;

/**
 * `primary` with the boxes of `secondary` (the same page detected at another scale) that cover text `primary`
 * missed. The upscaled pass finds small print but loses some faint or loosely set words (a FUNSD form's "TA #:", "LOT #:")
 * that the page's own size keeps, and the other way round.
 */
export function unionDetections(
  primary: readonly DetectedBox[],
  secondary: readonly DetectedBox[],
): DetectedBox[] {
  const boxes = primary.map((d) => quadToBox(d.quad));
  const added = secondary.filter((d) => {
    const b = quadToBox(d.quad);
    const area = boxArea(b);
    if (area <= 0) return false;
    let shared = 0;
    for (const p of boxes) {
      const common = boxOverlap(b, p);
      if (common > MAX_SHARED_AREA * boxArea(p)) return false;
      shared += common;
    }
    return shared <= MAX_SHARED_AREA * area;
  });
  return [...primary, ...added];
}

/** Interleaved 8-bit → planar float32 CHW, normalised, in the model's channel order. */
export function toDetectorTensor(
  img: RasterImage,
  cfg: Pick<DetectorConfig, 'channelOrder' | 'mean' | 'std'>,
): Float32Array {
  const plane = img.width * img.height;
  const out = new Float32Array(3 * plane);
  const src = img.data;
  for (let c = 0; c < 3; c++) {
    const from = cfg.channelOrder === 'bgr' ? 2 - c : c;
    const scale = 1 / (255 * cfg.std[c]!);
    const shift = cfg.mean[c]! / cfg.std[c]!;
    const base = c * plane;
    for (let i = 0; i < plane; i++) out[base + i] = src[i * 3 + from]! * scale - shift;
  }
  return out;
}

export async function detectText(
  model: InferenceModel,
  page: RasterImage,
  cfg: DetectorConfig,
): Promise<DetectedBox[]> {
  const size = detectorInputSize(page.width, page.height, cfg.limitSide, cfg.sizeMultiple, cfg.maxUpscale);
  const resized = await resizeRaster(page, size.width, size.height);
  const out = await model.run(toDetectorTensor(resized, cfg), [1, 3, size.height, size.width]);
  const mapH = out.dims[2]!;
  const mapW = out.dims[3]!;
  return boxesFromProbabilityMap(
    out.data,
    mapW,
    mapH,
    page.width / mapW,
    page.height / mapH,
    page.width,
    page.height,
    cfg.db,
  );
}
