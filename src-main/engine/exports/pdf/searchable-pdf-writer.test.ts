// Golden tests of image pages: the PDF is written, then read back by the real tools (poppler, pdf.js, PDFBox
// Preflight) and compared with the words and boxes the page was built from.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFStream,
} from 'pdf-lib';
import sharp from 'sharp';
import type { PageResult } from '../../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../../documents/raster.ts';
import {
  binarise,
  hasCommand,
  jpegFromRaster,
  PDFA_CHECK,
  pdfaCheckMissing,
  pdftotextBBox,
  pdftotextRaw,
  rasterFromSvg,
  resultWords,
  run,
  sidewaysPage,
  wordsPage,
} from './pdf-test-fixtures.ts';
import { SearchablePdfWriter, type SearchablePdfOptions } from './searchable-pdf-writer.ts';

const noPoppler = hasCommand('pdftotext') && hasCommand('pdftoppm') ? '' : 'poppler-utils not installed';
const noPdfa = pdfaCheckMissing();
const dir = mkdtempSync(path.join(os.tmpdir(), 'ocrdesk-pdf-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A 300 dpi page, two columns of two blocks each; some lines with gaps far below the minimum. */
const twoColumns = wordsPage({
  width: 2550,
  height: 1400,
  blocks: [
    [
      { x: 150, y: 200, size: 50, words: ['The', 'quick', 'brown', 'fox'] },
      { x: 150, y: 280, size: 50, words: ['jumps', 'over', 'the', 'lazy', 'dog.'] },
    ],
    [{ x: 150, y: 420, size: 42, words: ['Tight', 'gaps', 'merge', 'words', 'elsewhere'], gap: 0.05 }],
    [
      { x: 1350, y: 200, size: 50, words: ['Second', 'column', 'starts'] },
      { x: 1350, y: 280, size: 50, words: ['here,', 'a', 'b', 'c', '1', '2'] },
    ],
    [{ x: 1350, y: 700, size: 90, words: ['Heading', 'size'] }],
  ],
});

async function writePdf(
  name: string,
  pages: { result: PageResult; source: RasterImage | Uint8Array }[],
  options: SearchablePdfOptions = {},
): Promise<{
  file: string;
  bytes: Uint8Array;
  pdfa: string | null;
  warnings: readonly string[];
  msPerPage: number;
  writer: SearchablePdfWriter;
}> {
  const t = performance.now();
  const writer = await SearchablePdfWriter.create(options);
  for (const p of pages) await writer.addImagePage(p.result, p.source);
  const out = await writer.finish();
  const msPerPage = (performance.now() - t) / pages.length;
  const file = path.join(dir, name);
  writeFileSync(file, out.bytes);
  return { file, bytes: out.bytes, pdfa: out.pdfa, warnings: out.warnings, msPerPage, writer };
}

/** The decoded content streams of a page, concatenated. */
async function pageContent(bytes: Uint8Array, page: number): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  const contents = doc.getPage(page).node.Contents();
  const streams =
    contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
  return streams
    .map((s) => Buffer.from(decodePDFRawStream(s as PDFRawStream).decode()).toString('latin1'))
    .join('\n');
}

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

const pt = (px: number): number => (px * 72) / 300;

void test(
  'pdftotext -raw returns the words in reading order; -bbox puts each within 1 pt of its box',
  { skip: noPoppler || false },
  async (t) => {
    const image = await rasterFromSvg(twoColumns.svg);
    const out = await writePdf('two-columns.pdf', [{ result: twoColumns.result, source: image }], {
      pdfa: 'none',
    });
    t.diagnostic(
      `image ${image.width}x${image.height} px → ${out.bytes.length} bytes, ${out.msPerPage.toFixed(0)} ms/page`,
    );
    const words = resultWords(twoColumns.result);
    assert.equal(squash(pdftotextRaw(out.file)), words.join(' '));

    const boxes = twoColumns.result.blocks.flatMap((b) =>
      b.lines.flatMap((l) => l.words.map((w) => ({ w, line: l }))),
    );
    const found = pdftotextBBox(out.file);
    assert.deepEqual(
      found.map((f) => f.text),
      words,
    );
    found.forEach((f, i) => {
      const { w, line } = boxes[i]!;
      // Tight gaps are widened to MIN_GAP_EM at the words' expense; elsewhere the box is kept.
      const tol = line.text.startsWith('Tight') ? pt(0.2 * 42) : 1;
      assert.ok(Math.abs(f.xMin - pt(w.box[0])) <= tol, `${f.text} xMin ${f.xMin} vs ${pt(w.box[0])}`);
      assert.ok(Math.abs(f.xMax - pt(w.box[2])) <= tol, `${f.text} xMax ${f.xMax} vs ${pt(w.box[2])}`);
      assert.ok(Math.abs(f.yMin - pt(line.box[1])) <= 1, `${f.text} yMin ${f.yMin} vs ${pt(line.box[1])}`);
      assert.ok(Math.abs(f.yMax - pt(line.box[3])) <= 1, `${f.text} yMax ${f.yMax} vs ${pt(line.box[3])}`);
    });
  },
);

void test('pdf.js reads the same words with the same spaces', async () => {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const image = await rasterFromSvg(twoColumns.svg);
  const out = await writePdf('two-columns-pdfjs.pdf', [{ result: twoColumns.result, source: image }], {
    pdfa: 'none',
  });
  const doc = await getDocument({ data: out.bytes.slice(), isEvalSupported: false }).promise;
  const content = await (await doc.getPage(1)).getTextContent();
  const text = content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join('');
  await doc.destroy();
  assert.equal(squash(text), resultWords(twoColumns.result).join(' '));
});

function renderGrey(file: string, dpi: number): Buffer {
  const prefix = path.join(dir, `render-${path.basename(file, '.pdf')}-${dpi}`);
  const r = run('pdftoppm', ['-r', String(dpi), '-gray', '-f', '1', '-l', '1', file, prefix]);
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(`${prefix}-1.pgm`);
}

void test(
  'the page renders pixel-identical with and without the text layer',
  { skip: noPoppler || false },
  async () => {
    const image = await rasterFromSvg(twoColumns.svg);
    const pages = [{ result: twoColumns.result, source: image }];
    const withText = await writePdf('with-text.pdf', pages, { pdfa: 'none' });
    const without = await writePdf('without-text.pdf', pages, { pdfa: 'none', textLayer: 'none' });
    assert.ok(pdftotextRaw(withText.file).includes('quick'));
    assert.equal(squash(pdftotextRaw(without.file)), '');
    for (const dpi of [72, 150]) {
      assert.ok(
        renderGrey(withText.file, dpi).equals(renderGrey(without.file, dpi)),
        `render at ${dpi} dpi differs`,
      );
    }
  },
);

async function colourPhotoPage(): Promise<{ result: PageResult; image: RasterImage }> {
  const bg =
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#c33"/><stop offset="1" stop-color="#36c"/></linearGradient></defs>' +
    '<rect x="100" y="500" width="2300" height="800" fill="url(#g)"/><circle cx="1200" cy="900" r="300" fill="#3c6" opacity="0.6"/>';
  const { svg, result } = wordsPage({ ...pageSpecSmall, background: bg });
  return { result, image: await rasterFromSvg(svg) };
}

const pageSpecSmall = {
  width: 2550,
  height: 1400,
  blocks: [[{ x: 150, y: 200, size: 50, words: ['Invoice', 'number', '12345'] }]],
};

void test(
  'PDF/A-1b output passes Preflight: grey, bilevel, indexed and JPEG pages with metadata',
  { skip: noPdfa || noPoppler || false },
  async (t) => {
    const grey = await rasterFromSvg(twoColumns.svg);
    const photo = await colourPhotoPage();
    const flat = wordsPage({
      ...pageSpecSmall,
      background: '<rect x="100" y="500" width="800" height="300" fill="#d22"/>',
    });
    const flatImage = binarise(await rasterFromSvg(flat.svg.replace('fill="#d22"', 'fill="#000"')));
    // Paint the block red again on the binarised page: two flat colours plus black and white.
    for (let y = 500; y < 800; y++) {
      for (let x = 100; x < 900; x++) flatImage.data.set([210, 30, 30], (y * flatImage.width + x) * 3);
    }
    const meta = {
      title: 'Résumé – 日本語 “quotes” & <tags>',
      author: 'Zoë Åström',
      subject: 'Test subject',
      keywords: 'ocr, pdf/a; test',
    };
    const out = await writePdf(
      'pdfa-1b.pdf',
      [
        { result: twoColumns.result, source: grey },
        { result: twoColumns.result, source: binarise(grey) },
        { result: flat.result, source: flatImage },
        { result: photo.result, source: photo.image },
      ],
      { pdfa: '1b', ...meta },
    );
    assert.equal(out.pdfa, '1b');
    assert.deepEqual(out.writer.imageEncodings, ['gray', 'bilevel', 'indexed', 'color']);
    t.diagnostic(`4 pages: ${out.bytes.length} bytes, ${out.msPerPage.toFixed(0)} ms/page`);
    const check = run(PDFA_CHECK, [out.file]);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /^PASS PDF\/A-1b/);

    const info = run('pdfinfo', ['-enc', 'UTF-8', out.file]).stdout;
    assert.match(info, /Title:\s+Résumé – 日本語 “quotes” & <tags>/);
    assert.match(info, /Author:\s+Zoë Åström/);
    assert.match(info, /Keywords:\s+ocr, pdf\/a; test/);
    assert.match(info, /PDF version:\s+1\.4/);
    const text = Buffer.from(out.bytes).toString('latin1');
    assert.match(text, /<pdfaid:part>1<\/pdfaid:part>/, 'XMP stored uncompressed');
    assert.match(text, /<rdf:li>pdf\/a<\/rdf:li>/);
    assert.doesNotMatch(text, /\/ObjStm|\/XRef/);
  },
);

