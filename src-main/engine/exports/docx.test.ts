import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import sharp from 'sharp';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import type { DocumentResult } from '../../../src-shared/ocr-result.ts';
import { exportDocx } from './docx.ts';
import {
  NASTY_CLEAN,
  NASTY_WORDS,
  allWords,
  doc,
  findAll,
  hasTool,
  multilingualPage,
  page,
  parseXml,
  rotatedPage,
  titledPage,
  xmlSpecialPage,
  type XmlElement,
} from './test-fixtures.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'ocrdesk-docx-'));
after(() => rm(dir, { recursive: true, force: true }));

const noOffice = hasTool('soffice')
  ? false
  : 'LibreOffice not installed (Debian libreoffice-writer-nogui fonts-liberation)';
/** Whether fontconfig knows a font for `lang` (LibreOffice renders a script without one as gaps or drops it). */
function hasFontFor(lang: string): boolean {
  const r = spawnSync('fc-list', [`:lang=${lang}`], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '';
}
// The rendered page 3 holds Chinese, Japanese and Korean words: with a fallback font that lacks Hangul (Debian's
// fonts-droid-fallback, pulled in by ocrmypdf), LibreOffice drops the Korean word and splits Chinese ones.
const noCjkFont =
  hasFontFor('ko') && hasFontFor('zh-cn') && hasFontFor('ja')
    ? false
    : 'no CJK font covering Chinese, Japanese and Korean (Debian fonts-noto-cjk)';
const noPoppler =
  noOffice || (hasTool('pdftotext') ? false : 'pdftotext not installed (Debian poppler-utils)') || noCjkFont;

const fixture = doc([titledPage(1), rotatedPage(2), multilingualPage(3), xmlSpecialPage(4)]);
const cleanText = (t: string): string => NASTY_CLEAN[NASTY_WORDS.indexOf(t)] ?? t;
const expectedWords = (d: DocumentResult): string[] => allWords(d).map((w) => cleanText(w.text));

function unzipDocx(bytes: Uint8Array): Record<string, Uint8Array> {
  // A .docx is a ZIP whose first entry names its content types.
  assert.equal(strFromU8(bytes.subarray(0, 2)), 'PK');
  return unzipSync(bytes);
}

interface Para {
  text: string;
  style: string | undefined;
  breakBefore: boolean;
  images: number;
}

function paragraphs(files: Record<string, Uint8Array>): Para[] {
  const xml = files['word/document.xml'];
  assert.ok(xml, 'word/document.xml');
  const root = parseXml(strFromU8(xml));
  const has = (p: XmlElement, name: string): XmlElement[] => findAll(p, (e) => e.name === name);
  return has(root, 'w:p').map((p) => ({
    text: has(p, 'w:t')
      .map((t) => t.text)
      .join(''),
    style: has(p, 'w:pStyle')[0]?.attrs['w:val'],
    breakBefore: has(p, 'w:pageBreakBefore').length > 0,
    images: has(p, 'w:drawing').length,
  }));
}

/** Runs LibreOffice on a file with a profile of its own (so parallel runs never share one); returns the output. */
function soffice(file: string, to: string): string {
  const profile = `file://${path.join(dir, 'lo-profile')}`;
  const out = path.join(dir, 'lo-out');
  const r = spawnSync(
    'soffice',
    [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', to, '--outdir', out, file],
    { encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  const ext = to.split(':')[0] ?? to;
  return path.join(out, `${path.parse(file).name}.${ext}`);
}

const tokens = (s: string): string[] =>
  s
    .replace(/\uFEFF/g, '')
    .split(/\s+/)
    .filter(Boolean);

void test('DOCX: one paragraph per block in reading order, headings, a page break before each page', async () => {
  const files = unzipDocx(await exportDocx(fixture));
  const paras = paragraphs(files);
  assert.deepEqual(
    paras.slice(0, 3).map((p) => [p.text, p.style]),
    [
      ['Annual Report', 'Heading1'],
      ['Results and outlook', 'Heading2'],
      [
        'The quick brown fox jumps over the lazy dog while the committee reviews every figure in this short report',
        undefined,
      ],
    ],
  );
  assert.deepEqual(tokens(paras.map((p) => p.text).join(' ')), expectedWords(fixture));
  // Pages 2..4 each start with a paragraph that breaks the page before it, and nothing else does.
  const breaks = paras.map((p, i) => (p.breakBefore ? i : -1)).filter((i) => i >= 0);
  assert.deepEqual(
    breaks.map((i) => paras[i]?.text),
    ['Rotated words here second line', 'Καλημέρα κόσμε Привет мир', NASTY_CLEAN.join(' ')],
  );
  assert.equal(paras.filter((p) => p.images > 0).length, 0);
  const styles = strFromU8(files['word/styles.xml'] ?? new Uint8Array());
  assert.match(styles, /w:styleId="Heading1"/);
});

void test('DOCX: metadata in docProps/core.xml; none claimed when none is given', async () => {
  const metadata = {
    title: 'Report <2024>',
    author: 'Ann & Bob',
    subject: 'Scans',
    keywords: ['ocr', 'invoices'],
  };
  const core = strFromU8(unzipDocx(await exportDocx(fixture, { metadata }))['docProps/core.xml']!);
  const root = parseXml(core);
  const text = (name: string): string | undefined => findAll(root, (e) => e.name === name)[0]?.text;
  assert.equal(text('dc:title'), 'Report <2024>');
  assert.equal(text('dc:creator'), 'Ann & Bob');
  assert.equal(text('dc:subject'), 'Scans');
  assert.equal(text('cp:keywords'), 'ocr; invoices');
  const bare = strFromU8(unzipDocx(await exportDocx(fixture))['docProps/core.xml']!);
  assert.doesNotMatch(bare, /dc:creator|Un-named|dc:title/);
});

void test('DOCX: page images (PNG, JPEG) scaled to the text width; other formats refused', async () => {
  const png = new Uint8Array(
    await sharp({ create: { width: 62, height: 88, channels: 3, background: '#c33' } })
      .png()
      .toBuffer(),
  );
  const jpg = new Uint8Array(
    await sharp({ create: { width: 80, height: 40, channels: 3, background: '#3c3' } })
      .jpeg()
      .toBuffer(),
  );
  const wide = page(2, 2000, 1000, titledPage().blocks);
  const d = doc([titledPage(1), wide, rotatedPage(3)]);
  const files = unzipDocx(await exportDocx(d, { pageImages: [png, jpg] }));
  const media = Object.keys(files).filter((f) => f.startsWith('word/media/'));
  assert.equal(media.length, 2);
  assert.ok(media.some((f) => Buffer.from(files[f]!).equals(png)));
  assert.ok(media.some((f) => Buffer.from(files[f]!).equals(jpg)));
  const paras = paragraphs(files);
  // Each image opens its page; the third page has none.
  assert.deepEqual(
    paras.filter((p) => p.images > 0 || p.breakBefore).map((p) => [p.images, p.breakBefore]),
    [
      [1, false],
      [1, true],
      [0, true],
    ],
  );
  const extents = [...strFromU8(files['word/document.xml']!).matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"/g)];
  // A4 less two 1-inch margins is 6.27 in = 601.7 px at 96 dpi = 5731 kEMU; the aspect ratio is kept.
  const emuPerPx = 9525;
  for (const [m, w, h] of [
    [extents[0], 1240, 1754],
    [extents[1], 2000, 1000],
  ] as const) {
    const cx = Number(m?.[1]) / emuPerPx;
    const cy = Number(m?.[2]) / emuPerPx;
    assert.ok(Math.abs(cx - 602) <= 1, `width ${cx}`);
    assert.ok(Math.abs(cy / cx - h / w) < 0.01, `aspect ${cy / cx}`);
  }
  // Letter text area: 6.5 x 9 in = 624 x 864 px; a tall page is limited by the height instead (A4 above is not).
  const letter = unzipDocx(
    await exportDocx(doc([wide, titledPage()]), { pageImages: [png, png], paper: 'letter' }),
  );
  const cx = Number(/<wp:extent cx="(\d+)"/.exec(strFromU8(letter['word/document.xml']!))?.[1]) / emuPerPx;
  assert.ok(Math.abs(cx - 624) <= 1, `letter width ${cx}`);
  const tall = [...strFromU8(letter['word/document.xml']!).matchAll(/<wp:extent cx="\d+" cy="(\d+)"/g)][1];
  assert.ok(Math.abs(Number(tall?.[1]) / emuPerPx - 864 * 0.97) <= 1, 'tall page fits the text height');
  const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]);
  await assert.rejects(
    exportDocx(doc([titledPage()]), { pageImages: [gif] }),
    (e) => e instanceof OcrDeskError && e.code === 'INVALID_ARGUMENT',
  );
});

void test('DOCX: an empty document or empty pages still open as pages', async () => {
  const paras = paragraphs(unzipDocx(await exportDocx(doc([page(1, 10, 10, []), page(2, 10, 10, [])]))));
  assert.deepEqual(
    paras.map((p) => [p.text, p.breakBefore]),
    [
      ['', false],
      ['', true],
    ],
  );
  assert.equal(paragraphs(unzipDocx(await exportDocx(doc([])))).length, 1);
});

void test('DOCX opens in LibreOffice with every word in order', { skip: noOffice }, async () => {
  const file = path.join(dir, 'words.docx');
  const png = new Uint8Array(
    await sharp({ create: { width: 31, height: 44, channels: 3, background: '#888' } })
      .png()
      .toBuffer(),
  );
  await writeFile(file, await exportDocx(fixture, { pageImages: [png], metadata: { title: 'T' } }));
  const t0 = performance.now();
  const txt = readFileSync(soffice(file, 'txt:Text (encoded):UTF8'), 'utf8');
  console.log(`libreoffice docx -> txt: ${Math.round(performance.now() - t0)} ms`);
  assert.deepEqual(tokens(txt), expectedWords(fixture));
});

void test('DOCX renders in LibreOffice as one page per OCR page', { skip: noPoppler }, async () => {
  const file = path.join(dir, 'pages.docx');
  await writeFile(file, await exportDocx(fixture));
  const pdf = soffice(file, 'pdf');
  const r = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const pages = r.stdout.split('\f').filter((p) => p.trim() !== '');
  assert.equal(pages.length, fixture.pages.length);
  pages.forEach((p, i) => {
    const want = fixture.pages[i]!.blocks.flatMap((b) =>
      b.lines.flatMap((l) => l.words.map((w) => cleanText(w.text))),
    );
    // pdftotext may wrap bidirectional text marks around Arabic; compare the words that are plain.
    const got = tokens(p.replace(/[\u200e\u200f\u202a-\u202e]/g, ' '));
    assert.deepEqual(got, want, `page ${i + 1}`);
  });
});
