import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { VERSION } from '../version.ts';
import { exportHocr } from './hocr.ts';
import { pixelBox } from './page-structure.ts';
import {
  NASTY_CLEAN,
  allWords,
  doc,
  findAll,
  hasTool,
  multilingualPage,
  parseXml,
  rotatedPage,
  titledPage,
  xmlSpecialPage,
  xmllint,
  type XmlElement,
} from './test-fixtures.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'ocrdesk-hocr-'));
after(() => rm(dir, { recursive: true, force: true }));

const noXmllint = hasTool('xmllint') ? false : 'xmllint not installed (Debian libxml2-utils)';
// Debian's w3c-sgml-lib puts the XHTML 1.0 DTDs in the XML catalog, so validation works offline.
const XHTML_DTD = '/usr/share/xml/w3c-sgml-lib/schema/dtd/REC-xhtml1-20020801/xhtml1-transitional.dtd';
const noDtd =
  noXmllint || (existsSync(XHTML_DTD) ? false : 'XHTML 1.0 DTD not installed (Debian w3c-sgml-lib)');

const fixture = doc([titledPage(1), rotatedPage(2), multilingualPage(3), xmlSpecialPage(4)]);

const byClass = (root: XmlElement, cls: string): XmlElement[] => findAll(root, (e) => e.attrs.class === cls);

function props(el: XmlElement): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of (el.attrs.title ?? '').split(';')) {
    const t = p.trim();
    const sp = t.indexOf(' ');
    if (sp > 0) m.set(t.slice(0, sp), t.slice(sp + 1));
  }
  return m;
}