void test('PDF/A-2b and plain PDF: the XMP claims exactly the level written', async () => {
  const image = binarise(await rasterFromSvg(twoColumns.svg));
  const pages = [{ result: twoColumns.result, source: image }];
  const two = await writePdf('pdfa-2b.pdf', pages);
  assert.equal(two.pdfa, '2b');
  const twoText = Buffer.from(two.bytes).toString('latin1');
  assert.match(twoText, /<pdfaid:part>2<\/pdfaid:part>/);
  assert.match(twoText, /^%PDF-1\.7/);
  const three = await writePdf('pdfa-3b.pdf', pages, { pdfa: '3b' });
  assert.match(Buffer.from(three.bytes).toString('latin1'), /<pdfaid:part>3<\/pdfaid:part>/);
  const plain = await writePdf('plain.pdf', pages, { pdfa: 'none' });
  assert.equal(plain.pdfa, null);
  assert.doesNotMatch(Buffer.from(plain.bytes).toString('latin1'), /pdfaid/);
  const doc = await PDFDocument.load(two.bytes);
  const intents = doc.catalog.lookup(PDFName.of('OutputIntents'));
  assert.ok(intents, 'OutputIntent present');
  assert.ok(doc.context.trailerInfo.ID, 'trailer ID present');
});

void test(
  'a visible (Tr 1) text layer passes Preflight, font checks included',
  { skip: noPdfa || false },
  async () => {
    const image = await rasterFromSvg(twoColumns.svg);
    const cjk = wordsPage({
      ...pageSpecSmall,
      blocks: [[{ x: 150, y: 200, size: 50, words: ['漢字', 'テスト', '😀', 'ok'] }]],
    });
    const out = await writePdf(
      'visible-1b.pdf',
      [
        { result: twoColumns.result, source: image },
        { result: cjk.result, source: await rasterFromSvg(cjk.svg) },
      ],
      { pdfa: '1b', textLayer: 'visible' },
    );
    assert.match(await pageContent(out.bytes, 0), /\n1 Tr\n/);
    const check = run(PDFA_CHECK, [out.file]);
    assert.match(check.stdout, /^PASS PDF\/A-1b/, check.stdout + check.stderr);
  },
);

