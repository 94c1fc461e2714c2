// The GUI in real Chromium against `ocrdesk serve` (temp home, real models): drop and pick scans, watch them
// complete live, rejected files, cancel/retry/delete, a hot folder set up in Settings, export to a download,
// shortcuts, the dark theme, and the one-time login. Screenshots go to e2e/artifacts/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { ROOT, textImage } from './fixtures.ts';
import { guiSkipReason, startGui, type GuiHarness } from './gui-harness.ts';

// Functions given to page.evaluate run in the page; e2e compiles without the DOM lib, so the few page globals
// they touch are declared here (module scope: nothing leaks into the other e2e files).
interface PageElement {
  readonly textContent: string | null;
  readonly naturalWidth?: number;
  readonly dataset: Record<string, string | undefined>;
  querySelector(selector: string): PageElement | null;
}
declare const document: {
  querySelectorAll(selector: string): Iterable<PageElement>;
  readonly documentElement: PageElement;
};
declare const localStorage: { clear(): void; getItem(key: string): string | null };
declare class DataTransfer {
  readonly items: { add(file: File): void };
}

const skip = guiSkipReason();
let g: GuiHarness;
let invoice: string;

/** What a user does with the app, by role and test id (a page object, so tests read as steps). */
class App {
  constructor(readonly page: Page) {}
  row(name: string) {
    return this.page.locator('[data-testid="job-row"]', { hasText: name });
  }
  status(name: string) {
    return this.row(name).locator('[data-testid="job-status"]');
  }
  async waitStatus(name: string, status: string, timeout = 90_000): Promise<void> {
    await this.page.waitForFunction(
      ([n, s]) =>
        [...document.querySelectorAll('[data-testid="job-row"]')].some(
          (r) =>
            r.textContent?.includes(n!) && r.querySelector('[data-testid="job-status"]')?.textContent === s,
        ),
      [name, status],
      { timeout },
    );
  }
  /** A real drop event with a DataTransfer holding the files, as the OS would deliver it. */
  async drop(files: ReadonlyArray<{ name: string; type: string; bytes: Buffer }>): Promise<void> {
    const dt = await this.page.evaluateHandle(
      (fs) => {
        const dt = new DataTransfer();
        for (const f of fs) {
          const bin = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
          dt.items.add(new File([bin], f.name, { type: f.type }));
        }
        return dt;
      },
      files.map((f) => ({ name: f.name, type: f.type, b64: f.bytes.toString('base64') })),
    );
    await this.page.dispatchEvent('[data-testid="drop-zone"]', 'dragenter', { dataTransfer: dt });
    await this.page.dispatchEvent('[data-testid="drop-zone"]', 'drop', { dataTransfer: dt });
  }
  async confirm(): Promise<void> {
    await this.page
      .locator('[data-testid="confirm-dialog"] button', { hasText: /^(Delete|Remove)$/ })
      .click();
  }
}
let app: App;

before(async () => {
  if (skip) return;
  g = await startGui();
  app = new App(g.page);
  invoice = path.join(g.dir, 'invoice.png');
  await textImage(invoice, 'Invoice number 4711\nTotal amount due 120.50\nPayable within 30 days');
});
after(async () => g?.close());

void test('a dropped scan completes live in the queue; drop to first page measured', { skip }, async () => {
  await g.screenshot('gui-01-empty');
  const t0 = Date.now();
  await app.drop([{ name: 'dropped-invoice.png', type: 'image/png', bytes: readFileSync(invoice) }]);
  await app.row('dropped-invoice.png').waitFor({ timeout: 20_000 });
  const rowMs = Date.now() - t0;
  await app.waitStatus('dropped-invoice.png', 'completed');
  const completedMs = Date.now() - t0;
  assert.match((await app.row('dropped-invoice.png').textContent()) ?? '', /1\/1 page/);
  // The new job is selected and handed to the viewer; with the viewer in place its page image shows.
  const view = g.page.locator('[data-testid="page-view"]');
  await view.waitFor({ timeout: 10_000 });
  let imageMs: number | undefined;
  let wordsMs: number | undefined;
  try {
    await g.page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="page-view"] img')].some(
          (i) => (i.naturalWidth ?? 0) > 0,
        ),
      undefined,
      { timeout: 15_000 },
    );
    imageMs = Date.now() - t0;
    await g.page.locator('[data-testid="word-box"]').first().waitFor({ timeout: 10_000 });
    wordsMs = Date.now() - t0;
  } catch {
    // The placeholder viewer shows no image: only the queue figures are measured then.
  }
  console.log(
    `# drop → row ${rowMs} ms, → completed ${completedMs} ms, → page image ${imageMs ?? 'n/a'} ms, → word boxes ${wordsMs ?? 'n/a'} ms (warm engine)`,
  );
  // The job is the same one the API reports, with the engine's own status.
  const listed = (await g.api.listJobs()).jobs.find((j) => j.files[0]?.name === 'dropped-invoice.png');
  assert.equal(listed?.status, 'completed');
  assert.equal(await g.page.locator('[data-testid="stream-state"]').textContent(), ' Live');
  await g.screenshot('gui-02-completed');
});

