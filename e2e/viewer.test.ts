// The page viewer in Chromium without the shell: a real `ocrdesk serve` serves a page that mounts PageViewer, jobs
// are OCR'd for real, and the word boxes must sit on the words of the page image — as laid out, after zoom and
// pan, on a page the engine found sideways, on one auto-rotate turned upright, and after the user turns it.
// Then the interactions: hover, edit (saved through the API, refused saves undone), review, search, copy.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import type { Job } from '../src-shared/api-schemas.ts';
import type { PageResult, Rotation } from '../src-shared/ocr-result.ts';
import { quarterTurnBox } from '../src-main/engine/preprocess/quarter-turn.ts';
import { guiSkipReason } from './gui-harness.ts';
import {
  inkInside,
  layout,
  settled,
  startViewerFixture,
  type ViewerFixture,
} from './viewer-fixture/viewer-fixture.ts';
import type { PageGlobals } from './viewer-fixture/page-globals.ts';
import { reportPage } from './viewer-fixture/test-pages.ts';

const skip = guiSkipReason();
let fx: ViewerFixture;
/** Two files: the report upright, and the same page scanned sideways (the engine reports rotation 90/270). */
let job: Job;
/** The sideways scan with autoRotate: the server turns it upright and serves the turned image. */
let turned: Job;
let firstBoxesBeforeEnd: { boxesAt: number; finishedAt: number } | undefined;

before(async () => {
  if (skip) return;
  fx = await startViewerFixture();
  const upright = await reportPage();
  const sideways = await sharp(upright).rotate(90).png().toBuffer();
  // Opened while it runs: the first page's boxes must show before the job ends. Three more pages follow the
  // first so that the margin is seconds of OCR, not the few hundred milliseconds one small page takes.
  const running = await fx.api.createJob([
    { name: 'report.png', data: new Blob([upright]) },
    ...[1, 2, 3].map((i) => ({ name: `sideways-${i}.png`, data: new Blob([sideways]) })),
  ]);
  const live = await fx.open(running.id);
  await live.waitForSelector('[data-testid="word-box"]', { timeout: 60_000 });
  const boxesAt = await live.evaluate(() => Date.now());
  const ran = await fx.api.waitForJob(running.id, undefined, 200);
  assert.equal(ran.status, 'completed', JSON.stringify(ran.error));
  firstBoxesBeforeEnd = { boxesAt, finishedAt: Date.parse(ran.finishedAt ?? '') };
  await live.close();
  job = await fx.api.createJob(
    [
      { name: 'report.png', data: new Blob([upright]) },
      { name: 'sideways.png', data: new Blob([sideways]) },
    ],
    {},
    true,
  );
  assert.equal(job.status, 'completed', JSON.stringify(job.error));
  turned = await fx.api.createJob(
    [{ name: 'sideways.png', data: new Blob([sideways]) }],
    { options: { autoRotate: true } },
    true,
  );
  assert.equal(turned.status, 'completed', JSON.stringify(turned.error));
});
after(async () => fx?.close());

function words(r: PageResult): Map<string, PageResult['blocks'][number]['lines'][number]['words'][number]> {
  const m = new Map<string, PageResult['blocks'][number]['lines'][number]['words'][number]>();
  r.blocks.forEach((b, bi) =>
    b.lines.forEach((l, li) => l.words.forEach((w, wi) => m.set(`${bi}.${li}.${wi}`, w))),
  );
  return m;
}

/**
 * Every word box's screen rectangle against the result's box turned by `turn` and scaled by the image's displayed
 * size (the image's own bounding rectangle is where the browser drew the page).
 */
