// A real tilted scan from ../shared/eval: deskew from the engine's own detected lines must not cost words.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { PageResult } from '../../../src-shared/ocr-result.ts';
import { loadImagePages } from '../documents/image-loader.ts';
import { OcrEngine } from '../ocr/ocr-engine.ts';
import { preprocessPage } from './preprocess-page.ts';
import { estimateSkew } from './skew-estimate.ts';

const EVAL = path.resolve(import.meta.dirname, '../../../../shared/eval');
// A receipt scanned about 1.6° off level (the most tilted page of the dev set that the engine reads well).
const SCAN = path.join(EVAL, 'data/sroie/444.jpg');
const skip = existsSync(SCAN) ? false : `dev scan not found (${SCAN})`;

let engine: OcrEngine | undefined;
before(async () => {
  if (!skip) engine = await OcrEngine.create({ provider: 'cpu' });
});
after(async () => engine?.close());

function recall(truth: readonly string[], page: PageResult): number {
  const left = new Map<string, number>();
  for (const w of truth) left.set(w, (left.get(w) ?? 0) + 1);
  let hit = 0;
  for (const w of page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words))) {
    const k = w.text.toLowerCase();
    const n = left.get(k) ?? 0;
    if (n > 0) {
      hit++;
      left.set(k, n - 1);
    }
  }
  return hit / truth.length;
}

void test('deskewing a real tilted scan by its detected lines keeps its word recall', { skip }, async (t) => {
  const truth = (
    JSON.parse(readFileSync(SCAN.replace(/\.jpg$/, '.json'), 'utf8')) as { words: Array<{ text: string }> }
  ).words.map((w) => w.text.toLowerCase());
  let image;
  for await (const p of loadImagePages(SCAN)) image = p.image;
  assert.ok(image && engine);
  const first = await engine.recognize(image);
  const quads = first.blocks.flatMap((b) => b.lines.map((l) => l.quad));
  const out = await preprocessPage(image, { deskew: true }, { quads });
  const fromLines = out.record.deskewDegrees!;
  const fromImage = estimateSkew(image).degrees;
  t.diagnostic(`skew from lines ${fromLines}°, from the image ${fromImage}°`);
  assert.ok(fromLines < -1 && fromLines > -2.5, `skew from lines ${fromLines}`);
  assert.ok(Math.abs(fromLines - fromImage) <= 0.3, `witnesses disagree: ${fromLines} vs ${fromImage}`);
  const second = await engine.recognize(out.image);
  const [r0, r1] = [recall(truth, first), recall(truth, second)];
  t.diagnostic(`word recall ${r0.toFixed(3)} -> ${r1.toFixed(3)}`);
  // Tilted lines are cut along their own rotated boxes, so deskew buys the reader little (it straightens the
  // output page), and its resampling softens small receipt print. Measured on this scan: 0.848 -> 0.864 with
  // unclip 1.5; with unclip 1.8, 0.886 -> 0.871 (page upscaled) and 0.902 -> 0.864 (detected at its own size).
  // The bound catches a deskew that garbles the page, not that softening (noted as a known cost).
  assert.ok(r1 >= r0 - 0.05, `recall fell from ${r0} to ${r1}`);
});
