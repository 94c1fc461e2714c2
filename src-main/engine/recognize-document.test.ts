import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { OcrDeskError } from '../../src-shared/errors.ts';
import type { Line, PageResult, Quad } from '../../src-shared/ocr-result.ts';
import {
  addBornDigitalPage,
  addScanPage,
  BORN_DIGITAL_LINES,
  mixedPdf,
  savePdf,
  SCAN_LINES,
  scanPng,
} from './documents/pdf-test-fixtures.ts';
import { BAD, EXPECTED_ERRORS, HUGE, noBad } from './documents/bad-pdf-expectations.ts';
import { SHARED_DIR } from './exports/pdf/pdf-test-fixtures.ts';
import { OcrEngine } from './ocr/ocr-engine.ts';
import {
  estimateDpiFromText,
  parsePageRange,
  pngDeclaresDensity,
  recognizeDocument,
  type DocumentProgress,
  type RecognizedDocument,
} from './recognize-document.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'ocrdesk-recognize-'));
let engine: OcrEngine;
let ocrCalls = 0;
before(async () => {
  engine = await OcrEngine.create({ provider: 'cpu' });
  // Count real OCR runs: born-digital pages must not reach the engine in auto mode.
  const recognize = engine.recognize.bind(engine);
  engine.recognize = (...args) => {
    ocrCalls++;
    return recognize(...args);
  };
});
after(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

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

async function counted(run: () => Promise<RecognizedDocument>): Promise<[RecognizedDocument, number]> {
  const before = ocrCalls;
  const doc = await run();
  return [doc, ocrCalls - before];
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

void test('page ranges parse to 1-based selections; anything else is INVALID_ARGUMENT', () => {
  const sel = parsePageRange(' 1-3, 5 ,9-');
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 8, 9, 500].map((n) => sel.includes(n)),
    [true, true, true, false, true, false, false, true, true],
  );
  assert.deepEqual(parsePageRange('2').ranges, [{ from: 2, to: 2 }]);
  for (const bad of ['', ' ', '0', '3-1', 'a', '1--2', '1,,2', '-3', '1-2-3', '2.5']) {
    const e = (() => {
      try {
        parsePageRange(bad);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    assert.ok(e instanceof OcrDeskError && e.code === 'INVALID_ARGUMENT', `"${bad}" should be refused`);
    assert.equal(e.details['pages'], bad);
  }
});

function lineOfHeight(h: number, y: number): Line {
  const quad: Quad = [
    [10, y],
    [400, y],
    [400, y + h],
    [10, y + h],
  ];
  return { text: 'some text', confidence: 0.9, box: [10, y, 400, y + h], quad, words: [] };
}

void test('the DPI estimate is the median line height over an 11 pt line box, clamped', () => {
  const page = (hs: number[]): Pick<PageResult, 'blocks'> => ({
    blocks: [{ box: [0, 0, 1, 1], lines: hs.map((h, i) => lineOfHeight(h, i * 100)) }],
  });
  // 46 px lines are 11 pt at 301 dpi.
  assert.equal(estimateDpiFromText(page([44, 46, 90, 46, 45])), 301);
  assert.equal(estimateDpiFromText(page([46, 46])), undefined, 'too few lines to judge');
  assert.equal(estimateDpiFromText(page([3, 3, 3])), 72);
  assert.equal(estimateDpiFromText(page([900, 900, 900])), 1200);
});

void test('auto: born-digital text is taken without OCR, the scan page is recognised', async () => {
  const file = await mixedPdf(dir);
  const progress: DocumentProgress[] = [];
  const [doc, calls] = await counted(() =>
    recognizeDocument(engine, file, { dpi: 150, onProgress: (p) => progress.push(p) }),
  );
  assert.equal(calls, 1, 'only the scan page is OCR');
  assert.equal(doc.mediaType, 'application/pdf');
  const [text, scan] = doc.pages;
  assert.ok(text && scan);
  assert.equal(text.origin, 'pdf-text');
  assert.equal(text.text, BORN_DIGITAL_LINES.join('\n'));
  assert.equal(text.timings.detectMs, 0);
  assert.deepEqual([text.width, text.height, text.dpi, text.dpiSource], [1275, 1650, 150, 'render']);
  assert.deepEqual(text.pdf, { pageIndex: 0, widthPt: 612, heightPt: 792, rotate: 0, kind: 'text' });
  assert.equal(scan.origin, 'ocr');
  assert.deepEqual(scan.pdf, { pageIndex: 1, widthPt: 612, heightPt: 792, rotate: 0, kind: 'scan' });
  assert.deepEqual([scan.width, scan.height, scan.dpi], [1275, 1650, 150]);
  // Spaces inside these big capitals are OCR's business, not this test's.
  const letters = scan.text.replace(/\s/g, '');
  for (const l of SCAN_LINES)
    assert.ok(letters.includes(l.replace(/\s/g, '')), `OCR found "${l}" in "${scan.text}"`);
  assert.deepEqual(
    progress.map((p) => [p.pagesDone, p.pageCount]),
    [
      [0, 2],
      [1, 2],
      [2, 2],
    ],
  );
});

void test('force OCRs every page and ignores the existing text', async () => {
  const file = await mixedPdf(dir, 'force.pdf');
  const [doc, calls] = await counted(() => recognizeDocument(engine, file, { mode: 'force', dpi: 150 }));
  assert.equal(calls, 2);
  assert.deepEqual(
    doc.pages.map((p) => [p.origin, p.pdf?.kind]),
    [
      ['ocr', 'text'],
      ['ocr', 'scan'],
    ],
  );
  const ocrWords = squash(doc.pages[0]!.text).toLowerCase();
  for (const w of ['quarterly', 'harbour', 'quick', 'brown', 'invoice'])
    assert.ok(ocrWords.includes(w), ocrWords);
});

void test('an existing OCR layer is kept in auto and recognised again in redo', async () => {
  const pdf = await PDFDocument.create();
  await addScanPage(pdf, await scanPng(SCAN_LINES), ['STALE OCR LAYER', 'FROM BEFORE']);
  await addBornDigitalPage(pdf);
  const file = await savePdf(pdf, dir, 'ocr-layer.pdf');

  const [auto, autoCalls] = await counted(() => recognizeDocument(engine, file, { dpi: 150 }));
  assert.equal(autoCalls, 0);
  assert.deepEqual(
    auto.pages.map((p) => [p.origin, p.pdf?.kind]),
    [
      ['pdf-text', 'ocr-text'],
      ['pdf-text', 'text'],
    ],
  );
  assert.equal(auto.pages[0]!.text, 'STALE OCR LAYER\nFROM BEFORE');

  const [redo, redoCalls] = await counted(() => recognizeDocument(engine, file, { mode: 'redo', dpi: 150 }));
  assert.equal(redoCalls, 1);
  assert.deepEqual(
    redo.pages.map((p) => p.origin),
    ['ocr', 'pdf-text'],
  );
  assert.ok(redo.pages[0]!.text.replace(/\s/g, '').includes('PIERSEVENCLOSED'), redo.pages[0]!.text);
  assert.ok(!redo.pages[0]!.text.includes('STALE'));
});

void test('page ranges select pages of PDFs and TIFFs; a range past the end is refused', async () => {
  const file = await mixedPdf(dir, 'ranges.pdf');
  const progress: DocumentProgress[] = [];
  const doc = await recognizeDocument(engine, file, {
    pages: '2-',
    dpi: 150,
    onProgress: (p) => progress.push(p),
  });
  assert.deepEqual(
    doc.pages.map((p) => p.page),
    [2],
  );
  assert.equal(progress.at(-1)?.pageCount, 1);
  await rejectsWith(
    () => recognizeDocument(engine, file, { pages: '5-9' }),
    'INVALID_ARGUMENT',
    /selects no page/,
  );
  await rejectsWith(() => recognizeDocument(engine, file, { pages: 'x' }), 'INVALID_ARGUMENT');

  const tiff = path.join(dir, 'two.tif');
  const frames = await Promise.all(
    [SCAN_LINES, ['SECOND PAGE']].map(async (l) =>
      sharp(await scanPng(l, 40))
        .png()
        .toBuffer(),
    ),
  );
  await sharp(frames, { join: { animated: true } })
    .tiff({ compression: 'lzw' })
    .toFile(tiff);
  const pages = (await recognizeDocument(engine, tiff, { pages: '2' })).pages;
  assert.deepEqual(
    pages.map((p) => [p.page, p.text]),
    [[2, 'SECOND PAGE']],
  );
});

void test('images: DPI from the file, else estimated from the text, else 300', async () => {
  // Ten-point text at 200 dpi: 27.8 px type.
  const lines = [
    'Minutes of the harbour board meeting',
    'held on the third of March in the old hall.',
    'Present were the master, two pilots and',
    'the clerk, who kept these notes in full.',
    'The board agreed to close pier seven.',
  ];
  const px = (10 / 72) * 200;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1700" height="700"><rect width="100%" height="100%" fill="#fff"/>${lines
    .map(
      (l, i) =>
        `<text x="100" y="${150 + i * px * 1.6}" font-family="DejaVu Serif, serif" font-size="${px}">${l}</text>`,
    )
    .join('')}</svg>`;
  // Through raw pixels: sharp would otherwise keep the SVG's 72 dpi as a pHYs chunk.
  const bare = path.join(dir, 'bare.png');
  const raw = await sharp(Buffer.from(svg)).raw().toBuffer({ resolveWithObject: true });
  await sharp(raw.data, {
    raw: { width: raw.info.width, height: raw.info.height, channels: raw.info.channels },
  })
    .png()
    .toFile(bare);
  const dense = path.join(dir, 'dense.png');
  await sharp(Buffer.from(svg)).withMetadata({ density: 300 }).png().toFile(dense);
  const empty = path.join(dir, 'empty.png');
  await sharp({ create: { width: 300, height: 200, channels: 3, background: '#fff' } })
    .png()
    .toFile(empty);

  const [fromFile] = (await recognizeDocument(engine, dense)).pages;
  assert.deepEqual([fromFile?.dpi, fromFile?.dpiSource, fromFile?.origin], [300, 'file', 'ocr']);
  const [estimated] = (await recognizeDocument(engine, bare)).pages;
  assert.equal(estimated?.dpiSource, 'estimated');
  assert.ok(estimated.dpi! > 160 && estimated.dpi! < 240, `estimated ${estimated.dpi} dpi for 200 dpi text`);
  const [assumed] = (await recognizeDocument(engine, empty)).pages;
  assert.deepEqual([assumed?.dpi, assumed?.dpiSource], [300, 'assumed']);
});

const FUNSD = path.join(SHARED_DIR, 'eval/data/funsd/82200067_0069.png');
const noFunsd = existsSync(FUNSD) ? false : `${FUNSD} not found (shared eval set not beside the checkout)`;

void test(
  'a real FUNSD scan (no pHYs; about 91 dpi: 1000 px for 11 in) gets its DPI from its text',
  { skip: noFunsd },
  async () => {
    const [page] = (await recognizeDocument(engine, FUNSD)).pages;
    assert.equal(page?.dpiSource, 'estimated');
    assert.ok(page.dpi! >= 75 && page.dpi! <= 110, `estimated ${page.dpi} dpi`);
  },
);

void test('PNG density: pHYs in metres counts, a missing pHYs does not', () => {
  const chunk = (type: string, data: number[]): number[] => [
    0,
    0,
    0,
    data.length,
    ...Buffer.from(type),
    ...data,
    0,
    0,
    0,
    0,
  ];
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const ihdr = chunk('IHDR', new Array<number>(13).fill(0));
  const phys = (unit: number): number[] => chunk('pHYs', [0, 0, 11, 19, 0, 0, 11, 19, unit]);
  const png = (...parts: number[][]): Uint8Array => new Uint8Array([...sig, ...parts.flat()]);
  assert.equal(pngDeclaresDensity(png(ihdr, phys(1), chunk('IDAT', [1]))), true);
  assert.equal(pngDeclaresDensity(png(ihdr, phys(0), chunk('IDAT', [1]))), false);
  assert.equal(pngDeclaresDensity(png(ihdr, chunk('IDAT', [1]))), false);
  assert.equal(pngDeclaresDensity(png(ihdr)), undefined);
});

void test('the old signature (a progress callback) still works; a fake .pdf is CORRUPT_INPUT', async () => {
  const png = path.join(dir, 'scan.png');
  await writeFile(png, await scanPng(SCAN_LINES, 100));
  const seen: number[] = [];
  const doc = await recognizeDocument(engine, png, (p) => seen.push(p.pagesDone));
  assert.deepEqual(seen, [0, 1]);
  assert.equal(doc.mediaType, 'image/png');
  const fake = path.join(dir, 'fake.pdf');
  await writeFile(fake, 'oops\n');
  await rejectsWith(() => recognizeDocument(engine, fake), 'CORRUPT_INPUT', /^not a PDF \(no %PDF header\)/);
  const text = path.join(dir, 'notes.png');
  await writeFile(text, 'Meeting notes\n');
  await rejectsWith(() => recognizeDocument(engine, text), 'UNSUPPORTED_MEDIA_TYPE', /looks like text/);
  await rejectsWith(
    () => recognizeDocument(engine, png, { mode: 'sometimes' as 'auto' }),
    'INVALID_ARGUMENT',
  );
});

void test(
  'shared bad PDFs: a clear error or a result with warnings, never a crash',
  { skip: noBad },
  async () => {
    const errors = EXPECTED_ERRORS;
    // The huge pages are covered (with their memory) by pdf-reader.test.ts.
    const names = (await readdir(BAD)).filter((f) => f.endsWith('.pdf') && !HUGE.has(f)).sort();
    for (const name of names) {
      const file = path.join(BAD, name);
      const code = errors[name];
      if (code) {
        await rejectsWith(() => recognizeDocument(engine, file, { dpi: 72 }), code);
        continue;
      }
      const doc = await recognizeDocument(engine, file, { dpi: 72 });
      assert.ok(doc.pages.length > 0, name);
      for (const p of doc.pages) assert.ok(p.origin !== undefined && p.dpi === 72, name);
    }
    // Repairs found while opening reach the document's warnings.
    const repaired = await recognizeDocument(engine, path.join(BAD, 'q02-qpdf-bad2-no-startxref.pdf'), {
      dpi: 72,
    });
    assert.match((repaired.warnings ?? []).join('\n'), /damaged .* repaired/);
    assert.equal(repaired.pages[0]?.text, 'Potato');
  },
);