async function assertBoxesOnImage(
  page: Page,
  result: PageResult,
  turn: Rotation,
  tolerance = 1.5,
): Promise<void> {
  const l = await layout(page);
  const expected = words(result);
  assert.equal(l.words.length, expected.size, 'one word-box per word');
  const odd = turn === 90 || turn === 270;
  const uprightWidth = odd ? result.height : result.width;
  const scale = l.image.width / uprightWidth;
  assert.ok(
    Math.abs(l.image.height - (odd ? result.width : result.height) * scale) < 1,
    'the image keeps the page’s proportions, turned',
  );
  let worst = 0;
  for (const w of l.words) {
    const word = expected.get(w.key);
    assert.ok(word, `no word ${w.key} in the result`);
    assert.match(
      w.label,
      new RegExp(`^${word.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, confidence \\d+%$`),
    );
    const b = quarterTurnBox(word.box, turn, result.width, result.height);
    const want = [
      l.image.left + b[0] * scale,
      l.image.top + b[1] * scale,
      l.image.left + b[2] * scale,
      l.image.top + b[3] * scale,
    ];
    const got = [w.left, w.top, w.left + w.width, w.top + w.height];
    for (let i = 0; i < 4; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
  }
  assert.ok(worst <= tolerance, `word boxes off their words by up to ${worst.toFixed(2)} px`);
}

/**
 * With the boxes not drawn, the page's ink lies inside the word rectangles, not around them: boxes off by even
 * half a line would leave half of every glyph outside and bring the two shares within a few times of each other.
 */
async function assertInkInBoxes(page: Page): Promise<{ inside: number; outside: number }> {
  await page.click('[data-testid="overlay-off"]');
  await page.mouse.move(1, 1);
  await settled(page);
  const l = await layout(page);
  const ink = await inkInside(page, l.image, l.words);
  assert.ok(ink.inside > 0.08, `ink inside the boxes: ${ink.inside.toFixed(3)}`);
  assert.ok(
    ink.inside > 8 * ink.outside,
    `ink inside ${ink.inside.toFixed(3)} vs outside ${ink.outside.toFixed(4)}`,
  );
  await page.click('[data-testid="overlay-words"]');
  return ink;
}

void test('the first page’s boxes show while the job is still running', { skip }, () => {
  assert.ok(firstBoxesBeforeEnd);
  assert.ok(
    firstBoxesBeforeEnd.boxesAt < firstBoxesBeforeEnd.finishedAt,
    `boxes at ${firstBoxesBeforeEnd.boxesAt}, job finished at ${firstBoxesBeforeEnd.finishedAt}`,
  );
});

void test('word boxes sit on the words, and stay there after zoom and pan', { skip }, async (t) => {
  const { result } = await fx.api.page(job.id, 0, 1);
  const page = await fx.open(job.id);
  await page.waitForSelector('[data-testid="word-box"]');
  await page.waitForSelector('.pv-image');
  await settled(page);
  await assertBoxesOnImage(page, result, 0);
  const ink = await assertInkInBoxes(page);
  t.diagnostic(`ink inside boxes ${ink.inside.toFixed(3)}, outside ${ink.outside.toFixed(4)}`);

  // Ctrl+wheel zooms in around the pointer: the page point under it stays put.
  const before = (await layout(page)).image;
  const at = { x: before.left + before.width * 0.3, y: before.top + before.height * 0.4 };
  await page.mouse.move(at.x, at.y);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -240);
  await page.keyboard.up('Control');
  await settled(page);
  const zoomed = (await layout(page)).image;
  const factor = zoomed.width / before.width;
  assert.ok(factor > 1.5, `zoomed by ${factor}`);
  assert.ok(
    Math.abs(zoomed.left + (at.x - before.left) * factor - at.x) < 1.5,
    'the point under the pointer stays',
  );
  await assertBoxesOnImage(page, result, 0);

  // Drag pans by exactly the drag.
  await page.mouse.move(700, 500);
  await page.mouse.down();
  await page.mouse.move(600, 420, { steps: 6 });
  await page.mouse.up();
  await settled(page);
  const panned = (await layout(page)).image;
  assert.ok(Math.abs(panned.left - zoomed.left + 100) < 1 && Math.abs(panned.top - zoomed.top + 80) < 1);
  await assertBoxesOnImage(page, result, 0);
  assert.equal(await page.locator('[data-testid="word-editor"]').count(), 0, 'a drag is not a click');

  // The wheel alone scrolls; keys zoom and fit.
  await page.mouse.wheel(0, 120);
  await settled(page);
  assert.ok(Math.abs((await layout(page)).image.top - panned.top + 120) < 1);
  await page.keyboard.press('0');
  await settled(page);
  const fitted = (await layout(page)).image;
  const viewport = await page.locator('.pv-viewport').boundingBox();
  assert.ok(viewport && Math.abs(fitted.width - (viewport.width - 32)) < 1.5, 'fit width');
  await assertBoxesOnImage(page, result, 0);
  await page.close();
});

