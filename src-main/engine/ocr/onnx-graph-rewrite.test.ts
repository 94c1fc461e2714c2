// The hard-swish rewrite on the shipped models: every pattern found, the same outputs, a smaller graph.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { loadModelPack } from './model-pack.ts';
import { fuseHardSwish } from './onnx-graph-rewrite.ts';

const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, logSeverityLevel: 3 };

async function outputs(model: Uint8Array, input: ort.Tensor): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(model, options);
  try {
    return (await s.run({ [s.inputNames[0]!]: input }))[s.outputNames[0]!]!.data as Float32Array;
  } finally {
    await s.release();
  }
}

function noise(n: number): Float32Array {
  let seed = 7;
  return Float32Array.from({ length: n }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

void test('every hard-swish of the PP-OCR models becomes Mul(x, HardSigmoid(x)) with the same outputs', async () => {
  const pack = await loadModelPack();
  // Recogniser (opset 9: Clip bounds as attributes) and detector (opset 11: Clip bounds as inputs).
  for (const [path, dims, expected] of [
    [pack.recognitionPath, [1, 3, 48, 320], 28],
    [pack.detectionPath, [1, 3, 160, 224], 24],
  ] as const) {
    const original = await readFile(path);
    const rewritten = fuseHardSwish(original);
    assert.equal(rewritten.hardSwish, expected, `${path}: patterns rewritten`);
    assert.ok(rewritten.bytes.length < original.length, 'four nodes and two constants become two nodes');
    const input = new ort.Tensor('float32', noise(dims.reduce((a: number, b: number) => a * b, 1)), [
      ...dims,
    ]);
    const [a, b] = [await outputs(original, input), await outputs(rewritten.bytes, input)];
    assert.equal(a.length, b.length);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    assert.ok(worst < 1e-4, `${path}: outputs differ by ${worst}`);
    // A second pass finds nothing left to rewrite and returns the bytes as they are.
    const again = fuseHardSwish(rewritten.bytes);
    assert.equal(again.hardSwish, 0);
    assert.equal(again.bytes, rewritten.bytes);
  }
});

void test('bytes that are not a model graph come back untouched or throw, never half-rewritten', () => {
  const empty = new Uint8Array(0);
  assert.equal(fuseHardSwish(empty).bytes, empty);
  assert.throws(() => fuseHardSwish(Uint8Array.from([0x3a, 0xff])), /truncated/);
});