void test('CJK, non-BMP and emoji words extract as written', { skip: noPoppler || false }, async () => {
  const spec = wordsPage({
    width: 2550,
    height: 800,
    blocks: [
      [
        { x: 150, y: 200, size: 50, words: ['日本語の', 'テキスト', 'です。'] },
        { x: 150, y: 300, size: 50, words: ['emoji', '😀👍🏽', 'and', '𠀋𡈽', 'naïve', 'façade'] },
        { x: 150, y: 400, size: 50, words: ['ภาษา', 'ไทย'] },
        { x: 150, y: 500, size: 50, words: ['한국어', '문장'] },
      ],
    ],
  });
  const out = await writePdf('cjk.pdf', [{ result: spec.result, source: await rasterFromSvg(spec.svg) }], {
    pdfa: 'none',
  });
  const lines = pdftotextRaw(out.file)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  assert.deepEqual(lines, [
    '日本語のテキストです。',
    'emoji 😀👍🏽 and 𠀋𡈽 naïve façade',
    'ภาษาไทย',
    '한국어 문장',
  ]);
});

function pageImage(doc: PDFDocument, page: number): PDFStream {
  const res = doc.getPage(page).node.Resources()!;
  const xobjects = res.lookup(PDFName.of('XObject'), PDFDict);
  return xobjects.lookup(PDFName.of('Im0'), PDFStream);
}