void test(
  'the file picker uploads; a text file named .png is rejected with its error code',
  { skip },
  async () => {
    const notes = path.join(g.dir, 'notes.png');
    writeFileSync(notes, 'these are meeting notes, not a scan\n');
    const picked = path.join(g.dir, 'picked-invoice.png');
    copyFileSync(invoice, picked);
    await g.page.setInputFiles('[data-testid="file-input"]', [picked, notes]);
    const error = g.page
      .locator('[data-testid="upload-row"]', { hasText: 'notes.png' })
      .locator('[data-testid="upload-error"]');
    await error.waitFor({ timeout: 20_000 });
    assert.match((await error.textContent()) ?? '', /^UNSUPPORTED_MEDIA_TYPE .*notes\.png/);
    await app.waitStatus('picked-invoice.png', 'completed');
    assert.equal(await app.row('notes.png').count(), 0, 'a rejected file makes no job');
    await g.screenshot('gui-03-rejected');
  },
);

void test(
  'a folder from the folder picker becomes one job per file, hidden files left out',
  { skip },
  async () => {
    const folder = path.join(g.dir, 'scans-folder');
    mkdirSync(path.join(folder, 'sub'), { recursive: true });
    await textImage(path.join(folder, 'folder-page-a.png'), 'Delivery note 88');
    await textImage(path.join(folder, 'sub', 'folder-page-b.png'), 'Order 1234');
    writeFileSync(path.join(folder, '.DS_Store'), 'not a document');
    await g.page.setInputFiles('[data-testid="folder-input"]', folder);
    await app.waitStatus('folder-page-a.png', 'completed');
    await app.waitStatus('folder-page-b.png', 'completed');
    const names = (await g.api.listJobs()).jobs.map((j) => j.files[0]?.name);
    assert.ok(!names.includes('.DS_Store'));
  },
);

void test('a profile added in Settings is offered for new jobs', { skip }, async () => {
  await g.page.locator('[data-testid="settings-button"]').click();
  await g.page.locator('[data-testid="settings-tab-profiles"]').click();
  await g.page.locator('[data-testid="profile-add"]').click();
  await g.page.locator('[data-testid="profile-name"]').fill('archive-txt');
  await g.page.locator('[data-testid="profile-save"]').click();
  await g.page.locator('[data-testid="profile-row"]', { hasText: 'archive-txt' }).waitFor();
  assert.deepEqual(
    (await g.api.profiles()).profiles.map((p) => [p.name, p.options.outputs]),
    [['archive-txt', ['pdf', 'txt']]],
  );
  await g.page.keyboard.press('Escape');
  await g.page.locator('[data-testid="profile-select"]').selectOption('archive-txt');
  await app.drop([{ name: 'with-profile.png', type: 'image/png', bytes: readFileSync(invoice) }]);
  await app.waitStatus('with-profile.png', 'completed');
  const job = (await g.api.listJobs()).jobs.find((j) => j.files[0]?.name === 'with-profile.png');
  assert.equal(job?.profile, 'archive-txt');
  await g.page.locator('[data-testid="profile-select"]').selectOption('');
});

