// Pages that are one full-page image get their pixels from that image; every other page from pdf.js. Each case
// is compared with pdf.js rendering the same page with one extra, invisible operator (which sends it to pdf.js).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  degrees,
  PDFDocument,
  PDFName,
  type PDFImage,
  type PDFPage,
  PDFRawStream,
  setFillingGrayscaleColor,
  StandardFonts,
} from 'pdf-lib';
import sharp from 'sharp';
import { PdfDocumentReader, type PdfRenderedPage } from './pdf-reader.ts';
import { singleImageDraw } from './pdf-page-image.ts';
import { encryptPdf, LETTER, savePdf, scanPng, SCAN_LINES } from './pdf-test-fixtures.ts';
import { hasCommand } from '../exports/pdf/pdf-test-fixtures.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ocrdesk-page-image-'));
after(() => rmSync(dir, { recursive: true, force: true }));

void test('singleImageDraw: q/cm/Do/Q only, one image, its matrix', () => {
  assert.deepEqual(singleImageDraw('q\n612 0 0 792 0 0 cm\n/Image-12 Do\nQ\n'), {
    name: 'Image-12',
    matrix: [612, 0, 0, 792, 0, 0],
  });
  // Nested matrices multiply; comments and restored states are fine.
  assert.deepEqual(singleImageDraw('q 1 0 0 1 10 20 cm % moved\nq 2 0 0 3 0 0 cm /Im0 Do Q Q'), {
    name: 'Im0',
    matrix: [2, 0, 0, 3, 10, 20],
  });
  for (const content of [
    'q 612 0 0 792 0 0 cm /Im0 Do Q BT /F1 12 Tf (x) Tj ET', // text
    'q 612 0 0 792 0 0 cm /Im0 Do Q q /Im1 Do Q', // two images
    'q 612 0 0 792 0 0 cm /Im0 Do Q 0 0 m 10 10 l S', // a path
    'q 612 0 0 792 0 0 cm BI /W 1 /H 1 ID x EI Q', // inline image
    'q 612 0 0 cm /Im0 Do Q', // cm with too few operands
    'q 612 0 0 792 0 0 cm /Im0 Do Q 5', // dangling operand
    'Q q 612 0 0 792 0 0 cm /Im0 Do Q', // unbalanced Q
    '', // nothing drawn
  ]) {
    assert.equal(singleImageDraw(content), undefined, content);
  }
});

/** Adds the same page twice: as drawn, and with `0 g` appended (nothing visible changes; pdf.js renders it). */
async function pagePair(
  pdf: PDFDocument,
  draw: (page: PDFPage) => Promise<void> | void,
  rotate = 0,
): Promise<void> {
  for (const extra of [false, true]) {
    const page = pdf.addPage([...LETTER]);
    await draw(page);
    if (extra) page.pushOperators(setFillingGrayscaleColor(0));
    if (rotate) page.setRotation(degrees(rotate));
  }
}

function meanDiff(a: Uint8Array, b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
}

