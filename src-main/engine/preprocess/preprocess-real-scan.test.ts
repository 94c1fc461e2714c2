// A real tilted scan from ../shared/eval: deskew from the engine's own detected lines must not cost words.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { PageResult } from '../../../src-shared/ocr-result.ts';
import { loadImagePages } from '../documents/image-loader.ts';
import { OcrEngine } from '../ocr/ocr-engine.ts';
import sharp from 'sharp';
import { openPages, processedImagePath } from '../queue/page-source.ts';
import { estimateSkew, skewFromQuads } from './skew-estimate.ts';

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

void test(
  'deskewing a real tilted scan: the words read on the page as it is, carried onto the level page',
  { skip },
  async (t) => {
    const truth = (
      JSON.parse(readFileSync(SCAN.replace(/\.jpg$/, '.json'), 'utf8')) as { words: Array<{ text: string }> }
    ).words.map((w) => w.text.toLowerCase());
    let image;
    for await (const p of loadImagePages(SCAN)) image = p.image;
    assert.ok(image && engine);
    const plain = await engine.recognize(image);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ocrdesk-deskew-'));
    try {
      const stream = await openPages(engine, SCAN, { deskew: true }, new Set(), {
        imageDir: dir,
        fileIdx: 0,
      });
      let levelled: PageResult | undefined;
      for await (const page of stream.pages) levelled = page;
      assert.ok(levelled);
      const degrees = levelled.preprocess?.deskewDegrees ?? 0;
      const fromImage = estimateSkew(image).degrees;
      t.diagnostic(`skew from lines ${degrees}°, from the image ${fromImage}°`);
      assert.ok(degrees < -1 && degrees > -2.5, `skew from lines ${degrees}`);
      assert.ok(Math.abs(degrees - fromImage) <= 0.3, `witnesses disagree: ${degrees} vs ${fromImage}`);

      // Same words as reading the page without deskew: rotating first would soften the small print (measured
      // 0.902 -> 0.864 word recall when the levelled pixels were read instead).
      const words = (r: PageResult): string[] =>
        r.blocks.flatMap((b) => b.lines.flatMap((l) => l.words.map((w) => w.text)));
      assert.deepEqual(words(levelled), words(plain));
      t.diagnostic(`word recall ${recall(truth, levelled).toFixed(3)}`);

      // On the levelled page the lines are level, and where the engine finds them when it reads those pixels.
      const quads = levelled.blocks.flatMap((b) => b.lines.map((l) => l.quad));
      const left = skewFromQuads(quads) ?? 0;
      assert.ok(Math.abs(left) < 0.2, `lines still ${left}° off level`);
      const saved = await sharp(processedImagePath(dir, 0, 1))
        .raw()
        .toBuffer({ resolveWithObject: true });
      const reread = await engine.recognize({
        width: saved.info.width,
        height: saved.info.height,
        channels: 3,
        data: new Uint8Array(saved.data.buffer, saved.data.byteOffset, saved.data.length),
      });
      const boxes = reread.blocks.flatMap((b) => b.lines.map((l) => l.box));
      const matched = levelled.blocks
        .flatMap((b) => b.lines.map((l) => l.box))
        .filter((box) => boxes.some((o) => iou(box, o) >= 0.5)).length;
      t.diagnostic(`${matched}/${quads.length} carried lines on a line found on the levelled pixels`);
      assert.ok(
        matched >= 0.85 * quads.length,
        `${matched}/${quads.length} lines on the levelled page's lines`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

function iou(a: readonly number[], b: readonly number[]): number {
  const w = Math.min(a[2]!, b[2]!) - Math.max(a[0]!, b[0]!);
  const h = Math.min(a[3]!, b[3]!) - Math.max(a[1]!, b[1]!);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / ((a[2]! - a[0]!) * (a[3]! - a[1]!) + (b[2]! - b[0]!) * (b[3]! - b[1]!) - inter);
}
