// The viewer inside the full app (e2e/gui-harness.ts: the built GUI, `ocrdesk serve`, Chromium logged in): drop a
// scan, its word boxes appear on the page, a click on a word edits it, and the TXT and the PDF written after the
// edit carry the corrected word. Measures drop → first boxes on screen with a warm engine.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { guiSkipReason, startGui, type GuiHarness } from './gui-harness.ts';
import type { PageGlobals } from './viewer-fixture/page-globals.ts';
import { paperPage } from './viewer-fixture/test-pages.ts';

const skip = guiSkipReason();
let g: GuiHarness;

before(async () => {
  if (skip) return;
  g = await startGui();
});
after(async () => g?.close());

/** A drop event with a DataTransfer holding the file, on the app's drop zone, as the OS would deliver it. */
async function drop(page: Page, name: string, bytes: Buffer): Promise<void> {
  const dt = await page.evaluateHandle(
    (f) => {
      const w = globalThis as unknown as PageGlobals;
      const data = new w.DataTransfer();
      const bin = Uint8Array.from(w.atob(f.b64), (c) => c.charCodeAt(0));
      data.items.add(new w.File([bin], f.name, { type: 'image/png' }));
      return data;
    },
    { name, b64: bytes.toString('base64') },
  );
  await page.dispatchEvent('[data-testid="drop-zone"]', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('[data-testid="drop-zone"]', 'drop', { dataTransfer: dt });
}

/** Milliseconds after `t0` at which the engine had stored the named job's first page (polled beside the GUI). */
async function pageStoredAt(g: GuiHarness, name: string, t0: number): Promise<number> {
  while (Date.now() - t0 < 60_000) {
    const j = (await g.api.listJobs()).jobs.find((x) => x.files[0]?.name === name);
    if (j && j.pagesDone > 0) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 25));
  }
  return NaN;
}

void test('drop a scan, see its word boxes, correct a word; TXT and PDF carry it', { skip }, async (t) => {
  const { page, api } = g;
  const scan = await paperPage(['Invoice number 4711', 'Total amount due 120.50', 'Payable within 30 days']);
  const t0 = Date.now();
  await drop(page, 'viewer-invoice.png', scan);
  const stored = pageStoredAt(g, 'viewer-invoice.png', t0);
  const boxes = page.locator('[data-testid="page-view"] [data-testid="word-box"]');
  await boxes.first().waitFor({ timeout: 60_000 });
  const boxesMs = Date.now() - t0;
  const storedMs = await stored;
  const job = (await api.listJobs()).jobs.find((j) => j.files[0]?.name === 'viewer-invoice.png');
  assert.ok(job, 'the dropped file became a job');
  const done = await api.waitForJob(job.id, undefined, 200);
  assert.equal(done.status, 'completed', JSON.stringify(done.error));
  const { result } = await api.page(job.id, 0, 1);
  const words = result.blocks.flatMap((b, bi) =>
    b.lines.flatMap((l, li) => l.words.map((w, wi) => ({ key: `${bi}.${li}.${wi}`, text: w.text }))),
  );
  await page.waitForFunction(
    (n) =>
      (globalThis as unknown as PageGlobals).document.querySelectorAll(
        '[data-testid="page-view"] [data-testid="word-box"]',
      ).length === n,
    words.length,
  );
  t.diagnostic(
    `drop → first word boxes on screen ${boxesMs} ms (warm engine): page stored at ${storedMs} ms ` +
      `(its OCR ${Math.round(result.timings.totalMs)} ms), boxes on screen ${boxesMs - storedMs} ms after that`,
  );
  await page.waitForSelector('[data-testid="page-view"] .pv-image');
  await g.screenshot('gui-viewer-01-boxes');

  // Click the word, type the correction, Enter.
  const total = words.find((w) => w.text === 'Total');
  assert.ok(total, `the engine read "Total": ${result.text}`);
  const box = page.locator(`[data-testid="word-box"][data-key="${total.key}"]`);
  await box.click();
  const editor = page.locator('[data-testid="word-editor"]');
  await editor.waitFor();
  await editor.fill('Grandtotal');
  await g.screenshot('gui-viewer-02-editing');
  await editor.press('Enter');
  await page.waitForSelector(`[data-key="${total.key}"][aria-label="Grandtotal, confidence 100%"]`);
  await box.hover();
  await page.locator('[data-testid="word-tooltip"]').waitFor();
  await g.screenshot('gui-viewer-03-saved');

  // Every export written after the edit has it.
  await api.exportArtifacts(job.id, ['txt', 'pdf']);
  const txt = new TextDecoder().decode(await api.download(job.id, 'txt'));
  assert.match(txt, /Grandtotal amount due/);
  const pdf = await api.download(job.id, 'pdf');
  const text = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
  await t.test(
    'the PDF text layer has the corrected word',
    { skip: text.error ? 'pdftotext not found (apt-get install poppler-utils)' : false },
    () => assert.match(text.stdout, /Grandtotal amount due/),
  );
  assert.deepEqual(g.consoleErrors, [], 'no errors in the page');
});
