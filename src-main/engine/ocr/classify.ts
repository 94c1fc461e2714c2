// Line orientation: PaddleOCR's mobile classifier tells upright (0°) from upside-down (180°) text lines.
import type { RasterImage } from '../documents/raster.ts';
import { fitStrip } from './crop.ts';
import type { InferenceModel } from './onnx-runtime.ts';
import { writeStripTensor } from './recognize.ts';

export interface Orientation {
  readonly upsideDown: boolean;
  /** Probability of the chosen label. */
  readonly confidence: number;
}

/**
 * @param strips line strips of the classifier's height (the recogniser's strips: the classifier sees what the
 *   recogniser will read, and nothing is sampled from the page twice)
 */
export async function classifyStrips(
  model: InferenceModel,
  strips: readonly RasterImage[],
  height: number,
  width: number,
  maxBatch = 32,
): Promise<Orientation[]> {
  const out: Orientation[] = [];
  for (let start = 0; start < strips.length; start += maxBatch) {
    const chunk = strips.slice(start, start + maxBatch);
    const tensor = new Float32Array(chunk.length * 3 * height * width);
    // Long lines are squeezed into the classifier's fixed width, short ones padded, as PaddleOCR does.
    chunk.forEach((s, slot) => writeStripTensor(fitStrip(s, width, height), tensor, slot, width));
    const res = await model.run(tensor, [chunk.length, 3, height, width]);
    for (let i = 0; i < chunk.length; i++) {
      const p0 = res.data[i * 2]!;
      const p180 = res.data[i * 2 + 1]!;
      out.push({ upsideDown: p180 > p0, confidence: Math.max(p0, p180) });
    }
  }
  return out;
}
