// `ocrdesk ocr` on PDFs as a user runs it: a scanned PDF in, a searchable PDF/A out that Preflight accepts and whose
// text poppler reads back in order; every format at once; page ranges; warnings and typed errors on stderr.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { unzipSync, strFromU8 } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { ERROR_CODES } from '../src-shared/errors.ts';
import { DocumentResultSchema } from '../src-shared/ocr-result.ts';
import {
  addScanPage,
  encryptPdf,
  mixedPdf,
  savePdf,
  scanPng,
} from '../src-main/engine/documents/pdf-test-fixtures.ts';
import {
  hasCommand,
  PDFA_CHECK,
  pdfaCheckMissing,
  pdftotextRaw,
  run,
} from '../src-main/engine/exports/pdf/pdf-test-fixtures.ts';
import { ROOT } from './fixtures.ts';
import { BAD, EXPECTED_ERRORS, HUGE, noBad } from '../src-main/engine/documents/bad-pdf-expectations.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-cli-docs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const UPRIGHT = ['HARBOUR MASTER', 'SHIPPING NOTICE', 'PIER SEVEN CLOSED'];
const SIDEWAYS = ['NORTH GATE OPEN', 'CARGO WAITING', 'TIDE AT NOON'];
const noPoppler = hasCommand('pdftotext') ? false : 'pdftotext not installed (apt-get install poppler-utils)';

