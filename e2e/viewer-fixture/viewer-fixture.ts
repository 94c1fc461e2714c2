// The page viewer alone in a real Chromium, against a real `ocrdesk serve` that serves the fixture page itself
// (--gui-dir, so the page's origin, the Host/Origin guards and the GUI's CSP are the real ones).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { ApiClient } from '../../src-shared/api-client.ts';
import { startServe, stopServe, waitServeReady, type ServeProcess } from '../fixtures.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../gui-harness.ts';
import type { PageElement, PageGlobals, PageRect } from './page-globals.ts';

const FIXTURE_DIR = import.meta.dirname;

/** Builds e2e/viewer-fixture (its index.html mounts PageViewer) into `outDir` with vite. */
export async function buildViewerFixture(outDir: string): Promise<void> {
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  await build({
    configFile: false,
    root: FIXTURE_DIR,
    base: '/',
    logLevel: 'warn',
    plugins: [react()],
    // The engine's CSP allows no inline scripts or styles: keep every asset a file.
    build: { outDir, emptyOutDir: true, assetsInlineLimit: 0 },
  });
}

export interface ViewerFixture {
  readonly serve: ServeProcess;
  readonly api: ApiClient;
  readonly context: BrowserContext;
  readonly dir: string;
  /** Errors the pages logged (console errors, uncaught exceptions, CSP violations). */
  readonly errors: string[];
  /** A fresh tab showing the viewer for `jobId`, once its root is on the page. */
  open(jobId: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startViewerFixture(): Promise<ViewerFixture> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium');
  const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-viewer-'));
  const site = path.join(dir, 'site');
  await buildViewerFixture(site);
  const serve = await startServe(path.join(dir, 'home'), ['--gui-dir', site]);
  try {
    await waitServeReady(serve, 180_000);
    const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.url });
    const errors: string[] = [];
    return {
      serve,
      api: new ApiClient(serve.url, serve.token),
      context,
      dir,
      errors,
      async open(jobId, viewport) {
        const page = await context.newPage();
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
        if (viewport) await page.setViewportSize(viewport);
        // tsx compiles with keepNames, which wraps functions in __name(); code sent to page.evaluate needs it too.
        await page.addInitScript('globalThis.__name = (f) => f');
        await page.addInitScript((token) => {
          (globalThis as unknown as { __viewerFixture: unknown }).__viewerFixture = { token };
        }, serve.token);
        await page.goto(`${serve.url}/?job=${encodeURIComponent(jobId)}`);
        await page.waitForSelector('[data-testid="page-view"]');
        return page;
      },
      async close() {
        await context.close().catch(() => undefined);
        await stopServe(serve);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await stopServe(serve);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Screen rectangles of every word box and of the page image, as the browser lays them out. */
export async function layout(page: Page): Promise<{
  image: { left: number; top: number; width: number; height: number };
  words: { key: string; label: string; left: number; top: number; width: number; height: number }[];
}> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    const rect = (el: PageElement): PageRect => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, width: r.width, height: r.height };
    };
    const img = document.querySelector('.pv-image');
    return {
      image: img ? rect(img) : { left: 0, top: 0, width: 0, height: 0 },
      words: [...document.querySelectorAll('[data-testid="word-box"]')].map((el) => ({
        key: el.dataset['key'] ?? '',
        label: el.getAttribute('aria-label') ?? '',
        ...rect(el),
      })),
    };
  });
}

/** Waits until the viewer's layer has stopped moving (its zoom is written to data-zoom once it rests). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const layer = (globalThis as unknown as PageGlobals).document.querySelector('.pv-layer');
    return !!layer && !layer.classList.contains('is-moving');
  });
  // The full-size image follows the zoom a moment later.
  await page.waitForTimeout(400);
}

/**
 * Dark pixels inside the given screen rectangles versus outside all of them, from a screenshot of `clip`: words
 * drawn where the boxes are give a high share inside and almost none outside.
 */
export async function inkInside(
  page: Page,
  clip: { left: number; top: number; width: number; height: number },
  rects: readonly { left: number; top: number; width: number; height: number }[],
  pad = 3,
): Promise<{ inside: number; outside: number }> {
  const x = Math.max(0, Math.floor(clip.left));
  const y = Math.max(0, Math.floor(clip.top));
  const vp = page.viewportSize()!;
  const w = Math.min(vp.width - x, Math.ceil(clip.width));
  const h = Math.min(vp.height - y, Math.ceil(clip.height));
  const png = await page.screenshot({ clip: { x, y, width: w, height: h } });
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const mask = new Uint8Array(info.width * info.height);
  for (const r of rects) {
    const x0 = Math.max(0, Math.floor(r.left - x - pad));
    const y0 = Math.max(0, Math.floor(r.top - y - pad));
    const x1 = Math.min(info.width, Math.ceil(r.left - x + r.width + pad));
    const y1 = Math.min(info.height, Math.ceil(r.top - y + r.height + pad));
    for (let yy = y0; yy < y1; yy++) mask.fill(1, yy * info.width + x0, yy * info.width + x1);
  }
  let inDark = 0;
  let inAll = 0;
  let outDark = 0;
  let outAll = 0;
  for (let i = 0; i < mask.length; i++) {
    const dark = data[i * info.channels]! < 110 ? 1 : 0;
    if (mask[i]) {
      inAll++;
      inDark += dark;
    } else {
      outAll++;
      outDark += dark;
    }
  }
  return { inside: inDark / Math.max(1, inAll), outside: outDark / Math.max(1, outAll) };
}