void test('one-image pages read from the image match pdf.js; other pages go to pdf.js', async () => {
  const png = await scanPng(SCAN_LINES, 150);
  const jpeg = await sharp(png).jpeg({ quality: 90 }).toBuffer();
  const colourJpeg = await sharp(png).tint('#3050c0').jpeg({ quality: 90 }).toBuffer();
  const greyPng = await sharp(png).toColourspace('b-w').png().toBuffer();
  const cmyk = await sharp(png).toColourspace('cmyk').jpeg().toBuffer();
  const alpha = await sharp(png).ensureAlpha(0.5).png().toBuffer();
  const pdf = await PDFDocument.create();
  const full = (page: PDFPage, img: Parameters<PDFPage['drawImage']>[0]): void =>
    page.drawImage(img, { x: 0, y: 0, width: LETTER[0], height: LETTER[1] });
  const cases: Array<{ what: string; direct: boolean; rotate?: number }> = [];
  const add = async (
    what: string,
    direct: boolean,
    draw: (page: PDFPage) => Promise<void> | void,
    rotate = 0,
  ): Promise<void> => {
    cases.push({ what, direct, rotate });
    await pagePair(pdf, draw, rotate);
  };
  const embedded = {
    jpeg: await pdf.embedJpg(jpeg),
    colour: await pdf.embedJpg(colourJpeg),
    grey: await pdf.embedPng(greyPng),
    png: await pdf.embedPng(png),
    cmyk: await pdf.embedJpg(cmyk),
    alpha: await pdf.embedPng(alpha),
  };
  await add('grey JPEG', true, (p) => full(p, embedded.jpeg));
  await add('colour JPEG', true, (p) => full(p, embedded.colour));
  await add('grey PNG (Flate, PNG predictors)', true, (p) => full(p, embedded.grey));
  await add('RGB PNG, /Rotate 90', true, (p) => full(p, embedded.png), 90);
  await add('JPEG, /Rotate 270', true, (p) => full(p, embedded.jpeg), 270);
  await add('CMYK JPEG', false, (p) => full(p, embedded.cmyk));
  await add('PNG with alpha (SMask)', false, (p) => full(p, embedded.alpha));
  await add('image on part of the page', false, (p) =>
    p.drawImage(embedded.jpeg, { x: 36, y: 36, width: 540, height: 720 }),
  );
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  await add('image and a line of text', false, (p) => {
    full(p, embedded.jpeg);
    p.drawText('typed over the scan', { x: 72, y: 72, size: 12, font });
  });
  const file = await savePdf(pdf, dir, 'pages.pdf');

  const reader = await PdfDocumentReader.open(file);
  try {
    for (const [i, c] of cases.entries()) {
      const read = async (n: number): Promise<PdfRenderedPage> => {
        const p = await reader.readPage(n, { dpi: 100, render: () => true });
        assert.ok(p.image, `${c.what}: not rendered`);
        return p;
      };
      const direct = await read(2 * i + 1);
      const reference = await read(2 * i + 2);
      assert.equal(reference.renderedFrom, 'pdf.js', c.what);
      assert.equal(direct.renderedFrom, c.direct ? 'page image' : 'pdf.js', c.what);
      assert.deepEqual(
        [direct.width, direct.height, direct.kind],
        [reference.width, reference.height, reference.kind],
        c.what,
      );
      if (c.rotate === 90 || c.rotate === 270)
        assert.ok(direct.width > direct.height, `${c.what}: not turned`);
      const diff = meanDiff(direct.image.data, reference.image.data);
      // Scaled from 150 to 100 dpi by different resamplers: a fraction of a level on average.
      assert.ok(diff < 1.5, `${c.what}: mean difference ${diff.toFixed(2)} from pdf.js`);
    }
  } finally {
    await reader.close();
  }
});

/** A letter page that is one JPEG scan at 100 dpi. */
async function oneScanPage(): Promise<{ pdf: PDFDocument; image: PDFImage }> {
  const pdf = await PDFDocument.create();
  const jpeg = await sharp(await scanPng(SCAN_LINES, 100))
    .jpeg()
    .toBuffer();
  const image = await pdf.embedJpg(jpeg);
  pdf.addPage([...LETTER]).drawImage(image, { x: 0, y: 0, width: LETTER[0], height: LETTER[1] });
  return { pdf, image };
}

/** Page 1 of `file` rendered at 72 dpi: who made its pixels, and the page's warnings. */
async function firstPage(
  file: string,
  open: Parameters<typeof PdfDocumentReader.open>[1] = {},
): Promise<{ from: string; warnings: readonly string[]; encrypted: boolean }> {
  const reader = await PdfDocumentReader.open(file, open);
  try {
    const p = await reader.readPage(1, { dpi: 72, render: () => true });
    assert.ok(p.image);
    return { from: p.renderedFrom, warnings: p.warnings, encrypted: reader.encrypted };
  } finally {
    await reader.close();
  }
}

void test('an image whose stream is damaged falls back to pdf.js', async () => {
  const { pdf, image } = await oneScanPage();
  await pdf.flush();
  const stream = pdf.context.lookup(image.ref);
  assert.ok(stream instanceof PDFRawStream);
  // Keep the JPEG header, cut the entropy-coded data: sharp refuses it (failOn 'error'), pdf.js draws what it can.
  const cut = PDFRawStream.of(stream.dict, stream.contents.subarray(0, 700));
  cut.dict.set(PDFName.of('Length'), pdf.context.obj(700));
  pdf.context.assign(image.ref, cut);
  const file = await savePdf(pdf, dir, 'damaged.pdf');
  assert.equal((await firstPage(file)).from, 'pdf.js');
});

void test(
  'encrypted files are rendered by pdf.js (the shortcut has no password)',
  { skip: hasCommand('qpdf') ? false : 'qpdf not installed' },
  async () => {
    const plain = await savePdf((await oneScanPage()).pdf, dir, 'plain.pdf');
    const locked = path.join(dir, 'locked.pdf');
    encryptPdf(plain, locked, '');
    const page = await firstPage(locked);
    assert.deepEqual([page.encrypted, page.from], [true, 'pdf.js']);
  },
);

void test('an image over the pixel cap is never decoded here: pdf.js leaves it out, with a warning', async () => {
  const file = await savePdf((await oneScanPage()).pdf, dir, 'capped.pdf');
  assert.equal((await firstPage(file)).from, 'page image');
  const capped = await firstPage(file, { maxImagePixels: 10_000 });
  assert.equal(capped.from, 'pdf.js');
  assert.ok(capped.warnings.length > 0, 'no warning about the image left out');
});
