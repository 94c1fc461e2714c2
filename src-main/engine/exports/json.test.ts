import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { JSON_EXPORT_VERSION, exportJson, parseJsonExport } from './json.ts';
import { doc, multilingualPage, rotatedPage, titledPage, xmlSpecialPage } from './test-fixtures.ts';

const isCode = (code: string) => (e: unknown) => e instanceof OcrDeskError && e.code === code;

void test('JSON: the result with a version, pretty-printed, and read back unchanged', () => {
  const d = doc([titledPage(1), rotatedPage(2), multilingualPage(3), xmlSpecialPage(4)]);
  const out = exportJson(d);
  assert.ok(out.startsWith('{\n  "version": 1,\n  "generator": "OCR Desk '));
  assert.ok(out.endsWith('}\n'));
  const raw = JSON.parse(out) as { version: number; pages: unknown[] };
  assert.equal(raw.version, JSON_EXPORT_VERSION);
  assert.equal(raw.pages.length, 4);
  assert.deepEqual(parseJsonExport(out), d);
  // Standard indentation, except that boxes and quads stay on one line each.
  const standard = JSON.stringify(JSON.parse(out), null, 2);
  assert.equal(out.replace(/\s+/g, ''), standard.replace(/\s+/g, ''));
  assert.match(out, /\n {10}"box": \[\d+(\.\d+)?, \d+/);
  assert.match(out, /"quad": \[\[[-\d.e]+, [-\d.e]+\], \[/);
  assert.ok(out.split('\n').length < standard.split('\n').length / 2);
});

void test('JSON: a result that breaks its schema is refused, not written', () => {
  const good = titledPage();
  const broken = {
    ...good,
    blocks: [{ ...good.blocks[0]!, box: [0, 0, NaN, 1] as [number, number, number, number] }],
  };
  assert.throws(() => exportJson(doc([broken])), isCode('VALIDATION_FAILED'));
  assert.throws(() => exportJson(doc([{ ...good, width: 0 }])), isCode('VALIDATION_FAILED'));
  // Keys outside the contract are not exported.
  const extra = { ...doc([good]), secret: 'x' } as ReturnType<typeof doc>;
  assert.ok(!exportJson(extra).includes('secret'));
});

void test('JSON: reading back checks the version and the shape', () => {
  const out = exportJson(doc([titledPage()]));
  assert.throws(
    () => parseJsonExport(out.replace('"version": 1', '"version": 2')),
    isCode('VALIDATION_FAILED'),
  );
  assert.throws(() => parseJsonExport('{"pages": []}'), isCode('VALIDATION_FAILED'));
  assert.throws(() => parseJsonExport('not json'), isCode('VALIDATION_FAILED'));
});