void test(
  'a page the engine found sideways is shown upright with its boxes on the words',
  { skip },
  async () => {
    const { result } = await fx.api.page(job.id, 1, 1);
    assert.ok(result.rotation === 90 || result.rotation === 270, `rotation ${result.rotation}`);
    // The page list says how each page turns, so its thumbnail is upright before its result is fetched.
    const { pages } = await fx.api.pages(job.id);
    assert.deepEqual(
      pages.map((p) => p.rotation),
      [(await fx.api.page(job.id, 0, 1)).result.rotation, result.rotation],
    );
    const page = await fx.open(job.id);
    await page.waitForSelector('[data-testid="word-box"]');
    const thumbs = page.locator('.pv-thumb-frame img');
    await page.waitForFunction(
      () =>
        (globalThis as unknown as PageGlobals).document.querySelectorAll('.pv-thumb-frame img').length === 2,
    );
    const [a, b] = [await thumbs.nth(0).boundingBox(), await thumbs.nth(1).boundingBox()];
    assert.ok(a && b && a.width > a.height && b.width > b.height, 'both thumbnails upright (landscape)');
    // The second file's thumbnail opens its page.
    await page.locator('.pv-thumb-button').nth(1).click();
    await page.waitForFunction(
      (n) =>
        (globalThis as unknown as PageGlobals).document.querySelectorAll('[data-testid="word-box"]')
          .length === n,
      words(result).size,
    );
    await page.waitForSelector('.pv-image');
    await settled(page);
    await assertBoxesOnImage(page, result, result.rotation);
    await assertInkInBoxes(page);

    // The user's own turn (r) turns image and boxes together.
    await page.locator('.pv-viewport').focus();
    await page.keyboard.press('r');
    await settled(page);
    const turn = ((result.rotation + 90) % 360) as Rotation;
    await assertBoxesOnImage(page, result, turn);
    await assertInkInBoxes(page);
    await page.close();
  },
);

void test('auto-rotate: the served image is the upright one the boxes refer to', { skip }, async () => {
  const { result } = await fx.api.page(turned.id, 0, 1);
  assert.equal(result.rotation, 0);
  assert.ok(result.preprocess?.autoRotate, 'the server turned the page');
  const page = await fx.open(turned.id);
  await page.waitForSelector('[data-testid="word-box"]');
  await page.waitForSelector('.pv-image');
  await settled(page);
  await assertBoxesOnImage(page, result, 0);
  await assertInkInBoxes(page);
  await page.close();
});

