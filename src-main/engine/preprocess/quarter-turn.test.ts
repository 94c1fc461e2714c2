import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PageResult, Quad, Rotation } from '../../../src-shared/ocr-result.ts';
import { PageResultSchema } from '../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../documents/raster.ts';
import {
  inverseTurn,
  quarterTurnBox,
  quarterTurnPage,
  quarterTurnQuad,
  quarterTurnRaster,
} from './quarter-turn.ts';
import { seededRandom } from './synthetic-pages.ts';

const TURNS: Rotation[] = [0, 90, 180, 270];

/** A page result with coordinates on the engine's 0.1 px grid, as OcrEngine produces them. */
function randomPage(seed: number, width: number, height: number): PageResult {
  const rnd = seededRandom(seed);
  const c = (max: number): number => Math.round(rnd() * max * 10) / 10;
  const quad = (): Quad => {
    const x = c(width - 200);
    const y = c(height - 60);
    const w = c(190) + 5;
    const h = c(50) + 5;
    const dy = c(6) - 3;
    return [
      [x, y],
      [Math.round((x + w) * 10) / 10, Math.round((y + dy) * 10) / 10],
      [Math.round((x + w) * 10) / 10, Math.round((y + dy + h) * 10) / 10],
      [x, Math.round((y + h) * 10) / 10],
    ];
  };
  const boxOf = (q: Quad): [number, number, number, number] => [
    Math.min(...q.map((p) => p[0])),
    Math.min(...q.map((p) => p[1])),
    Math.max(...q.map((p) => p[0])),
    Math.max(...q.map((p) => p[1])),
  ];
  const lines = Array.from({ length: 25 }, () => {
    const q = quad();
    const wq = quad();
    return {
      text: 'word',
      confidence: 0.9,
      box: boxOf(q),
      quad: q,
      words: [{ text: 'word', confidence: 0.9, box: boxOf(wq), quad: wq }],
    };
  });
  return PageResultSchema.parse({
    page: 1,
    width,
    height,
    rotation: 90,
    blocks: [{ box: [0, 0, width, height], lines }],
    text: 'word',
    timings: { loadMs: 0, detectMs: 0, classifyMs: 0, recognizeMs: 0, layoutMs: 0, totalMs: 0 },
  });
}

void test('quarter turns of a page result round-trip bit for bit', () => {
  const page = randomPage(42, 2479, 3507);
  for (const t of TURNS) {
    const turned = quarterTurnPage(page, t);
    const odd = t % 180 !== 0;
    assert.equal(turned.width, odd ? page.height : page.width);
    assert.equal(turned.height, odd ? page.width : page.height);
    assert.equal(turned.rotation, (page.rotation - t + 360) % 360);
    assert.deepStrictEqual(quarterTurnPage(turned, inverseTurn(t)), page, `turn ${t}`);
    // Two turns compose like one.
    for (const u of TURNS) {
      const twice = quarterTurnPage(quarterTurnPage(page, t), u);
      assert.deepStrictEqual(twice, quarterTurnPage(page, ((t + u) % 360) as Rotation));
    }
  }
});

void test('quarter turns of arbitrary coordinates land on a 1/1000 px grid and then round-trip', () => {
  const rnd = seededRandom(7);
  for (let i = 0; i < 200; i++) {
    const w = 100 + Math.floor(rnd() * 4000);
    const h = 100 + Math.floor(rnd() * 4000);
    const b: [number, number, number, number] = [rnd() * w, rnd() * h, rnd() * w, rnd() * h];
    const box: [number, number, number, number] = [
      Math.min(b[0], b[2]),
      Math.min(b[1], b[3]),
      Math.max(b[0], b[2]),
      Math.max(b[1], b[3]),
    ];
    for (const t of TURNS) {
      const once = quarterTurnBox(box, t, w, h);
      const [tw, th] = t % 180 === 0 ? [w, h] : [h, w];
      const back = quarterTurnBox(once, inverseTurn(t), tw, th);
      for (let k = 0; k < 4; k++)
        assert.ok(Math.abs(back[k]! - box[k]!) <= 0.0005, `${t}: ${back.join()} vs ${box.join()}`);
      assert.deepStrictEqual(quarterTurnBox(quarterTurnBox(back, t, w, h), inverseTurn(t), tw, th), back);
    }
  }
});

void test('a quad keeps its corner meaning: the top edge of the text stays its top edge', () => {
  // Text reading top to bottom (its top faces right, x = 110), as on a page scanned a quarter turn clockwise.
  const q: Quad = [
    [110, 20],
    [110, 220],
    [80, 220],
    [80, 20],
  ];
  // Turning that 200×300 page by 270° clockwise makes the text read left to right, top edge up.
  assert.deepStrictEqual(quarterTurnQuad(q, 270, 200, 300), [
    [20, 90],
    [220, 90],
    [220, 120],
    [20, 120],
  ]);
});

void test('the raster turns the way the coordinates do', async () => {
  const w = 7;
  const h = 5;
  const data = new Uint8Array(w * h * 3).fill(255);
  const mark = (x: number, y: number, v: number): void =>
    void data.fill(v, (y * w + x) * 3, (y * w + x) * 3 + 3);
  mark(1, 0, 0);
  mark(5, 3, 100);
  const img: RasterImage = { width: w, height: h, channels: 3, data };
  for (const t of TURNS) {
    const turned = await quarterTurnRaster(img, t);
    for (const [x, y, v] of [
      [1, 0, 0],
      [5, 3, 100],
    ] as const) {
      const b = quarterTurnBox([x, y, x + 1, y + 1], t, w, h);
      assert.equal(b[2] - b[0], 1);
      const i = (b[1] * turned.width + b[0]) * 3;
      assert.equal(turned.data[i], v, `turn ${t}: pixel (${x},${y}) should be at (${b[0]},${b[1]})`);
    }
  }
});