function dictName(s: PDFStream, key: string): string | undefined {
  return s.dict.lookup(PDFName.of(key))?.toString();
}

void test('image encodings: 1-bit for bilevel, 8-bit grey Flate, JPEG for photos, JPEG input byte-identical', async (t) => {
  const grey = await rasterFromSvg(twoColumns.svg);
  const photo = await colourPhotoPage();
  const jpeg = await jpegFromRaster(photo.image, 80);
  const greyJpeg = new Uint8Array(
    await sharp(Buffer.from(jpeg)).toColourspace('b-w').jpeg({ quality: 75, progressive: true }).toBuffer(),
  );
  const out = await writePdf(
    'encodings.pdf',
    [
      { result: twoColumns.result, source: binarise(grey) },
      { result: twoColumns.result, source: grey },
      { result: photo.result, source: photo.image },
      { result: photo.result, source: jpeg },
      { result: photo.result, source: greyJpeg },
    ],
    { pdfa: 'none', jpegQuality: 70 },
  );
  assert.deepEqual(out.writer.imageEncodings, [
    'bilevel',
    'gray',
    'color',
    'jpeg-passthrough',
    'jpeg-passthrough',
  ]);
  const doc = await PDFDocument.load(out.bytes);
  const im = [0, 1, 2, 3, 4].map((i) => pageImage(doc, i));
  assert.deepEqual(
    im.map((s) => [
      dictName(s, 'BitsPerComponent'),
      dictName(s, 'ColorSpace'),
      dictName(s, 'Filter'),
      s.dict.has(PDFName.of('SMask')),
    ]),
    [
      ['1', '/DeviceGray', '/FlateDecode', false],
      ['8', '/DeviceGray', '/FlateDecode', false],
      ['8', '/DeviceRGB', '/DCTDecode', false],
      ['8', '/DeviceRGB', '/DCTDecode', false],
      ['8', '/DeviceGray', '/DCTDecode', false],
    ],
  );
  assert.ok(
    Buffer.from((im[3] as PDFRawStream).contents).equals(Buffer.from(jpeg)),
    'JPEG passed through byte for byte',
  );
  assert.ok(
    Buffer.from((im[4] as PDFRawStream).contents).equals(Buffer.from(greyJpeg)),
    'grey JPEG passed through byte for byte',
  );
  const sizes = im.map((s) => (s as PDFRawStream).contents.length);
  t.diagnostic(
    `image bytes: 1-bit ${sizes[0]}, grey ${sizes[1]}, JPEG q70 ${sizes[2]}, JPEG input ${jpeg.length} → ${sizes[3]}`,
  );
  assert.ok(sizes[0]! < sizes[1]!, '1-bit smaller than grey');
});

/** Mean absolute difference of two same-size grey images. */
function meanDiff(a: Uint8Array, b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
}

async function greyPixels(input: Buffer | RasterImage, width: number, height: number): Promise<Uint8Array> {
  const s = Buffer.isBuffer(input)
    ? sharp(input)
    : sharp(input.data, { raw: { width: input.width, height: input.height, channels: 3 } });
  return new Uint8Array(await s.greyscale().resize(width, height, { fit: 'fill' }).raw().toBuffer());
}

