// Line orientation: PaddleOCR's mobile classifier tells upright (0°) from upside-down (180°) text lines.
import type { Quad } from '../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../documents/raster.ts';
import { cropStrip, stripWidth } from './crop.ts';
import type { InferenceModel } from './onnx-runtime.ts';
import { writeStripTensor } from './recognize.ts';

export interface Orientation {
  readonly upsideDown: boolean;
  /** Probability of the chosen label. */
  readonly confidence: number;
}

export async function classifyLines(
  model: InferenceModel,
  page: RasterImage,
  quads: readonly Quad[],
  height: number,
  width: number,
  maxBatch = 32,
): Promise<Orientation[]> {
  const out: Orientation[] = [];
  for (let start = 0; start < quads.length; start += maxBatch) {
    const chunk = quads.slice(start, start + maxBatch);
    const tensor = new Float32Array(chunk.length * 3 * height * width);
    chunk.forEach((q, slot) => {
      // Long lines are squeezed into the classifier's fixed width, as PaddleOCR does.
      writeStripTensor(cropStrip(page, q, stripWidth(q, height, width), height), tensor, slot, width);
    });
    const res = await model.run(tensor, [chunk.length, 3, height, width]);
    for (let i = 0; i < chunk.length; i++) {
      const p0 = res.data[i * 2]!;
      const p180 = res.data[i * 2 + 1]!;
      out.push({ upsideDown: p180 > p0, confidence: Math.max(p0, p180) });
    }
  }
  return out;
}
