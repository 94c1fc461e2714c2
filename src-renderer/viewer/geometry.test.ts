// The viewer's geometry: boxes scale and rotate with the image, and screen and page points map both ways.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Box, Point, Quad, Rotation } from '../../src-shared/ocr-result.ts';
import {
  apply,
  boxToScreen,
  clampPan,
  cssMatrix,
  displaySize,
  fitPage,
  fitWidth,
  FIT_MARGIN,
  hitTest,
  imageWidthFor,
  pageToScreen,
  pageToScreenAffine,
  pointInQuad,
  quadFrame,
  revealBox,
  screenRectToBox,
  screenToPage,
  turnAffine,
  zoomAround,
} from './geometry.ts';
import { quadOf } from './viewer-test-fixtures.ts';

const page = { width: 2480, height: 3508 };
const TURNS: Rotation[] = [0, 90, 180, 270];

function close(a: number, b: number, eps = 1e-6): void {
  assert.ok(Math.abs(a - b) <= eps, `${a} ≠ ${b}`);
}
function closePoint(a: Point, b: Point, eps = 1e-6): void {
  close(a[0], b[0], eps);
  close(a[1], b[1], eps);
}

void test('quarter turns follow the result contract: a clockwise turn of the page', () => {
  // The engine's convention (src-main/engine/ocr/geometry.ts rotatePoint), written out for a W×H page.
  const { width: W, height: H } = page;
  const expected: Record<Rotation, (p: Point) => Point> = {
    0: (p) => p,
    90: (p) => [H - p[1], p[0]],
    180: (p) => [W - p[0], H - p[1]],
    270: (p) => [p[1], W - p[0]],
  };
  for (const t of TURNS) {
    for (const p of [
      [0, 0],
      [W, 0],
      [123.4, 987.6],
      [W, H],
    ] as Point[]) {
      closePoint(apply(turnAffine(page, t), p), expected[t](p));
    }
    // The page's corners land on the corners of the turned page's rectangle.
    const d = displaySize(page, t);
    const corners = (
      [
        [0, 0],
        [W, 0],
        [W, H],
        [0, H],
      ] as Point[]
    ).map((p) => apply(turnAffine(page, t), p));
    assert.deepEqual(
      new Set(corners.map(([x, y]) => `${Math.round(x)},${Math.round(y)}`)),
      new Set([`0,0`, `${d.width},0`, `${d.width},${d.height}`, `0,${d.height}`]),
    );
  }
});

void test('a turned page reads upright: the text’s top-left goes where the turn says', () => {
  // A page scanned sideways (rotation 90): text that starts at the bottom-left of the scan reads from the top-left.
  const sideways = { width: 3508, height: 2480 };
  const [x, y] = pageToScreen([10, 2470], sideways, 90, { zoom: 1, panX: 0, panY: 0 });
  close(x, 10);
  close(y, 10);
});

void test('screen <-> page round-trips under every zoom, pan and turn', () => {
  for (const t of TURNS) {
    for (const view of [
      { zoom: 0.27, panX: 31, panY: -12 },
      { zoom: 1, panX: 0, panY: 0 },
      { zoom: 3.5, panX: -4000, panY: -9000 },
    ]) {
      const p: Point = [812.25, 2210.5];
      closePoint(screenToPage(pageToScreen(p, page, t, view), page, t, view), p, 1e-6);
    }
  }
});

void test('boxes scale with the zoom and swap their sides with odd turns', () => {
  const box: Box = [100, 200, 400, 260];
  for (const t of TURNS) {
    for (const zoom of [0.25, 1, 2]) {
      const r = boxToScreen(box, page, t, { zoom, panX: 7, panY: 9 });
      const odd = t === 90 || t === 270;
      close(r.width, (odd ? 60 : 300) * zoom);
      close(r.height, (odd ? 300 : 60) * zoom);
    }
  }
  // Pan moves every box by the same amount.
  const a = boxToScreen(box, page, 90, { zoom: 0.5, panX: 0, panY: 0 });
  const b = boxToScreen(box, page, 90, { zoom: 0.5, panX: 40, panY: -25 });
  close(b.left - a.left, 40);
  close(b.top - a.top, -25);
});

void test('the CSS matrix places page points where pageToScreen does', () => {
  const view = { zoom: 0.4321, panX: 12.5, panY: -30.25 };
  for (const t of TURNS) {
    const css = cssMatrix(pageToScreenAffine(page, t, view));
    const m = /^matrix\((.*)\)$/.exec(css)![1]!.split(',').map(Number);
    const p: Point = [1234, 567];
    const viaCss: Point = [m[0]! * p[0] + m[2]! * p[1] + m[4]!, m[1]! * p[0] + m[3]! * p[1] + m[5]!];
    closePoint(viaCss, pageToScreen(p, page, t, view), 1e-3);
  }
});