async function writeHocr(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

void test('hOCR is well-formed XML', { skip: noXmllint }, async () => {
  const file = await writeHocr('doc.hocr', exportHocr(fixture, { language: 'en' }));
  const r = xmllint([file]);
  assert.equal(r.status, 0, r.stderr);
});

void test('hOCR validates against the XHTML 1.0 Transitional DTD', { skip: noDtd }, async () => {
  const file = await writeHocr('valid.hocr', exportHocr(fixture, { language: 'en' }));
  const r = xmllint(['--valid', file]);
  assert.equal(r.status, 0, r.stderr);
  // A document without a language and without pages is valid too.
  const empty = await writeHocr('empty.hocr', exportHocr(doc([])));
  assert.equal(xmllint(['--valid', empty]).status, 0);
});

void test('hOCR words round-trip: text, order, boxes, confidences', () => {
  const root = parseXml(exportHocr(fixture));
  const words = byClass(root, 'ocrx_word');
  const expected = allWords(fixture);
  assert.equal(words.length, expected.length);
  const pageOf = fixture.pages.flatMap((p) =>
    p.blocks.flatMap((b) => b.lines.flatMap((l) => l.words.map(() => p))),
  );
  const clean = new Map(xmlSpecialPage().blocks[0]?.lines[0]?.words.map((w, i) => [w.text, NASTY_CLEAN[i]]));
  words.forEach((el, i) => {
    const want = expected[i];
    const p = pageOf[i];
    assert.ok(want && p);
    assert.equal(el.text, clean.get(want.text) ?? want.text, `word ${i}`);
    const box = (props(el).get('bbox') ?? '').split(' ').map(Number);
    assert.deepEqual(box, pixelBox(want.box, p));
    // Whole pixels grown outwards: never more than a pixel from the original edges.
    box.forEach((v, k) => assert.ok(Math.abs(v - (want.box[k] ?? NaN)) < 1, `box ${i}`));
    assert.equal(Number(props(el).get('x_wconf')), Math.round(want.confidence * 100));
  });
  const ids = findAll(root, (e) => e.attrs.id !== undefined).map((e) => e.attrs.id);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
});

void test('hOCR pages: image name, ppageno, size, scan_res; meta ocr-system; lang where known', () => {
  const d = doc([{ ...titledPage(5), dpi: 300 }, rotatedPage(6)]);
  const root = parseXml(exportHocr(d, { language: 'de-CH', imageName: 'page "a".png' }));
  const pages = byClass(root, 'ocr_page');
  assert.equal(pages.length, 2);
  const p0 = props(pages[0]!);
  assert.equal(p0.get('image'), '"page \\"a\\".png"');
  assert.equal(p0.get('bbox'), '0 0 1240 1754');
  assert.equal(p0.get('ppageno'), '4');
  assert.equal(p0.get('scan_res'), '300 300');
  assert.equal(props(pages[1]!).get('ppageno'), '5');
  assert.equal(props(pages[1]!).get('scan_res'), undefined);
  const metas = findAll(root, (e) => e.name === 'meta');
  const meta = (n: string): string | undefined => metas.find((m) => m.attrs.name === n)?.attrs.content;
  assert.equal(meta('ocr-system'), `OCR Desk ${VERSION}`);
  assert.match(meta('ocr-capabilities') ?? '', /ocrx_word.*ocrp_wconf.*ocrp_lang/);
  assert.equal(meta('ocr-langs'), 'de-CH');
  const html = findAll(root, (e) => e.name === 'html')[0];
  assert.equal(html?.attrs['xml:lang'], 'de-CH');
  assert.ok(byClass(root, 'ocr_par').every((p) => p.attrs.lang === 'de-CH'));
  // Default image name: the source's file name; no language given, none claimed; a malformed tag is dropped.
  const plain = parseXml(exportHocr(doc([titledPage()]), { language: 'chi_sim' }));
  assert.equal(props(byClass(plain, 'ocr_page')[0]!).get('image'), '"scan \\"one\\" & two.png"');
  assert.equal(findAll(plain, (e) => e.name === 'html')[0]?.attrs.lang, undefined);
  assert.equal(findAll(plain, (e) => e.attrs.name === 'ocr-langs').length, 0);
});

void test('hOCR structure: carea > par > line > word, rotated lines carry textangle', () => {
  const root = parseXml(exportHocr(doc([titledPage(1), rotatedPage(2)])));
  const [, rotated] = byClass(root, 'ocr_page');
  assert.ok(rotated);
  for (const area of byClass(root, 'ocr_carea')) {
    assert.equal(area.children.length, 1);
    assert.equal(area.children[0]?.attrs.class, 'ocr_par');
    for (const l of area.children[0]?.children ?? []) {
      assert.equal(l.attrs.class, 'ocr_line');
      assert.ok(l.children.every((w) => w.attrs.class === 'ocrx_word'));
    }
  }
  const angles = byClass(rotated, 'ocr_line').map((l) => props(l).get('textangle'));
  assert.deepEqual(angles, ['90', '90', '10']);
  assert.ok(byClass(byClass(root, 'ocr_page')[0]!, 'ocr_line').every((l) => !props(l).has('textangle')));
  // Line and block boxes enclose their words.
  for (const l of byClass(root, 'ocr_line')) {
    const [x0, y0, x1, y1] = (props(l).get('bbox') ?? '').split(' ').map(Number);
    for (const w of l.children) {
      const [a, b, c, d] = (props(w).get('bbox') ?? '').split(' ').map(Number);
      assert.ok(a! >= x0! && b! >= y0! && c! <= x1! && d! <= y1!, `${w.text} inside its line`);
    }
  }
});

void test('hOCR keeps non-Latin text and drops characters XML cannot carry', () => {
  const out = exportHocr(doc([multilingualPage(), xmlSpecialPage()]));
  for (const t of [
    'Καλημέρα',
    'Привет',
    '日本語の',
    '한국어',
    'مرحبا',
    '😀',
    '𠀋',
    '&lt;tag&gt;',
    'a&amp;b',
  ]) {
    assert.ok(out.includes(t), t);
  }
  assert.ok(!out.includes('\u0007') && !out.includes('\uFFFE'));
  assert.doesNotMatch(out, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
});
