// The pool reads strips exactly as one in-thread session does, in the strips' order, and fails loudly.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rasterFromSvg } from '../preprocess/synthetic-pages.ts';
import type { RasterImage } from '../documents/raster.ts';
import { loadModelPack, type ModelPack } from './model-pack.ts';
import { loadModel, type InferenceModel } from './onnx-runtime.ts';
import { recognizeStrips, type RecognizerConfig } from './recognize.ts';
import { RecognizerPool } from './recognizer-pool.ts';

const WORDS = [
  'INVOICE 2024',
  'Total due: 118.40',
  'Thank you',
  'A',
  'Harbour Street 7, Leith',
  'qty 3 x 4.99',
];

/** A 48-high strip with the text rendered black on white. */
async function strip(text: string): Promise<RasterImage> {
  const width = Math.max(48, text.length * 16);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="48"><rect width="100%" height="100%" fill="#fff"/><text x="6" y="33" font-family="DejaVu Sans, sans-serif" font-size="26" fill="#000">${text}</text></svg>`;
  return rasterFromSvg(svg);
}

let pack: ModelPack;
let single: InferenceModel;
let pool: RecognizerPool;
let cfg: RecognizerConfig;
before(async () => {
  pack = await loadModelPack();
  cfg = { height: 48, stride: 8, maxBatch: 1, minWidth: 0, characters: pack.characters };
  single = await loadModel(pack.recognitionPath, { provider: 'cpu', threads: 1 });
  pool = await RecognizerPool.create(2, {
    modelPath: pack.recognitionPath,
    threads: 1,
    characters: pack.characters,
    config: { height: 48, stride: 8, maxBatch: 1, minWidth: 0 },
  });
});
after(async () => {
  await pool?.close();
  await single?.close();
});

void test('two threads read what one session reads, in the order given', async () => {
  // Repeated so that both threads get work and results must be put back in order.
  const strips = await Promise.all([...WORDS, ...WORDS].map(strip));
  const expected = await recognizeStrips(single, strips, cfg);
  const got = await pool.recognize(strips);
  assert.equal(got.length, strips.length);
  assert.deepEqual(
    got.map((l) => l.text),
    expected.map((l) => l.text),
  );
  got.forEach((l, i) => assert.ok(Math.abs(l.confidence - expected[i]!.confidence) < 1e-5));
  // The strips are readable at all: the test would pass on garbage otherwise.
  assert.equal(got[2]!.text, 'Thank you');
});

void test('no strips, no work', async () => {
  assert.deepEqual(await pool.recognize([]), []);
});

void test('a model that cannot load fails the pool at creation, with the reason', async () => {
  await assert.rejects(
    RecognizerPool.create(1, {
      modelPath: '/nonexistent/rec.onnx',
      threads: 1,
      characters: pack.characters,
      config: { height: 48, stride: 8, maxBatch: 1, minWidth: 0 },
    }),
    /rec\.onnx/,
  );
});