void test('cancel, retry and delete from the queue', { skip }, async () => {
  // A PDF of several pages runs long enough to be canceled between pages.
  const pdf = await PDFDocument.create();
  const png = await pdf.embedPng(readFileSync(invoice));
  for (let i = 0; i < 4; i++) {
    pdf
      .addPage([png.width * 0.36, png.height * 0.36])
      .drawImage(png, { x: 0, y: 0, width: png.width * 0.36, height: png.height * 0.36 });
  }
  await app.drop([
    { name: 'long-report.pdf', type: 'application/pdf', bytes: Buffer.from(await pdf.save()) },
  ]);
  const row = app.row('long-report.pdf');
  await row.waitFor({ timeout: 20_000 });
  await row.locator('[data-testid="job-cancel"]').click();
  await app.waitStatus('long-report.pdf', 'canceled', 60_000);
  const canceled = (await g.api.listJobs({ status: 'canceled' })).jobs.find(
    (j) => j.files[0]?.name === 'long-report.pdf',
  );
  assert.ok(canceled, 'the engine has it canceled');
  assert.ok(canceled.pagesDone < 4, `canceled before the end (${canceled.pagesDone} pages done)`);
  await row.locator('[data-testid="job-retry"]').click();
  await app.waitStatus('long-report.pdf', 'completed', 120_000);
  assert.match((await row.textContent()) ?? '', /4\/4 pages/);
  await row.locator('[data-testid="job-main"], .job-main').click();
  // Delete through the keyboard on the selected job, confirmed in the dialog.
  await g.page.locator('body').press('Delete');
  await g.page.locator('[data-testid="confirm-dialog"]').waitFor();
  await app.confirm();
  await row.waitFor({ state: 'detached', timeout: 10_000 });
  await assert.rejects(g.api.job(canceled.id), { code: 'NOT_FOUND' });
});

void test('a hot folder added in Settings turns a saved file into a completed job', { skip }, async () => {
  const inDir = path.join(g.dir, 'hot-in');
  const outDir = path.join(g.dir, 'hot-out');
  mkdirSync(inDir);
  mkdirSync(outDir);
  await g.page.locator('[data-testid="settings-button"]').click();
  await g.page.locator('[data-testid="settings-tab-hot-folders"]').click();
  await g.page.locator('[data-testid="hot-add"]').click();
  await g.page.locator('[data-testid="hot-input"]').fill(inDir);
  await g.page.locator('[data-testid="hot-output"]').fill(outDir);
  await g.page.locator('[data-testid="hot-stable"]').fill('0.5');
  await g.page.locator('[data-testid="hot-save"]').click();
  const folderRow = g.page.locator('[data-testid="hot-folder-row"]', { hasText: inDir });
  await folderRow.waitFor({ timeout: 10_000 });
  await g.screenshot('gui-04-hot-folder');
  copyFileSync(invoice, path.join(inDir, 'from-hot-folder.png'));
  // The counters in the open dialog follow the folder.
  await folderRow.locator('[data-testid="hot-counters"]', { hasText: '1 done' }).waitFor({ timeout: 90_000 });
  await g.page.keyboard.press('Escape');
  await app.waitStatus('from-hot-folder.png', 'completed', 30_000);
  assert.equal(
    await app.row('from-hot-folder.png').locator('.job-source[title="From a hot folder"]').count(),
    1,
  );
  const folders = await g.api.hotFolders();
  assert.equal(folders.hotFolders[0]?.inputDir, inDir);
});

void test('export downloads a TXT with the words and the metadata goes with the PDF', { skip }, async () => {
  await app.row('dropped-invoice.png').locator('.job-main').click();
  await g.page.locator('body').press('e');
  const dialog = g.page.locator('[data-testid="export-dialog"]');
  await dialog.waitFor();
  await dialog.locator('[data-testid="export-format-pdf"]').uncheck();
  await dialog.locator('[data-testid="export-format-txt"]').check();
  await dialog.locator('[data-testid="export-title"]').fill('Invoice 4711');
  await g.screenshot('gui-05-export');
  const [download] = await Promise.all([
    g.page.waitForEvent('download', { timeout: 30_000 }),
    dialog.locator('[data-testid="export-run"]').click(),
  ]);
  assert.match(download.suggestedFilename(), /\.txt$/);
  const file = path.join(g.dir, download.suggestedFilename());
  await download.saveAs(file);
  const text = readFileSync(file, 'utf8');
  for (const w of ['Invoice', '4711', 'Total', 'Payable'])
    assert.ok(text.includes(w), `${w} in ${JSON.stringify(text)}`);
  await dialog.locator('[data-testid="export-status"]', { hasText: 'downloaded' }).waitFor();
  await g.page.keyboard.press('Escape');
});

