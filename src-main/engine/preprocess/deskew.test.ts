import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RasterImage } from '../documents/raster.ts';
import { skewTransform, straighten } from './deskew.ts';

function dotPage(width: number, height: number, dots: ReadonlyArray<readonly [number, number]>): RasterImage {
  const data = new Uint8Array(width * height * 3).fill(255);
  for (const [cx, cy] of dots) {
    for (let y = cy - 2; y <= cy + 2; y++)
      for (let x = cx - 2; x <= cx + 2; x++) data.fill(0, (y * width + x) * 3, (y * width + x) * 3 + 3);
  }
  return { width, height, channels: 3, data };
}

/** Ink-weighted centre of the dark pixels within `r` of (x, y). */
function centroid(img: RasterImage, x: number, y: number, r: number): [number, number] {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let yy = Math.max(0, y - r); yy < Math.min(img.height, y + r); yy++) {
    for (let xx = Math.max(0, x - r); xx < Math.min(img.width, x + r); xx++) {
      const ink = 255 - img.data[(yy * img.width + xx) * 3]!;
      sx += ink * (xx + 0.5);
      sy += ink * (yy + 0.5);
      n += ink;
    }
  }
  return [sx / n, sy / n];
}

void test('straighten moves each point where skewTransform says, and back', () => {
  const W = 801;
  const H = 1203;
  const dots = [
    [100, 100],
    [700, 150],
    [400, 600],
    [120, 1100],
    [690, 1050],
  ] as const;
  const page = dotPage(W, H, dots);
  let checked = 0;
  for (const deg of [-7.5, 2.25, 14]) {
    const out = straighten(page, deg);
    assert.equal(out.width, W);
    assert.equal(out.height, H);
    const tf = skewTransform(deg, W, H);
    for (const [x, y] of dots) {
      // Dot centres are at pixel centres: (x + 0.5, y + 0.5) in continuous coordinates.
      const [ex, ey] = tf.toStraight([x + 0.5, y + 0.5]);
      const [bx, by] = tf.toOriginal([ex, ey]);
      assert.ok(Math.abs(bx - x - 0.5) < 1e-9 && Math.abs(by - y - 0.5) < 1e-9);
      // Corners turned out of the frame are lost.
      if (ex < 10 || ey < 10 || ex > W - 10 || ey > H - 10) continue;
      checked++;
      const [gx, gy] = centroid(out, Math.round(ex), Math.round(ey), 8);
      assert.ok(
        Math.hypot(gx - ex, gy - ey) < 0.3,
        `${deg}°: dot ${x},${y} expected at ${ex},${ey}, found ${gx},${gy}`,
      );
    }
  }
  assert.ok(checked >= 13);
});

void test('a line tilted clockwise comes out level; the corners turned in are white', () => {
  const W = 600;
  const H = 400;
  const deg = 5;
  const t = (deg * Math.PI) / 180;
  // Dots along a line through the centre falling to the right by `deg`.
  const dots = [-200, -100, 0, 100, 200].map(
    (d) => [Math.round(300 + d * Math.cos(t)), Math.round(200 + d * Math.sin(t))] as const,
  );
  const out = straighten(dotPage(W, H, dots), deg);
  const ys = dots.map(
    ([x, y]) =>
      centroid(
        out,
        ...(skewTransform(deg, W, H)
          .toStraight([x + 0.5, y + 0.5])
          .map(Math.round) as [number, number]),
        8,
      )[1],
  );
  assert.ok(Math.max(...ys) - Math.min(...ys) < 1.5, `rows ${ys.join(', ')}`);
  // Output corners map to outside the source: white.
  for (const [x, y] of [
    [0, 0],
    [W - 1, 0],
    [0, H - 1],
    [W - 1, H - 1],
  ] as const) {
    assert.equal(out.data[(y * W + x) * 3], 255);
  }
  // Zero turns give back the same pixels.
  const page = dotPage(W, H, dots);
  assert.deepStrictEqual(straighten(page, 0).data, page.data);
});

void test('grey pages take the one-channel path and get exactly what the colour path gives', () => {
  const W = 300;
  const H = 200;
  const grey = dotPage(W, H, [
    [50, 50],
    [150, 100],
    [250, 150],
  ]);
  for (let i = 0; i < W * H; i++) grey.data.fill((i * 7) % 256, i * 3, i * 3 + 3);
  // One tinted pixel sends the page down the colour path.
  const colour = { ...grey, data: new Uint8Array(grey.data) };
  colour.data[(H - 1) * W * 3 + 2] = 17;
  for (const deg of [-3.3, 8]) {
    const a = straighten(grey, deg).data;
    const b = straighten(colour, deg).data;
    let differ = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differ++;
    // Only samples touching the tinted pixel's blue channel may differ.
    assert.ok(differ <= 4, `${deg}°: ${differ} bytes differ`);
  }
});
