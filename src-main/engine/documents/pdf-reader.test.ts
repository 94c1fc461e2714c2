import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { hasCommand, pdftotextBBox } from '../exports/pdf/pdf-test-fixtures.ts';
import { BAD, EXPECTED, HUGE, noBad } from './bad-pdf-expectations.ts';
import {
  clampDpi,
  DEFAULT_PDF_MAX_PIXELS,
  inspectPdf,
  loadPdfPages,
  PdfDocumentReader,
  type PdfPage,
  type PdfRenderedPage,
} from './pdf-reader.ts';
import {
  addBornDigitalPage,
  addScanPage,
  BORN_DIGITAL_LINES,
  encryptPdf,
  mixedPdf,
  savePdf,
  SCAN_LINES,
  scanPng,
} from './pdf-test-fixtures.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'ocrdesk-pdf-reader-'));
after(() => rm(dir, { recursive: true, force: true }));

const noQpdf = hasCommand('qpdf') ? false : 'qpdf not installed (apt-get install qpdf)';
const noPoppler = hasCommand('pdftotext') ? false : 'pdftotext not installed (apt-get install poppler-utils)';

async function all(file: string, opts: Parameters<typeof loadPdfPages>[1] = {}): Promise<PdfRenderedPage[]> {
  const out: PdfRenderedPage[] = [];
  for await (const p of loadPdfPages(file, opts)) out.push(p);
  return out;
}

async function rejectsWith(
  fn: () => Promise<unknown>,
  code: string,
  message?: RegExp,
): Promise<OcrDeskError> {
  let caught: unknown;
  await assert.rejects(fn(), (e) => ((caught = e), true));
  assert.ok(caught instanceof OcrDeskError, `expected OcrDeskError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (message) assert.match(caught.message, message);
  return caught;
}

const words = (p: PdfPage): string[] =>
  p.text.blocks.flatMap((b) => b.lines.flatMap((l) => l.words.map((w) => w.text)));

void test('pages are told apart: born-digital text, scan, scan with an invisible OCR layer, empty', async () => {
  const pdf = await PDFDocument.create();
  await addBornDigitalPage(pdf);
  const png = await scanPng(SCAN_LINES);
  await addScanPage(pdf, png);
  await addScanPage(pdf, png, SCAN_LINES);
  pdf.addPage([300, 300]);
  const file = await savePdf(pdf, dir, 'kinds.pdf');

  const pages = await all(file, { dpi: 72 });
  assert.deepEqual(
    pages.map((p) => p.kind),
    ['text', 'scan', 'ocr-text', 'empty'],
  );
  assert.deepEqual(words(pages[0]!), BORN_DIGITAL_LINES.join(' ').split(' '));
  assert.equal(pages[0]!.text.text, BORN_DIGITAL_LINES.join('\n'));
  assert.equal(pages[1]!.text.wordCount, 0);
  // The invisible layer is the page's existing text, read like any other.
  assert.deepEqual(words(pages[2]!), SCAN_LINES.join(' ').split(' '));
  for (const p of pages) {
    assert.deepEqual(p.warnings, [], `page ${p.page}`);
    for (const w of p.text.blocks.flatMap((b) => b.lines.flatMap((l) => l.words))) {
      assert.equal(w.confidence, 1);
    }
  }
});

void test('renders at the asked DPI as raw RGB, /Rotate applied; page size in points kept', async () => {
  const pdf = await PDFDocument.create();
  await addBornDigitalPage(pdf);
  await addBornDigitalPage(pdf, ['Turned page'], { rotate: 90 });
  const file = await savePdf(pdf, dir, 'sizes.pdf');
  const [upright, turned] = await all(file, { dpi: 150 });
  assert.ok(upright && turned);
  assert.deepEqual([upright.image.width, upright.image.height, upright.image.channels], [1275, 1650, 3]);
  assert.equal(upright.image.data.length, 1275 * 1650 * 3);
  assert.deepEqual([upright.width, upright.height, upright.dpi], [1275, 1650, 150]);
  assert.deepEqual([upright.widthPt, upright.heightPt, upright.rotate, upright.pageIndex], [612, 792, 0, 0]);
  assert.deepEqual([turned.image.width, turned.image.height], [1650, 1275]);
  assert.deepEqual([turned.widthPt, turned.heightPt, turned.rotate, turned.pageIndex], [612, 792, 90, 1]);
  // Black text on white: the rendering has both, and the text sits where its box says.
  const px = (img: PdfRenderedPage['image'], x: number, y: number): number =>
    img.data[(y * img.width + x) * 3]!;
  assert.equal(px(upright.image, 5, 5), 255);
  const first = upright.text.blocks[0]!.lines[0]!.words[0]!;
  let dark = 0;
  for (let y = Math.round(first.box[1]); y < first.box[3]; y++)
    for (let x = Math.round(first.box[0]); x < first.box[2]; x++) if (px(upright.image, x, y) < 128) dark++;
  assert.ok(dark > 50, `ink inside the first word's box: ${dark}`);
  // On the turned page the line runs down the image: reading it needs a 270° clockwise turn.
  assert.equal(turned.text.rotation, 270);
  const tw = turned.text.blocks[0]!.lines[0]!;
  assert.ok(tw.box[3] - tw.box[1] > 3 * (tw.box[2] - tw.box[0]), `vertical line box ${tw.box.join(',')}`);
});

