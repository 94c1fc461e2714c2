// The ocr command line → job options, checked by the API's schema; formats from flags or -o's extension.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { parseFormats, parseOcrArgs } from './ocr-options.ts';
import { baseNames } from './ocr-targets.ts';

function usageError(argv: string[], message: RegExp): void {
  assert.throws(
    () => parseOcrArgs(argv, 'usage'),
    (e) => e instanceof OcrDeskError && e.code === 'INVALID_ARGUMENT' && message.test(e.message),
    argv.join(' '),
  );
}

void test('every document switch lands in the job options', () => {
  const r = parseOcrArgs(
    [
      'in.pdf',
      '-o',
      'out',
      '--dpi',
      '200',
      '--pages',
      '2-4,7',
      '--mode',
      'redo',
      '--deskew',
      '--auto-rotate',
      '--despeckle',
      '--binarize',
      '--remove-blank',
      '0.002',
      '--min-confidence',
      '0.4',
      '--pdfa',
      '1b',
      '--title',
      'T',
      '--author',
      'A',
      '--subject',
      'S',
      '--keywords',
      'K',
      '--jpeg-quality',
      '70',
      '--optimize',
      'lossy',
    ],
    'usage',
  );
  assert.deepEqual(r.options, {
    dpi: 200,
    pages: '2-4,7',
    mode: 'redo',
    deskew: true,
    autoRotate: true,
    despeckle: true,
    binarize: true,
    removeBlankThreshold: 0.002,
    minConfidence: 0.4,
    pdfa: '1b',
    title: 'T',
    author: 'A',
    subject: 'S',
    keywords: 'K',
    jpegQuality: 70,
    optimize: 'lossy',
  });
  assert.deepEqual(r.inputs, ['in.pdf']);
  assert.equal(r.output, 'out');
  assert.deepEqual(parseOcrArgs(['a.png'], 'usage').options, {});
});

void test('out-of-range or malformed values are refused in the words of the flag', () => {
  usageError(['a.pdf', '--dpi', '20'], /^--dpi: /);
  usageError(['a.pdf', '--dpi', 'high'], /^--dpi takes a number/);
  usageError(['a.pdf', '--pdfa', '4x'], /^--pdfa: /);
  usageError(['a.pdf', '--mode', 'sometimes'], /^--mode: /);
  usageError(['a.pdf', '--pages', '3-1x'], /^--pages: /);
  usageError(['a.pdf', '--remove-blank', '0.5'], /^--remove-blank: /);
  usageError(['a.pdf', '--min-confidence', '2'], /^--min-confidence: /);
  usageError(['a.pdf', '--jpeg-quality', '5'], /^--jpeg-quality: /);
  usageError(['a.pdf', '--jpeg-quality', ''], /^--jpeg-quality takes a number/);
  usageError(['a.pdf', '--optimize', 'max'], /^--optimize: /);
  usageError([], /^no input files/);
});

void test('formats: comma lists and repeats in order, each once; else from -o, else JSON', () => {
  assert.deepEqual(parseFormats(['pdf,txt', 'DOCX', 'txt', ' zip '], 'out'), ['pdf', 'txt', 'docx', 'zip']);
  assert.deepEqual(parseFormats(undefined, 'out.pdf'), ['pdf']);
  assert.deepEqual(parseFormats(undefined, 'a/b/Report.DOCX'), ['docx']);
  assert.deepEqual(parseFormats(undefined, 'page.xml'), ['alto']);
  assert.deepEqual(parseFormats(undefined, 'page.hocr'), ['hocr']);
  assert.deepEqual(parseFormats(undefined, 'bundle.zip'), ['zip']);
  assert.deepEqual(parseFormats(undefined, 'outdir'), ['json']);
  assert.deepEqual(parseFormats([], undefined), ['json']);
  assert.throws(() => parseFormats(['pdf,tiff'], 'x'), /unknown format 'tiff'/);
});

void test('output names: the stem, or the whole name where stems clash', () => {
  assert.deepEqual(baseNames(['a/scan.png', 'b/scan.jpg', 'c/other.pdf']), ['scan.png', 'scan.jpg', 'other']);
  assert.deepEqual(baseNames(['report.pdf']), ['report']);
});

void test('engine switches: provider, threads, models, detection limit, check boxes off', () => {
  const plain = parseOcrArgs(['in.png'], 'usage').engine;
  assert.equal(plain.selectionMarks, undefined, 'check boxes are the engine default unless switched off');
  const r = parseOcrArgs(
    [
      'in.png',
      '--provider',
      'cpu',
      '--threads',
      '2',
      '--models',
      'pack',
      '--detection-limit',
      '1280',
      '--no-check-boxes',
    ],
    'usage',
  ).engine;
  assert.deepEqual(r, {
    provider: 'cpu',
    threads: 2,
    modelDir: 'pack',
    detectionLimit: 1280,
    selectionMarks: false,
  });
  usageError(['in.png', '--provider', 'tpu'], /unknown provider/);
});