void test('fit width and fit page fill the viewport and centre the page', () => {
  const viewport = { width: 1000, height: 700 };
  for (const t of TURNS) {
    const d = displaySize(page, t);
    const w = fitWidth(viewport, page, t);
    close(d.width * w.zoom, viewport.width - 2 * FIT_MARGIN);
    close(w.panX, FIT_MARGIN);
    const p = fitPage(viewport, page, t);
    assert.ok(d.width * p.zoom <= viewport.width - 2 * FIT_MARGIN + 1e-9);
    assert.ok(d.height * p.zoom <= viewport.height - 2 * FIT_MARGIN + 1e-9);
    // One side touches the margins, and the page sits in the middle.
    const used = Math.max(
      (d.width * p.zoom) / (viewport.width - 2 * FIT_MARGIN),
      (d.height * p.zoom) / (viewport.height - 2 * FIT_MARGIN),
    );
    close(used, 1);
    close(p.panX * 2 + d.width * p.zoom, viewport.width);
    close(p.panY * 2 + d.height * p.zoom, viewport.height);
  }
});

void test('zooming keeps the page point under the pointer in place', () => {
  const view = { zoom: 0.3, panX: 20, panY: 15 };
  const anchor: Point = [333, 222];
  for (const t of TURNS) {
    const before = screenToPage(anchor, page, t, view);
    for (const f of [1.1, 0.5, 4]) {
      const next = zoomAround(view, f, anchor);
      closePoint(screenToPage(anchor, page, t, next), before, 1e-6);
    }
  }
  // Zoom stays within its bounds.
  assert.ok(zoomAround(view, 1e6, anchor).zoom <= 8);
  assert.ok(zoomAround(view, 1e-6, anchor).zoom >= 0.05);
});

void test('panning cannot lose the page', () => {
  const viewport = { width: 1000, height: 700 };
  const far = clampPan({ zoom: 1, panX: 99999, panY: -99999 }, viewport, page, 0);
  close(far.panX, FIT_MARGIN);
  close(far.panY, viewport.height - FIT_MARGIN - page.height);
  // A page smaller than the viewport stays inside it.
  const small = clampPan({ zoom: 0.1, panX: -500, panY: 5000 }, viewport, page, 0);
  close(small.panX, FIT_MARGIN);
  close(small.panY, viewport.height - FIT_MARGIN - page.height * 0.1);
  // A view already inside the bounds is left alone.
  const ok = { zoom: 1, panX: -300, panY: -1000 };
  assert.deepEqual(clampPan(ok, viewport, page, 0), ok);
});

void test('revealing a box centres it when off screen and leaves a visible one alone', () => {
  const viewport = { width: 1000, height: 700 };
  const view = { zoom: 1, panX: 0, panY: 0 };
  const visible: Box = [300, 300, 400, 340];
  assert.deepEqual(revealBox(view, viewport, page, 0, visible), view);
  for (const t of TURNS) {
    // A box far down the turned page, whatever the turn.
    const off = screenRectToBox({ left: 1500, top: 2000, width: 100, height: 40 }, page, t, view);
    const next = revealBox(view, viewport, page, t, off);
    const r = boxToScreen(off, page, t, next);
    close(r.left + r.width / 2, viewport.width / 2);
    close(r.top + r.height / 2, viewport.height / 2);
  }
});

void test('a screen rectangle maps back to the page box it covers', () => {
  const box: Box = [500, 800, 900, 850];
  for (const t of TURNS) {
    const view = { zoom: 0.6, panX: -50, panY: 30 };
    const back = screenRectToBox(boxToScreen(box, page, t, view), page, t, view);
    back.forEach((v, i) => close(v, box[i]!, 1e-6));
  }
});

void test('quad frames and hit tests follow tilted words', () => {
  // A word tilted by 30°: 200 long, 50 high.
  const a = Math.PI / 6;
  const p0: Point = [1000, 1000];
  const along: Point = [Math.cos(a), Math.sin(a)];
  const across: Point = [-Math.sin(a), Math.cos(a)];
  const at = (u: number, v: number): Point => [
    p0[0] + along[0] * u + across[0] * v,
    p0[1] + along[1] * u + across[1] * v,
  ];
  const quad: Quad = [at(0, 0), at(200, 0), at(200, 50), at(0, 50)];
  const f = quadFrame(quad);
  close(f.width, 200);
  close(f.height, 50);
  close(f.angle, a);
  assert.equal(pointInQuad(at(100, 25), quad), true);
  // Inside the axis-aligned bounds, outside the tilted word.
  assert.equal(pointInQuad(at(-10, 25), quad), false);
  assert.equal(pointInQuad(at(-3, 25), quad, 5), true);

  const big = { quad: quadOf([900, 900, 1400, 1300]) };
  const words = [big, { quad }];
  assert.equal(hitTest(words, at(100, 25)), 1, 'the smaller word wins where both contain the point');
  assert.equal(hitTest(words, [950, 1250]), 0);
  assert.equal(hitTest(words, [10, 10]), -1);
});

void test('page images are fetched at stepped widths the zoom needs, full size past them', () => {
  assert.equal(imageWidthFor(page, 0.3, 1), 800);
  assert.equal(imageWidthFor(page, 0.3, 2), 1600);
  assert.equal(imageWidthFor(page, 0.5, 2), undefined, '2480 px needed: the full image');
  assert.equal(imageWidthFor(page, 2, 1), undefined);
  assert.equal(imageWidthFor({ width: 700, height: 900 }, 1, 1), undefined, 'never more than the page has');
});