void test('the PDF export sends the chosen image optimisation', { skip }, async () => {
  await app.row('dropped-invoice.png').locator('.job-main').click();
  await g.page.locator('body').press('e');
  const dialog = g.page.locator('[data-testid="export-dialog"]');
  await dialog.waitFor();
  await dialog.locator('[data-testid="export-format-txt"]').uncheck();
  await dialog.locator('[data-testid="export-format-pdf"]').check();
  const optimize = dialog.locator('[data-testid="export-optimize"]');
  assert.equal(await optimize.inputValue(), 'lossless', 'the default keeps every pixel');
  await optimize.selectOption('lossy');
  const [request, download] = await Promise.all([
    g.page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/artifacts')),
    g.page.waitForEvent('download', { timeout: 30_000 }),
    dialog.locator('[data-testid="export-run"]').click(),
  ]);
  const body = JSON.parse(request.postData() ?? '{}') as { options?: { optimize?: string } };
  assert.equal(body.options?.optimize, 'lossy');
  assert.match(download.suggestedFilename(), /\.pdf$/);
  await dialog.locator('[data-testid="export-status"]', { hasText: 'downloaded' }).waitFor();
  await g.page.keyboard.press('Escape');
});

void test('shortcuts, the dark theme (persisted) and a clean console', { skip }, async () => {
  await g.page.locator('body').press('?');
  await g.page.locator('[data-testid="shortcut-help"]').waitFor();
  await g.page.keyboard.press('Escape');
  await g.page.locator('body').press(',');
  await g.page.locator('[data-testid="settings-dialog"]').waitFor();
  // Settings reopen on the tab used last (hot folders, above).
  await g.page.locator('[data-testid="settings-tab-general"]').click();
  await g.page.locator('[data-testid="theme-dark"]').click();
  assert.equal(await g.page.evaluate(() => document.documentElement.dataset['theme']), 'dark');
  await g.screenshot('gui-06-settings-dark');
  await g.page.keyboard.press('Escape');
  await g.page.reload();
  await g.page.waitForSelector('html[data-session="ready"]');
  assert.equal(
    await g.page.evaluate(() => document.documentElement.dataset['theme']),
    'dark',
    'kept over a reload',
  );
  await app.row('dropped-invoice.png').locator('.job-main').click();
  await g.page.waitForTimeout(1500);
  await g.screenshot('gui-07-dark');
  const bad = g.consoleErrors.filter((e) => !/status of 415|status of 404 \(Not Found\)/.test(e));
  assert.deepEqual(bad, [], 'no page errors or CSP violations');
});

void test(
  'the login link works once; a signed-out browser is told how to get a fresh one',
  { skip },
  async () => {
    await g.page.evaluate(() => localStorage.clear());
    await g.page.goto(g.loginLink);
    await g.page.waitForSelector('html[data-session="signed-out"]');
    assert.match(
      (await g.page.locator('[data-testid="signin-reason"]').textContent()) ?? '',
      /wrong, used or expired/,
    );
    assert.equal(new URL(g.page.url()).hash, '', 'the ticket is removed from the address bar');
    await g.screenshot('gui-08-signed-out');
    // `ocrdesk gui` asks the running server for a fresh link.
    const cli = spawnSync(process.execPath, [path.join(ROOT, 'bin/ocrdesk.mjs'), 'gui', '--home', g.home], {
      encoding: 'utf8',
    });
    assert.equal(cli.status, 0, cli.stderr);
    const fresh = cli.stdout.trim();
    assert.match(fresh, new RegExp(`^${g.serve.url}/#login=[\\w-]{43}$`));
    await g.page.goto(fresh);
    await g.page.waitForSelector('html[data-session="ready"]');
    assert.equal(new URL(g.page.url()).hash, '');
    assert.equal(await g.page.evaluate(() => localStorage.getItem('ocrdesk.token')), g.serve.token);
  },
);