void test('hover, edit, refused saves, review, search and copy', { skip }, async () => {
  const { result } = await fx.api.page(job.id, 0, 1);
  const all = [...words(result)];
  const page = await fx.open(job.id);
  await page.waitForSelector('[data-testid="word-box"]');
  await settled(page);
  const box = (key: string) => page.locator(`[data-testid="word-box"][data-key="${key}"]`);

  // Hover shows the word and its confidence.
  const [k0, w0] = all.find(([, w]) => w.text === 'Revenue')!;
  await box(k0).hover();
  const tip = page.locator('[data-testid="word-tooltip"]');
  await tip.waitFor();
  assert.match(
    await tip.innerText(),
    new RegExp(`Revenue[\\s\\S]*${Math.round(w0.confidence * 100)}% confidence`),
  );

  // Click → editor; Enter saves through the API; the box shows the new text at full confidence.
  await box(k0).click();
  const editor = page.locator('[data-testid="word-editor"]');
  await editor.waitFor();
  assert.equal(await editor.inputValue(), 'Revenue');
  await editor.fill('Turnover');
  await editor.press('Enter');
  await page.waitForSelector(`[data-key="${k0}"][aria-label="Turnover, confidence 100%"]`);
  const saved = await fx.api.page(job.id, 0, 1);
  assert.equal(saved.corrected, true);
  assert.match(saved.result.text, /Turnover grew in every region/);

  // Esc cancels.
  const [k1] = all.find(([, w]) => w.text === 'board')!;
  await box(k1).click();
  await editor.fill('boardroom');
  await editor.press('Escape');
  assert.equal(await editor.count(), 0);
  assert.match((await box(k1).getAttribute('aria-label')) ?? '', /^board, /);

  // A save the server refuses (over 1000 characters) is undone and said so.
  await box(k1).click();
  await editor.fill('x'.repeat(1001));
  await editor.press('Enter');
  const error = page.locator('[data-testid="viewer-error"]');
  await error.waitFor();
  assert.match(await error.innerText(), /Could not save/);
  await page.waitForSelector(`[data-key="${k1}"][aria-label^="board, "]`);
  assert.doesNotMatch((await fx.api.page(job.id, 0, 1)).result.text, /xxxx/);

  // n selects the first word under 90% in reading order and brings it into view.
  const low = all.find(([, w]) => w.confidence < 0.9);
  assert.ok(low, 'the smudged line gives the engine words it is unsure of');
  await page.locator('.pv-viewport').focus();
  await page.keyboard.press('n');
  await page.waitForSelector(`[data-key="${low[0]}"][aria-selected="true"]`);

  // Search: / focuses the field; hits are highlighted and counted.
  await page.keyboard.press('/');
  await page.keyboard.type('the');
  // Hits on this page are highlighted; the count covers the document (the sideways copy has them too).
  const onPage = all.filter(([, w]) => /the/i.test(w.text)).length;
  const second = [...words((await fx.api.page(job.id, 1, 1)).result).values()];
  const expectedHits = onPage + second.filter((w) => /the/i.test(w.text)).length;
  assert.ok(onPage > 0 && expectedHits > onPage);
  await page.waitForFunction(
    (n) => (globalThis as unknown as PageGlobals).document.querySelectorAll('.pv-word.is-hit').length === n,
    onPage,
  );
  const count = page.locator('[data-testid="search-count"]');
  await page.waitForFunction(
    (want) =>
      (globalThis as unknown as PageGlobals).document.querySelector('[data-testid="search-count"]')
        ?.textContent === want,
    `1 / ${expectedHits}`,
  );
  await page.keyboard.press('Enter');
  assert.equal(await count.innerText(), `2 / ${expectedHits}`);
  // Stepping past this page's hits shows the next page, where its hits are highlighted.
  for (let i = 2; i <= onPage; i++) await page.keyboard.press('Enter');
  assert.equal(await count.innerText(), `${onPage + 1} / ${expectedHits}`);
  assert.equal(await page.locator('.pv-thumb.is-current .pv-thumb-label').innerText(), 'sideways.png · 1');
  assert.ok((await page.locator('.pv-word.is-current-hit').count()) > 0);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.pv-word.is-hit').count(), 0);
  await page.locator('.pv-thumb-button').first().click();
  await page.waitForSelector(`[data-key="${k0}"][aria-label^="Turnover"]`);

  // Copy: Ctrl+A, Ctrl+C gives the page in reading order; Shift+click picks words, the button copies those.
  await page.locator('.pv-viewport').focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+c');
  const pageText = (await fx.api.page(job.id, 0, 1)).result.text;
  assert.equal(
    await page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText()),
    pageText,
  );
  await page.keyboard.press('Escape');
  const pick = ['Costs', 'Quarterly', 'plan'].map((t) => all.find(([, w]) => w.text === t)![0]);
  for (const k of pick) await box(k).click({ modifiers: ['Shift'] });
  await page.click('[data-testid="copy-text"]');
  await page.waitForFunction(() =>
    (globalThis as unknown as PageGlobals).navigator.clipboard.readText().then((t) => t.includes('Costs')),
  );
  // Reading order, whatever the click order: lines by newlines, blocks by a blank line.
  const blocks = new Map<number, Map<number, string[]>>();
  for (const k of [...pick].sort()) {
    const [b, l] = k.split('.').map(Number) as [number, number];
    const lines = blocks.get(b) ?? new Map<number, string[]>();
    lines.set(l, [...(lines.get(l) ?? []), words(result).get(k)!.text]);
    blocks.set(b, lines);
  }
  const expected = [...blocks.values()]
    .map((ls) => [...ls.values()].map((w) => w.join(' ')).join('\n'))
    .join('\n\n');
  assert.match(expected, /^Quarterly\n+Costs plan$/);
  assert.equal(
    await page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText()),
    expected,
  );

  // Shift+drag draws a band: the words it touches are selected (the previous selection replaced).
  const [costs] = all.find(([, w]) => w.text === 'Costs')!;
  const prefix = costs.slice(0, costs.lastIndexOf('.') + 1);
  const lineBoxes = (await layout(page)).words.filter((w) => w.key.startsWith(prefix));
  const top = Math.min(...lineBoxes.map((r) => r.top));
  const bottom = Math.max(...lineBoxes.map((r) => r.top + r.height));
  await page.keyboard.down('Shift');
  await page.mouse.move(Math.min(...lineBoxes.map((r) => r.left)) - 6, top + 3);
  await page.mouse.down();
  await page.mouse.move(Math.max(...lineBoxes.map((r) => r.left + r.width)) + 6, bottom - 3, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  assert.equal(await page.locator('.pv-word.is-selected').count(), lineBoxes.length);
  await page.keyboard.press('Control+c');
  const [b, l] = prefix.split('.').map(Number) as [number, number];
  assert.equal(
    await page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText()),
    result.blocks[b]!.lines[l]!.text,
  );
  await page.close();
  assert.deepEqual(
    fx.errors.filter((e) => !/status of 422/.test(e)),
    [],
    'no errors on the page but the refused save',
  );
});