void test('word boxes match pdftotext -bbox within a point', { skip: noPoppler }, async () => {
  const pdf = await PDFDocument.create();
  await addBornDigitalPage(pdf);
  const file = await savePdf(pdf, dir, 'bbox.pdf');
  const [page] = await all(file, { dpi: 144 });
  const ours = page!.text.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
  const theirs = pdftotextBBox(file);
  assert.deepEqual(
    ours.map((w) => w.text),
    theirs.map((w) => w.text),
  );
  const pt = (px: number): number => (px * 72) / 144;
  ours.forEach((w, i) => {
    const t = theirs[i]!;
    assert.ok(Math.abs(pt(w.box[0]) - t.xMin) <= 1, `${w.text} x0 ${pt(w.box[0])} vs ${t.xMin}`);
    assert.ok(Math.abs(pt(w.box[2]) - t.xMax) <= 1, `${w.text} x1 ${pt(w.box[2])} vs ${t.xMax}`);
    // Tops differ by design: pdf.js reads the ascent from the embedded standard font (0.905 em), poppler
    // from the AFM (0.718 em), 2.2 pt at 12 pt. Baselines and descents agree.
    assert.ok(Math.abs(pt(w.box[1]) - t.yMin) <= 2.5, `${w.text} y0 ${pt(w.box[1])} vs ${t.yMin}`);
    assert.ok(Math.abs(pt(w.box[3]) - t.yMax) <= 1, `${w.text} y1 ${pt(w.box[3])} vs ${t.yMax}`);
  });
});

void test('the DPI is clamped per page to the pixel cap, and the page says so', async () => {
  assert.equal(clampDpi(612, 792, 300, DEFAULT_PDF_MAX_PIXELS), 300);
  const d = clampDpi(612, 792, 300, 1_000_000);
  assert.ok(d < 300 && d > 100, String(d));
  assert.ok(Math.round(8.5 * d) * Math.round(11 * d) <= 1_000_000);
  // Skia's side limit binds long thin pages that the area cap alone would let through.
  assert.ok(clampDpi(14400, 10, 300, 1e9) * 200 <= 32_767);

  const pdf = await PDFDocument.create();
  await addBornDigitalPage(pdf);
  await addBornDigitalPage(pdf, ['Small page'], { size: [144, 144] });
  const file = await savePdf(pdf, dir, 'clamp.pdf');
  const [big, small] = await all(file, { maxPixels: 1_000_000 });
  assert.ok(big && small);
  assert.equal(big.dpi, d);
  assert.ok(big.image.width * big.image.height <= 1_000_000);
  assert.match(big.warnings.join('\n'), new RegExp(`rendered at ${d} dpi instead of 300`));
  // A page that fits keeps the asked DPI and gets no warning.
  assert.deepEqual([small.dpi, small.image.width, small.warnings.length], [300, 600, 0]);
  // Text boxes follow the clamped rendering.
  const w = big.text.blocks[0]!.lines[0]!.words[0]!;
  assert.ok(Math.abs(w.box[0] - (72 * d) / 72) < 2, `first word at ${w.box[0]}`);
});

