import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { VERSION } from '../version.ts';
import { exportAlto } from './alto.ts';
import { pixelBox } from './page-structure.ts';
import {
  NASTY_CLEAN,
  doc,
  findAll,
  hasTool,
  multilingualPage,
  pageWords,
  parseXml,
  rotatedPage,
  titledPage,
  xmlSpecialPage,
  xmllint,
  type XmlElement,
} from './test-fixtures.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'ocrdesk-alto-'));
after(() => rm(dir, { recursive: true, force: true }));

const noXmllint = hasTool('xmllint') ? false : 'xmllint not installed (Debian libxml2-utils)';
// The ALTO 4 schema is not packaged for Debian and cannot be fetched offline: validate where one is provided
// (the official alto-4-2.xsd with its xlink import resolvable without the network).
const XSD = process.env.OCRDESK_ALTO_XSD;
const noXsd =
  noXmllint ||
  (XSD && existsSync(XSD) ? false : 'OCRDESK_ALTO_XSD does not name the ALTO 4 schema (alto-4-2.xsd)');

const fixture = doc([titledPage(1), rotatedPage(2), multilingualPage(3), xmlSpecialPage(4)]);
const named = (root: XmlElement, name: string): XmlElement[] => findAll(root, (e) => e.name === name);
const num = (e: XmlElement, a: string): number => Number(e.attrs[a]);

async function save(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

void test('ALTO is well-formed XML', { skip: noXmllint }, async () => {
  const r = xmllint([await save('doc.xml', exportAlto(fixture, { language: 'en' }))]);
  assert.equal(r.status, 0, r.stderr);
});

void test('ALTO validates against the ALTO 4.2 schema', { skip: noXsd }, async () => {
  const r = xmllint([
    '--schema',
    XSD ?? '',
    await save('valid.xml', exportAlto(fixture, { language: 'en' })),
  ]);
  assert.equal(r.status, 0, r.stderr);
});

void test('ALTO words round-trip: text, order, pixel boxes, WC', () => {
  const root = parseXml(exportAlto(fixture));
  const pages = named(root, 'Page');
  assert.equal(pages.length, fixture.pages.length);
  const clean = new Map(pageWords(xmlSpecialPage()).map((w, i) => [w.text, NASTY_CLEAN[i]]));
  fixture.pages.forEach((p, i) => {
    const strings = named(pages[i]!, 'String');
    const words = pageWords(p);
    assert.equal(strings.length, words.length, `page ${p.page} word count`);
    strings.forEach((s, k) => {
      const w = words[k]!;
      assert.equal(s.attrs.CONTENT, clean.get(w.text) ?? w.text);
      const box = [
        num(s, 'HPOS'),
        num(s, 'VPOS'),
        num(s, 'HPOS') + num(s, 'WIDTH'),
        num(s, 'VPOS') + num(s, 'HEIGHT'),
      ];
      assert.deepEqual(box, pixelBox(w.box, p));
      box.forEach((v, j) => assert.ok(Math.abs(v - (w.box[j] ?? NaN)) < 1));
      assert.ok(Math.abs(num(s, 'WC') - w.confidence) <= 0.0005);
    });
  });
});

void test('ALTO layout: pixel unit, page sizes, SP between words only, rotated blocks', () => {
  const root = parseXml(exportAlto(fixture, { imageName: 'scan-1.tif', language: 'zh-Hans' }));
  assert.equal(named(root, 'MeasurementUnit')[0]?.text, 'pixel');
  assert.equal(named(root, 'fileName')[0]?.text, 'scan-1.tif');
  assert.equal(named(root, 'softwareVersion')[0]?.text, VERSION);
  const [first, rotated] = named(root, 'Page');
  assert.ok(first && rotated);
  assert.equal(first.attrs.WIDTH, '1240');
  assert.equal(first.attrs.HEIGHT, '1754');
  assert.equal(first.attrs.PHYSICAL_IMG_NR, '1');
  assert.equal(named(first, 'PrintSpace').length, 1);
  for (const l of named(root, 'TextLine')) {
    const kinds = l.children.map((c) => c.name);
    // String (SP String)*: a space between every two words, none at the ends.
    assert.match(kinds.join(' '), /^String( SP String)*$/);
    for (const sp of l.children.filter((c) => c.name === 'SP')) assert.ok(num(sp, 'WIDTH') >= 0);
  }
  const rot = named(rotated, 'TextBlock').map((b) => b.attrs.ROTATION);
  assert.deepEqual(rot, ['90', '10']);
  assert.ok(
    named(first, 'TextBlock').every((b) => b.attrs.ROTATION === undefined && b.attrs.LANG === 'zh-Hans'),
  );
  const ids = findAll(root, (e) => e.attrs.ID !== undefined).map((e) => e.attrs.ID);
  assert.equal(new Set(ids).size, ids.length, 'IDs are unique');
});

void test('ALTO keeps non-Latin text, escapes markup, and refuses a document without pages', () => {
  const out = exportAlto(doc([multilingualPage(), xmlSpecialPage()]));
  for (const t of [
    'Καλημέρα',
    '日本語の',
    'مرحبا',
    '😀',
    '𠀋',
    'CONTENT="&lt;tag&gt;"',
    'CONTENT="&quot;quoted&quot;"',
  ]) {
    assert.ok(out.includes(t), t);
  }
  assert.ok(!out.includes('\u0007') && !out.includes('\uFFFE'));
  assert.throws(
    () => exportAlto(doc([])),
    (e) => e instanceof OcrDeskError && e.code === 'INVALID_ARGUMENT',
  );
});
