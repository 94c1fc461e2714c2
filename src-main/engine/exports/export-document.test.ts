import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import type { DocumentResult } from '../../../src-shared/ocr-result.ts';
import { OcrEngine } from '../ocr/ocr-engine.ts';
import { recognizeDocument } from '../recognize-document.ts';
import {
  EXPORT_FORMATS,
  FORMAT_EXTENSIONS,
  exportBundle,
  exportDocument,
  isExportFormat,
  type ExportFormat,
} from './export-document.ts';
import { parseJsonExport } from './json.ts';
import { lineWords } from './page-structure.ts';
import { doc, findAll, hasTool, parseXml, rotatedPage, titledPage, xmllint } from './test-fixtures.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'ocrdesk-export-'));
after(() => rm(dir, { recursive: true, force: true }));

const SCAN = path.resolve(import.meta.dirname, '../../../../shared/eval/data/funsd/82200067_0069.png');
const noScan = existsSync(SCAN) ? false : `${SCAN} not found (shared eval set not beside the checkout)`;

const fixture = doc([titledPage(1), rotatedPage(2)], '/data/in/report.tiff');
const TEXT: readonly ExportFormat[] = ['txt', 'hocr', 'alto', 'json', 'md'];

void test('every format: text formats as strings, DOCX as bytes, each with its extension and media type', async () => {
  for (const format of EXPORT_FORMATS) {
    const out = await exportDocument(fixture, format, { language: 'en', metadata: { title: 'Report' } });
    if (TEXT.includes(format)) assert.equal(typeof out, 'string', format);
    else assert.ok(out instanceof Uint8Array, format);
    assert.ok(out.length > 0);
    const { extension, mediaType } = FORMAT_EXTENSIONS[format];
    assert.match(extension, /^\.[a-z]+$/);
    assert.match(mediaType, /^[a-z]+\/[a-z0-9.+-]+/);
  }
  assert.equal(FORMAT_EXTENSIONS.zip.mediaType, 'application/zip');
  assert.ok(isExportFormat('docx') && !isExportFormat('pdf') && !isExportFormat('__proto__'));
  // Options reach the exporters: the title names the hOCR document, the language tags it.
  const hocr = String(
    await exportDocument(fixture, 'hocr', { language: 'en', metadata: { title: 'Report' } }),
  );
  assert.match(hocr, /<title>Report<\/title>/);
  assert.match(hocr, /xml:lang="en"/);
  await assert.rejects(
    exportDocument(fixture, 'pdf' as ExportFormat),
    (e) => e instanceof OcrDeskError && e.code === 'INVALID_ARGUMENT',
  );
});

void test('bundle: each chosen format once, named after the source', async () => {
  const files = unzipSync(await exportBundle(fixture, ['txt', 'docx', 'alto', 'md']));
  assert.deepEqual(Object.keys(files), ['report.txt', 'report.docx', 'report.xml', 'report.md']);
  assert.equal(strFromU8(files['report.txt']!), String(await exportDocument(fixture, 'txt')));
  assert.equal(strFromU8(files['report.docx']!.subarray(0, 2)), 'PK');
});

const wordsIn = (d: DocumentResult): string[] =>
  d.pages.flatMap((p) =>
    p.blocks.flatMap((b) => b.lines.flatMap((l) => lineWords(l).map((w) => w.text.trim()))),
  );

void test('a real OCR result exports to every format with the same words', { skip: noScan }, async () => {
  const engine = await OcrEngine.create({ provider: 'cpu' });
  let result: DocumentResult;
  try {
    result = await recognizeDocument(engine, SCAN);
  } finally {
    await engine.close();
  }
  const words = wordsIn(result);
  console.log(`real OCR: ${words.length} words on ${result.pages.length} page(s)`);
  assert.ok(words.length > 50, `OCR found ${words.length} words`);

  const out = Object.fromEntries(
    await Promise.all(
      EXPORT_FORMATS.map(async (f) => [f, await exportDocument(result, f, { language: 'en' })]),
    ),
  ) as Record<ExportFormat, string | Uint8Array>;
  assert.deepEqual(wordsIn(parseJsonExport(String(out.json))), words);
  const hocr = parseXml(String(out.hocr));
  assert.deepEqual(
    findAll(hocr, (e) => e.attrs.class === 'ocrx_word').map((e) => e.text),
    words,
  );
  const alto = parseXml(String(out.alto));
  assert.deepEqual(
    findAll(alto, (e) => e.name === 'String').map((e) => e.attrs.CONTENT),
    words,
  );
  // TXT and Markdown hold the same words in the same order (Markdown adds escapes and heading marks).
  const txtWords = String(out.txt).split(/\s+/).filter(Boolean);
  assert.deepEqual(
    txtWords,
    words.flatMap((w) => w.split(/\s+/)),
  );
  const md = String(out.md).replace(/^#+ /gm, '').replace(/\\(.)/g, '$1').split(/\s+/).filter(Boolean);
  assert.deepEqual(md, txtWords);
  if (hasTool('xmllint')) {
    for (const f of ['hocr', 'alto'] as const) {
      const file = path.join(dir, `real.${f}`);
      await writeFile(file, out[f]);
      const r = xmllint([file]);
      assert.equal(r.status, 0, r.stderr);
    }
  }
  assert.ok(strFromU8(unzipSync(out.docx as Uint8Array)['word/document.xml']!).includes(words[0] ?? '?'));
});