void test('pages are selected, read one at a time, and the reader can skip rendering', async () => {
  const file = await mixedPdf(dir);
  assert.deepEqual(
    (await all(file, { dpi: 72, pages: (n) => n === 2 })).map((p) => [p.page, p.kind]),
    [[2, 'scan']],
  );
  const reader = await PdfDocumentReader.open(file);
  try {
    const seen: Array<[number, string, boolean]> = [];
    for await (const p of reader.pages({ dpi: 72, render: (info) => info.kind !== 'text' })) {
      seen.push([p.page, p.kind, p.image !== undefined]);
    }
    assert.deepEqual(seen, [
      [1, 'text', false],
      [2, 'scan', true],
    ]);
    // Without its pixels, a text-less page is judged from its operator list.
    const unrendered = await reader.readPage(2, { render: () => false });
    assert.deepEqual([unrendered.kind, unrendered.image], ['scan', undefined]);
  } finally {
    await reader.close();
  }
  const info = await inspectPdf(file);
  assert.deepEqual(
    { ...info, pages: info.pages.map((p) => [p.page, p.pageIndex, p.widthPt, p.heightPt, p.rotate]) },
    {
      mediaType: 'application/pdf',
      pageCount: 2,
      encrypted: false,
      pages: [
        [1, 0, 612, 792, 0],
        [2, 1, 612, 792, 0],
      ],
      warnings: [],
    },
  );
});

void test(
  'encrypted PDFs: a password is required (ENCRYPTED_PDF) or given; owner-only opens',
  { skip: noQpdf },
  async () => {
    const plain = await mixedPdf(dir, 'plain.pdf');
    const locked = path.join(dir, 'locked.pdf');
    encryptPdf(plain, locked, 'user-secret');
    const e = await rejectsWith(() => inspectPdf(locked), 'ENCRYPTED_PDF', /needs a password/);
    assert.equal(e.retryable, false);
    assert.equal(e.details['reason'], 'password-required');
    await rejectsWith(() => inspectPdf(locked, { password: 'nope' }), 'ENCRYPTED_PDF', /password .* wrong/);
    const opened = await inspectPdf(locked, { password: 'user-secret' });
    assert.deepEqual([opened.pageCount, opened.encrypted], [2, true]);
    const [first] = await all(locked, { password: 'user-secret', dpi: 72 });
    assert.equal(first?.text.text, BORN_DIGITAL_LINES.join('\n'));

    // Owner password only: anyone can open it, so it is read (and flagged, since rewriting it needs decryption).
    const ownerOnly = path.join(dir, 'owner-only.pdf');
    encryptPdf(plain, ownerOnly, '');
    const info = await inspectPdf(ownerOnly);
    assert.deepEqual([info.pageCount, info.encrypted], [2, true]);
    assert.deepEqual(
      (await all(ownerOnly, { dpi: 72 })).map((p) => p.kind),
      ['text', 'scan'],
    );
  },
);

void test('not a PDF, a truncated PDF, and bad arguments are typed errors', async () => {
  const fake = path.join(dir, 'fake.pdf');
  await writeFile(fake, 'oops\n');
  await rejectsWith(() => inspectPdf(fake), 'CORRUPT_INPUT', /^not a PDF \(no %PDF header\)/);
  const bytes = await (await PDFDocument.create()).save();
  const cut = path.join(dir, 'cut.pdf');
  await writeFile(cut, bytes.subarray(0, 20));
  await rejectsWith(() => all(cut), 'CORRUPT_INPUT', /^not a valid PDF/);
  await rejectsWith(() => inspectPdf(path.join(dir, 'missing.pdf')), 'INPUT_NOT_FOUND');
  const file = await mixedPdf(dir, 'args.pdf');
  await rejectsWith(() => all(file, { dpi: 0 }), 'INVALID_ARGUMENT', /dpi/);
  await rejectsWith(() => all(file, { maxPixels: 1.5 }), 'INVALID_ARGUMENT', /maxPixels/);
});

