// Pan and zoom frame rate of the page viewer with every box on: a dense 300 dpi A4 page (about 500 words) OCR'd for
// real, then a scripted gesture in Chromium — one wheel event per animation frame through the viewer's own wheel
// handler (plain wheel pans, Ctrl+wheel zooms) — timed with requestAnimationFrame. Reports the figures; like the
// benchmarks it never fails on speed, only on what must hold whatever the machine: every box drawn, and the boxes
// untouched by the gesture (pan/zoom moves one layer, it does not re-render or re-lay out 500 elements).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ARTIFACTS_DIR, guiSkipReason } from './gui-harness.ts';
import type { PageGlobals } from './viewer-fixture/page-globals.ts';
import { densePage } from './viewer-fixture/test-pages.ts';
import { settled, startViewerFixture, type ViewerFixture } from './viewer-fixture/viewer-fixture.ts';

const skip = guiSkipReason();
let fx: ViewerFixture;
let jobId: string;
let wordCount = 0;

before(async () => {
  if (skip) return;
  fx = await startViewerFixture();
  const job = await fx.api.createJob(
    [{ name: 'dense-a4.png', data: new Blob([await densePage()]) }],
    {},
    true,
  );
  assert.equal(job.status, 'completed', JSON.stringify(job.error));
  jobId = job.id;
  wordCount = (await fx.api.pages(job.id)).pages[0]!.words;
});
after(async () => fx?.close());

interface FrameStats {
  frames: number;
  fps: number;
  medianMs: number;
  p95Ms: number;
  worstMs: number;
  /** Frames that took longer than 25 ms, i.e. missed at least one 60 Hz refresh. */
  long: number;
  /** DOM mutations under the word boxes while the gesture ran. */
  boxMutations: number;
  /** Frames in which the layer's transform changed (the gesture moved the page). */
  movedFrames: number;
  /** Main-thread time of the viewer's wheel handling per event, median (its share of each frame). */
  handlerMs: number;
}

