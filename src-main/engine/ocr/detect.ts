// Text detection: resize the page to the detector's input, run DB, map boxes back to page pixels.
import type { RasterImage } from '../documents/raster.ts';
import { resizeRaster } from '../documents/raster-ops.ts';
import { boxesFromProbabilityMap, type DbParams, type DetectedBox } from './db-postprocess.ts';
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
