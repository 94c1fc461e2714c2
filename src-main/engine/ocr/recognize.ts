// Recognition: strips of height 48 batched by width, normalised as PaddleOCR's rec models expect, CTC decoded.
import type { RasterImage } from '../documents/raster.ts';
import {
  decodeGreedy,
  foldFullWidth,
  groupWords,
  speckDotsAsSpaces,
  type DecodedLine,
} from './ctc-decode.ts';
import type { InferenceModel } from './onnx-runtime.ts';
import { batchByWidth } from './strip-batches.ts';

export interface RecognizerConfig {
  readonly height: number;
  readonly stride: number;
  readonly maxBatch: number;
  readonly minWidth: number;
  readonly characters: readonly string[];
}

/**
 * Write a strip into a padded batch tensor at `slot`: BGR planes scaled to [-1, 1]
 * (PaddleOCR's resize_norm_img: x/255, -0.5, /0.5); the padding stays 0, as PaddleOCR pads.
 */
export function writeStripTensor(
  strip: RasterImage,
  tensor: Float32Array,
  slot: number,
  paddedWidth: number,
): void {
  const { width, height, data } = strip;
  const plane = paddedWidth * height;
  const base = slot * 3 * plane;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 3;
      const d = y * paddedWidth + x;
      tensor[base + d] = data[s + 2]! / 127.5 - 1;
      tensor[base + plane + d] = data[s + 1]! / 127.5 - 1;
      tensor[base + 2 * plane + d] = data[s]! / 127.5 - 1;
    }
  }
}

export async function recognizeStrips(
  model: InferenceModel,
  strips: readonly RasterImage[],
  cfg: RecognizerConfig,
): Promise<DecodedLine[]> {
  const results = new Array<DecodedLine>(strips.length);
  const batches = batchByWidth(
    strips.map((s) => s.width),
    cfg.maxBatch,
    cfg.stride,
    cfg.minWidth,
  );
  for (const batch of batches) {
    const n = batch.indices.length;
    const tensor = new Float32Array(n * 3 * cfg.height * batch.width);
    batch.indices.forEach((idx, slot) => writeStripTensor(strips[idx]!, tensor, slot, batch.width));
    const out = await model.run(tensor, [n, 3, cfg.height, batch.width]);
    const steps = out.dims[1]!;
    const classes = out.dims[2]!;
    batch.indices.forEach((idx, slot) => {
      // Only the steps over the strip itself: padding must not emit characters.
      const own = Math.min(steps, Math.ceil(strips[idx]!.width / cfg.stride));
      const chars = decodeGreedy(out.data, slot * steps * classes, own, classes, cfg.characters);
      results[idx] = groupWords(speckDotsAsSpaces(foldFullWidth(chars)), own);
    });
  }
  return results;
}