void test('a repaired file (startxref pointing nowhere) is read, with a warning', async () => {
  const pdf = await PDFDocument.create();
  await addBornDigitalPage(pdf);
  const bytes = Buffer.from(await pdf.save({ useObjectStreams: false }));
  const at = bytes.lastIndexOf('startxref');
  const broken = Buffer.concat([bytes.subarray(0, at), Buffer.from('startxref\n999999\n%%EOF\n')]);
  const file = path.join(dir, 'bad-startxref.pdf');
  await writeFile(file, broken);
  const reader = await PdfDocumentReader.open(file);
  try {
    assert.match(reader.warnings.join('\n'), /damaged .* repaired/);
    const page = await reader.readPage(1, { dpi: 72 });
    assert.equal(page.text.text, BORN_DIGITAL_LINES.join('\n'));
  } finally {
    await reader.close();
  }
  // loadPdfPages has no document slot: the warning rides on the first page.
  const [first] = await all(file, { dpi: 72 });
  assert.match(first!.warnings.join('\n'), /damaged .* repaired/);
});

void test('every bad PDF of the shared set gets its expected behaviour', { skip: noBad }, async () => {
  for (const [name, want] of Object.entries(EXPECTED)) {
    if (HUGE.has(name)) continue;
    const file = path.join(BAD, name);
    if (!existsSync(file)) continue;
    if ('error' in want) {
      const e = await rejectsWith(() => all(file, { dpi: 72 }), want.error, want.message);
      assert.equal(e.retryable, false, name);
      assert.doesNotMatch(e.message, /\n/, `${name}: one line`);
      continue;
    }
    const pages = await all(file, { dpi: 72 });
    assert.ok(pages.length > 0, name);
    const warnings = pages.flatMap((p) => p.warnings).join('\n');
    if (want.warning === null) assert.equal(warnings, '', name);
    else assert.match(warnings, want.warning, name);
  }
});

/** Runs one file through loadPdfPages in a child process: its peak RSS and what came out. */
function childRun(file: string): {
  maxRssMb: number;
  pages: Array<{ dpi: number; px: number; warnings: string[] }>;
} {
  const script = path.join(dir, 'child.mjs');
  const reader = pathToFileURL(path.join(import.meta.dirname, 'pdf-reader.ts')).href;
  const code = `import { loadPdfPages } from ${JSON.stringify(reader)};
const pages = [];
for await (const p of loadPdfPages(process.argv[2])) pages.push({ dpi: p.dpi, px: p.image.width * p.image.height, warnings: p.warnings });
console.log(JSON.stringify({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), pages }));`;
  writeFileSync(script, code);
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ReturnType<typeof childRun>;
}

void test('huge pages render within the pixel cap and bounded memory', { skip: noBad }, () => {
  for (const name of HUGE) {
    const file = path.join(BAD, name);
    if (!existsSync(file)) continue;
    const out = childRun(file);
    console.log(`${name}: peak RSS ${out.maxRssMb} MB, rendered at ${out.pages[0]?.dpi} dpi`);
    const want = EXPECTED[name]!;
    assert.equal(out.pages.length, 1);
    assert.ok(out.pages[0]!.px <= DEFAULT_PDF_MAX_PIXELS);
    if ('warning' in want && want.warning) assert.match(out.pages[0]!.warnings.join('\n'), want.warning);
    // Measured: o02 0.43 GB (its 1.2 gigapixel image is left out), o03 1.42 GB (its 81 MP image is drawn;
    // pdf.js holds about 15 bytes per image pixel while drawing it). At 300 dpi o02 would be 35000x35000 px.
    assert.ok(out.maxRssMb < 2000, `${name}: ${out.maxRssMb} MB`);
  }
});