void test(
  'a JPEG with EXIF orientation 6 passes through and still shows upright under its words',
  { skip: noPoppler || false },
  async () => {
    const photo = await colourPhotoPage();
    // Stored sideways, displayed upright: what a phone camera writes.
    const stored = await sharp(photo.image.data, {
      raw: { width: photo.image.width, height: photo.image.height, channels: 3 },
    })
      .rotate(270)
      .jpeg({ quality: 90 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const out = await writePdf('exif.pdf', [{ result: photo.result, source: new Uint8Array(stored) }], {
      pdfa: 'none',
    });
    assert.deepEqual(out.writer.imageEncodings, ['jpeg-passthrough']);
    const prefix = path.join(dir, 'exif-render');
    assert.equal(run('pdftoppm', ['-r', '30', '-png', out.file, prefix]).status, 0);
    const rendered = readFileSync(`${prefix}-1.png`);
    const meta = await sharp(rendered).metadata();
    assert.equal(meta.width, Math.round((2550 * 30) / 300));
    const a = await greyPixels(rendered, meta.width, meta.height);
    const b = await greyPixels(photo.image, meta.width, meta.height);
    assert.ok(meanDiff(a, b) < 8, `mean difference ${meanDiff(a, b)}`);
    assert.ok(pdftotextRaw(out.file).includes('Invoice number 12345'));
  },
);

void test(
  'a sideways page gets /Rotate 90 and its text reads in order, upright, on its words',
  { skip: noPoppler || false },
  async () => {
    const upright = await rasterFromSvg(twoColumns.svg);
    const side = await sidewaysPage(upright, twoColumns.result);
    const out = await writePdf('rotated.pdf', [{ result: side.result, source: side.image }], {
      pdfa: 'none',
    });
    const doc = await PDFDocument.load(out.bytes);
    assert.equal(doc.getPage(0).getRotation().angle, 90);
    assert.equal(squash(pdftotextRaw(out.file)), resultWords(twoColumns.result).join(' '));
    // Boxes as displayed: the upright page's.
    const found = pdftotextBBox(out.file);
    const words = twoColumns.result.blocks[0]!.lines[0]!.words;
    words.forEach((w, i) => {
      const f = found[i]!;
      assert.equal(f.text, w.text);
      assert.ok(
        Math.abs(f.xMin - pt(w.box[0])) <= 1 && Math.abs(f.xMax - pt(w.box[2])) <= 1,
        `${f.text} x ${f.xMin}-${f.xMax}`,
      );
      assert.ok(Math.abs(f.yMax - pt(w.box[3])) <= 1, `${f.text} yMax ${f.yMax} vs ${pt(w.box[3])}`);
    });
  },
);

void test('odd resolutions stay inside the PDF page size limits', async () => {
  const image = binarise(await rasterFromSvg(twoColumns.svg));
  const sizes: number[][] = [];
  for (const dpi of [1, 300, 1e6]) {
    const out = await writePdf(`dpi-${dpi}.pdf`, [{ result: { ...twoColumns.result, dpi }, source: image }]);
    const { width, height } = (await PDFDocument.load(out.bytes)).getPage(0).getSize();
    sizes.push([width, height]);
  }
  assert.deepEqual(sizes[1], [612, 336]);
  assert.ok(Math.abs(sizes[0]![0]! - 14_400) < 0.01, JSON.stringify(sizes));
  assert.ok(Math.abs(sizes[2]![1]! - 3) < 0.01, JSON.stringify(sizes));
});

void test('bad arguments and misuse are typed errors', async () => {
  await assert.rejects(SearchablePdfWriter.create({ pdfa: '4u' as 'none' }), { code: 'INVALID_ARGUMENT' });
  await assert.rejects(SearchablePdfWriter.create({ jpegQuality: 0 }), { code: 'INVALID_ARGUMENT' });
  const w = await SearchablePdfWriter.create();
  await assert.rejects(w.finish(), { code: 'EMPTY_INPUT' });
  await assert.rejects(w.addImagePage(twoColumns.result, new Uint8Array([0x89, 0x50, 0x4e, 0x47])), {
    code: 'INVALID_ARGUMENT',
  });
  await w.addImagePage(twoColumns.result, binarise(await rasterFromSvg(twoColumns.svg)));
  await w.finish();
  await assert.rejects(w.finish(), { code: 'INTERNAL' });
});