void test('pan and zoom frame rate with ~500 word boxes on', { skip }, async (t) => {
  assert.ok(wordCount >= 400, `the dense page has ${wordCount} words`);
  const page = await fx.open(jobId, { width: 1280, height: 800 });
  await page.waitForFunction(
    (n) =>
      (globalThis as unknown as PageGlobals).document.querySelectorAll('[data-testid="word-box"]').length ===
      n,
    wordCount,
  );
  await page.waitForSelector('.pv-image');
  await settled(page);

  const run = (gesture: 'idle' | 'pan' | 'zoom' | 'both'): Promise<FrameStats> =>
    page.evaluate(
      ({ gesture, frames }) => {
        const g = globalThis as unknown as PageGlobals & {
          MutationObserver: new (cb: (records: unknown[]) => void) => {
            observe(
              target: unknown,
              init: { subtree: boolean; attributes: boolean; childList: boolean },
            ): void;
            disconnect(): void;
          };
        };
        const viewport = g.document.querySelector('.pv-viewport')!;
        const layer = g.document.querySelector('.pv-layer') as unknown as { style: { transform: string } };
        let last = layer.style.transform;
        let movedFrames = 0;
        const handler: number[] = [];
        const r = viewport.getBoundingClientRect();
        let mutations = 0;
        const mo = new g.MutationObserver((records) => (mutations += records.length));
        mo.observe(g.document.querySelector('.pv-boxes'), {
          subtree: true,
          attributes: true,
          childList: true,
        });
        return new Promise<FrameStats>((resolve) => {
          const times: number[] = [];
          const step = (now: number): void => {
            times.push(now);
            const i = times.length;
            if (gesture !== 'idle') {
              // Pan back and forth; zoom in and out around a point that wanders over the page.
              const zoom = gesture === 'zoom' || (gesture === 'both' && i % 2 === 0);
              const phase = Math.floor(i / 30) % 2 === 0 ? 1 : -1;
              const t0 = g.performance.now();
              viewport.dispatchEvent(
                new g.WheelEvent('wheel', {
                  bubbles: true,
                  cancelable: true,
                  clientX: r.left + r.width * (0.3 + 0.4 * ((i % 60) / 60)),
                  clientY: r.top + r.height * 0.5,
                  deltaX: zoom ? 0 : phase * 9,
                  deltaY: zoom ? phase * -12 : phase * 14,
                  ctrlKey: zoom,
                }),
              );
              handler.push(g.performance.now() - t0);
            }
            if (layer.style.transform !== last) movedFrames++;
            last = layer.style.transform;
            if (i < frames) g.requestAnimationFrame(step);
            else {
              mo.disconnect();
              const d = times.slice(1).map((t, k) => t - times[k]!);
              const sorted = [...d].sort((a, b) => a - b);
              const q = (p: number): number =>
                sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
              resolve({
                frames: d.length,
                fps: (d.length * 1000) / (times[times.length - 1]! - times[0]!),
                medianMs: q(0.5),
                p95Ms: q(0.95),
                worstMs: sorted[sorted.length - 1]!,
                long: d.filter((x) => x > 25).length,
                boxMutations: mutations,
                movedFrames,
                handlerMs: handler.length ? [...handler].sort((a, b) => a - b)[handler.length >> 1]! : 0,
              });
            }
          };
          g.requestAnimationFrame(step);
        });
      },
      { gesture, frames: 240 },
    );

  const results = {
    idle: await run('idle'),
    pan: await run('pan'),
    zoom: await run('zoom'),
    both: await run('both'),
  };
  await settled(page);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'viewer-dense-page.png') });
  const report = {
    words: wordCount,
    viewport: '1280x800',
    cpus: cpus().length,
    loadAverage1m: +loadavg()[0]!.toFixed(2),
    ...results,
  };
  writeFileSync(path.join(ARTIFACTS_DIR, 'viewer-perf.json'), `${JSON.stringify(report, null, 2)}\n`);
  for (const [name, s] of Object.entries(results)) {
    t.diagnostic(
      `${name}: ${s.fps.toFixed(1)} fps over ${s.frames} frames, median ${s.medianMs.toFixed(1)} ms, ` +
        `p95 ${s.p95Ms.toFixed(1)} ms, worst ${s.worstMs.toFixed(1)} ms, ${s.long} frames over 25 ms, ` +
        `wheel handling ${s.handlerMs.toFixed(2)} ms/event`,
    );
  }
  t.diagnostic(`${wordCount} word boxes, load average ${report.loadAverage1m} on ${report.cpus} CPUs`);

  for (const [name, s] of Object.entries(results)) {
    assert.equal(s.frames, 239, `${name}: every frame timed`);
    assert.equal(s.boxMutations, 0, `${name}: the gesture left the ${wordCount} word boxes untouched`);
    if (name === 'idle') assert.equal(s.movedFrames, 0);
    else assert.ok(s.movedFrames > s.frames / 2, `${name}: the layer moved in ${s.movedFrames} frames`);
  }
  assert.equal(await page.locator('[data-testid="word-box"]').count(), wordCount);

  // The page image follows the zoom: a smaller one while the page fits, the full scan once zoomed in.
  const natural = (): Promise<number> =>
    page.evaluate(
      () => (globalThis as unknown as PageGlobals).document.querySelector('.pv-image')?.naturalWidth ?? 0,
    );
  await page.locator('.pv-viewport').focus();
  await page.keyboard.press('0');
  await settled(page);
  const fitted = await natural();
  assert.ok(fitted > 0 && fitted < 2480, `fitted: a ${fitted} px wide image`);
  for (let i = 0; i < 5; i++) await page.keyboard.press('+');
  await page.waitForFunction(
    () => (globalThis as unknown as PageGlobals).document.querySelector('.pv-image')?.naturalWidth === 2480,
  );
  await page.close();
});
