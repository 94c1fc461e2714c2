import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PageResultSchema, type PageResult, type Quad } from '../../../src-shared/ocr-result.ts';
import { resultToOriginal } from './map-to-original.ts';
import { quarterTurnQuad } from './quarter-turn.ts';
import { skewTransform } from './deskew.ts';

function page(width: number, height: number, q: Quad): PageResult {
  const box = (qq: Quad): [number, number, number, number] => [
    Math.min(...qq.map((p) => p[0])),
    Math.min(...qq.map((p) => p[1])),
    Math.max(...qq.map((p) => p[0])),
    Math.max(...qq.map((p) => p[1])),
  ];
  return PageResultSchema.parse({
    page: 1,
    width,
    height,
    rotation: 0,
    blocks: [
      {
        box: box(q),
        lines: [
          {
            text: 'a',
            confidence: 1,
            box: box(q),
            quad: q,
            words: [{ text: 'a', confidence: 1, box: box(q), quad: q }],
          },
        ],
      },
    ],
    text: 'a',
    timings: { loadMs: 0, detectMs: 0, classifyMs: 0, recognizeMs: 0, layoutMs: 0, totalMs: 0 },
  });
}

void test('results on a turned and deskewed page map back onto the page as loaded', () => {
  // Original: 400×300, turned 90° clockwise (→ 300×400), then deskewed by 2°.
  const origQuad: Quad = [
    [250, 40],
    [252, 240],
    [222, 240.3],
    [220, 40.3],
  ];
  const turned = quarterTurnQuad(origQuad, 90, 400, 300);
  const tf = skewTransform(2, 300, 400);
  const onPre = turned.map((p) => tf.toStraight(p)) as unknown as Quad;
  const back = resultToOriginal(page(300, 400, onPre), { autoRotate: 90, deskewDegrees: 2 });
  assert.equal(back.width, 400);
  assert.equal(back.height, 300);
  assert.equal(back.rotation, 90);
  const q = back.blocks[0]!.lines[0]!.words[0]!.quad;
  for (let i = 0; i < 4; i++) {
    assert.ok(
      Math.hypot(q[i]![0] - origQuad[i]![0], q[i]![1] - origQuad[i]![1]) <= 0.08,
      `corner ${i}: ${q[i]!.join()}`,
    );
  }
  // Nothing applied: the result is returned as is.
  const p = page(300, 400, onPre);
  assert.equal(resultToOriginal(p, { despeckle: true, binarize: true }), p);
});