function ocrdesk(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/ocrdesk.mjs'), ...args], {
    encoding: 'utf8',
    cwd: dir,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const squash = (s: string): string => s.replace(/\s+/g, '');
const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

function pdfPages(file: string): number {
  return Number(/^Pages:\s+(\d+)$/m.exec(run('pdfinfo', [file]).stdout)?.[1]);
}

// A two-page scan: page 1 upright, page 2 scanned sideways (so --auto-rotate changes one page and not the other).
before(async () => {
  const pdf = await PDFDocument.create();
  await addScanPage(pdf, await scanPng(UPRIGHT));
  await addScanPage(
    pdf,
    await sharp(await scanPng(SIDEWAYS))
      .rotate(90)
      .png()
      .toBuffer(),
  );
  await savePdf(pdf, dir, 'scan.pdf');
});

let first: ReturnType<typeof ocrdesk>;
void test('scanned PDF → searchable PDF/A-1b: every page, sideways page turned, text in order, metadata', () => {
  first = ocrdesk(
    'ocr',
    'scan.pdf',
    '-o',
    'out.pdf',
    '--pdfa',
    '1b',
    '--auto-rotate',
    '--title',
    'Harbour notices',
  );
  assert.equal(first.code, 0, first.stderr);
  assert.doesNotMatch(first.stderr, /warning|error/);
  // Progress: one line per page when stderr is not a terminal.
  assert.match(first.stderr, /1\/2 50% scan\.pdf page 2\/2/);
  if (noPoppler) return;
  // The page that preprocessing turned and the page it left alone are both there, in their order.
  assert.equal(pdfPages(path.join(dir, 'out.pdf')), 2);
  assert.match(run('pdfinfo', [path.join(dir, 'out.pdf')]).stdout, /^Title:\s+Harbour notices$/m);
  const text = squash(pdftotextRaw(path.join(dir, 'out.pdf')));
  const expected = [...UPRIGHT, ...SIDEWAYS].map(squash);
  let at = -1;
  for (const line of expected) {
    const i = text.indexOf(line, at + 1);
    assert.ok(i > at, `"${line}" after the previous line in ${text}`);
    at = i;
  }
});

void test('the PDF/A-1b output passes Preflight', { skip: pdfaCheckMissing() || false }, () => {
  const r = run(PDFA_CHECK, [path.join(dir, 'out.pdf')]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^PASS PDF\/A-1b /);
});

void test('several formats at once for one page range, each <name>.<ext> in -o DIR', () => {
  const r = ocrdesk(
    'ocr',
    'scan.pdf',
    '--pages',
    '1',
    '--format',
    'pdf,txt,docx',
    '--format',
    'hocr,alto,json,md,zip',
    '-o',
    'formats',
    '--quiet',
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const out = path.join(dir, 'formats');
  const exts = ['pdf', 'txt', 'docx', 'hocr', 'xml', 'json', 'md'];
  assert.deepEqual(readdirSync(out).sort(), [...exts, 'zip'].map((e) => `scan.${e}`).sort());
  const read = (ext: string): string => readFileSync(path.join(out, `scan.${ext}`), 'utf8');

  // --pages 1: page 1's words and nothing of page 2.
  const txt = read('txt');
  assert.match(squash(txt), /HARBOURMASTER.*PIERSEVENCLOSED/);
  assert.doesNotMatch(txt, /GATE|CARGO/);
  const doc = DocumentResultSchema.parse(JSON.parse(read('json')));
  assert.deepEqual(
    doc.pages.map((p) => [p.page, p.origin]),
    [[1, 'ocr']],
  );
  assert.match(squash(read('md')), /HARBOURMASTER/);
  const docx = unzipSync(readFileSync(path.join(out, 'scan.docx')));
  assert.match(strFromU8(docx['word/document.xml']!), /HARBOUR/);
  for (const ext of ['hocr', 'xml']) {
    assert.match(read(ext), /HARBOUR/);
    if (hasCommand('xmllint')) {
      const x = run('xmllint', ['--noout', path.join(out, `scan.${ext}`)]);
      assert.equal(x.status, 0, `${ext}: ${x.stderr}`);
    }
  }
  // The ZIP holds the other outputs, byte for byte.
  const zip = unzipSync(readFileSync(path.join(out, 'scan.zip')));
  assert.deepEqual(Object.keys(zip).sort(), exts.map((e) => `scan.${e}`).sort());
  assert.equal(strFromU8(zip['scan.txt']!), txt);
  if (noPoppler) return;
  assert.equal(pdfPages(path.join(out, 'scan.pdf')), 1);
  // The PDF's text layer gives back exactly the recognised words, in their order.
  assert.deepEqual(words(pdftotextRaw(path.join(out, 'scan.pdf'))), words(txt));
  assert.deepEqual(words(pdftotextRaw(path.join(dir, 'out.pdf'), 1)), words(txt));
});

void test('a PDF that cannot be PDF/A is written plain, with one warning line on stderr', async () => {
  await mixedPdf(dir); // page 1 is born-digital with a font that is not embedded
  const r = ocrdesk('ocr', 'mixed.pdf', '--pages', '1', '-o', 'plain.pdf', '--pdfa', '2b', '--quiet');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^ocrdesk: warning: mixed\.pdf: written as a plain PDF, not PDF\/A-2b: /);
  if (noPoppler) return;
  assert.equal(pdfPages(path.join(dir, 'plain.pdf')), 1);
  assert.match(pdftotextRaw(path.join(dir, 'plain.pdf')), /Invoice 4711 was paid/);
});

void test(
  'an encrypted PDF is ENCRYPTED_PDF: one line, its exit code, nothing written',
  { skip: hasCommand('qpdf') ? false : 'qpdf not installed (apt-get install qpdf)' },
  () => {
    encryptPdf(path.join(dir, 'scan.pdf'), path.join(dir, 'locked.pdf'), 'user-secret');
    const r = ocrdesk('ocr', 'locked.pdf', '-o', 'locked-out.pdf', '--quiet');
    assert.equal(r.code, ERROR_CODES.ENCRYPTED_PDF.exitCode, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^ocrdesk: error ENCRYPTED_PDF: locked\.pdf: /);
    assert.ok(!existsSync(path.join(dir, 'locked-out.pdf')));
  },
);

void test(
  'a PDF pdf-lib cannot copy (owner password) is rasterised into the output, with a warning per page',
  { skip: hasCommand('qpdf') ? false : 'qpdf not installed (apt-get install qpdf)' },
  async () => {
    // Page 1 of the mixed PDF is born-digital: its own text goes on the rasterised page, no OCR needed.
    const plain = await mixedPdf(dir, 'owner-src.pdf');
    encryptPdf(plain, path.join(dir, 'owner.pdf'), ''); // opens without a password
    const r = ocrdesk('ocr', 'owner.pdf', '--pages', '1', '-o', 'owner-out.pdf', '--pdfa', '1b', '--quiet');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^ocrdesk: warning: owner\.pdf p1: page rasterised \(ENCRYPTED_PDF: /);
    if (noPoppler) return;
    assert.equal(pdfPages(path.join(dir, 'owner-out.pdf')), 1);
    assert.match(pdftotextRaw(path.join(dir, 'owner-out.pdf')), /Invoice 4711 was paid/);
    if (!pdfaCheckMissing()) assert.equal(run(PDFA_CHECK, [path.join(dir, 'owner-out.pdf')]).status, 0);
  },
);

void test(
  'the shared bad PDFs in one run: each its error or its output with warnings; the run survives',
  { skip: noBad },
  () => {
    // MANIFEST.md's CLEAR ERROR files; every other one is processed (with or without warnings).
    const errors = EXPECTED_ERRORS;
    // The two huge pages are checked, with their memory, in pdf-reader.test.ts.
    const names = readdirSync(BAD)
      .filter((f) => f.endsWith('.pdf') && !HUGE.has(f))
      .sort();
    const out = path.join(dir, 'bad');
    const r = ocrdesk(
      'ocr',
      ...names.map((n) => path.join(BAD, n)),
      '-o',
      out,
      '--format',
      'pdf,txt',
      '--dpi',
      '72',
      '--quiet',
    );
    assert.equal(r.code, ERROR_CODES.CORRUPT_INPUT.exitCode, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    const lines = r.stderr.trim().split('\n');
    for (const l of lines) assert.match(l, /^ocrdesk: (error [A-Z_]+|warning): /);
    const failed = lines
      .filter((l) => l.startsWith('ocrdesk: error'))
      .map((l) => /^ocrdesk: error ([A-Z_]+): .*\/([^/]+\.pdf): /.exec(l)!.slice(1, 3).reverse());
    assert.deepEqual(Object.fromEntries(failed), errors);
    const written = names
      .filter((n) => !errors[n])
      .flatMap((n) => ['pdf', 'txt'].map((e) => `${n.slice(0, -4)}.${e}`));
    assert.deepEqual(readdirSync(out).sort(), written.sort());
    // pdf-lib cannot parse this one: every page the reader recovered is rasterised into the output, each said so.
    const q07 = 'q07-qpdf-issue202-deeply-nested-dict';
    assert.equal(lines.filter((l) => l.includes(`${q07}.pdf p`) && l.includes('page rasterised')).length, 10);
    if (!noPoppler) assert.equal(pdfPages(path.join(out, `${q07}.pdf`)), 10);
  },
);

// The option checks themselves are unit-tested (ocr-options.test.ts); here, that they reach the user as usage errors.
void test('bad options are usage errors before any model loads', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--dpi', '20'], /--dpi: /],
    [['--format', 'pdf'], /pdf output needs -o/],
    [['--format', 'txt,json'], /several formats \(txt, json\) need -o DIR/],
  ];
  for (const [args, message] of cases) {
    const r = ocrdesk('ocr', 'scan.pdf', ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^ocrdesk: error INVALID_ARGUMENT: /);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});
