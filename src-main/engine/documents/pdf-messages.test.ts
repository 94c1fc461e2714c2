import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { describePdfMessage, PdfMessageSink } from './pdf-messages.ts';
import { PdfDocumentReader } from './pdf-reader.ts';
import { addBornDigitalPage } from './pdf-test-fixtures.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'ocrdesk-pdf-messages-'));
after(() => rm(dir, { recursive: true, force: true }));

void test('pdf.js log lines become user warnings; chatter and our own set-up are dropped', () => {
  const cases: Array<[string, RegExp | undefined]> = [
    ['Warning: Indexing all PDF objects', /damaged .* repaired/],
    ['Info: (while reading XRef): FormatError: Invalid XRef stream', /damaged .* repaired/],
    ['Warning: readXRef - skipping XRef table since it was already parsed.', /loops/],
    ['Info: Bad length "undefined" in stream.', /\/Length was recovered/],
    ['Info: Malformed dictionary: key must be a name object', /malformed objects/],
    ['Warning: Empty, or invalid, /MediaBox entry.', /invalid page box/],
    ['Warning: Image exceeded maximum allowed size and was removed.', /over the pixel limit/],
    ['Warning: Error during font loading: Font "CyclicFont" is not available.', /fonts are missing/],
    ['Warning: decodeScan - unexpected MCU data, current marker is: ce1f', /embedded image is damaged/],
    ['Warning: Something pdf.js has not told us about', /^PDF reader: Something pdf.js/],
    // Our set-up, timings, metadata, and benign font infos are nothing the user must act on.
    [
      'Warning: UnknownErrorException: Ensure that the `standardFontDataUrl` API parameter is provided.',
      undefined,
    ],
    ['Info: page=1 - getTextContent: time=4ms', undefined],
    ['Warning: Bad value, for custom key "AAPL:Keywords", in Info: .', undefined],
    ['Info: The FontDescriptor\'s FontName is "A" but should be "B".', undefined],
    ['not a pdf.js line', undefined],
  ];
  for (const [line, want] of cases) {
    const got = describePdfMessage(line);
    if (want === undefined) assert.equal(got, undefined, line);
    else assert.match(got ?? '', want, line);
  }
});

void test('a sink counts repeats and hands over each warning once', async () => {
  const sink = new PdfMessageSink();
  await sink.run(async () => {
    for (let i = 0; i < 3; i++) console.info('Info: Malformed dictionary: key must be a name object');
    console.warn('Warning: Indexing all PDF objects');
    await Promise.resolve();
    console.info('Info: page=1 - getOperatorList: time=1ms, len=6');
  });
  assert.deepEqual(sink.take(), [
    'malformed objects in the file were skipped (3 times)',
    'the file was damaged (broken cross-reference table) and was repaired',
  ]);
  assert.deepEqual(sink.take(), []);
});

void test('two documents read at once keep their own warnings', async () => {
  const pdf = await PDFDocument.create();
  await addBornDigitalPage(pdf);
  const bytes = Buffer.from(await pdf.save({ useObjectStreams: false }));
  const at = bytes.lastIndexOf('startxref');
  const damaged = path.join(dir, 'damaged.pdf');
  await writeFile(damaged, Buffer.concat([bytes.subarray(0, at), Buffer.from('startxref\n999999\n%%EOF\n')]));
  const clean = path.join(dir, 'clean.pdf');
  await writeFile(clean, bytes);

  const [a, b, c] = await Promise.all([
    PdfDocumentReader.open(clean),
    PdfDocumentReader.open(damaged),
    PdfDocumentReader.open(clean),
  ]);
  try {
    assert.deepEqual(a.warnings, []);
    assert.match(b.warnings.join('\n'), /damaged .* repaired/);
    assert.deepEqual(c.warnings, []);
  } finally {
    await Promise.all([a.close(), b.close(), c.close()]);
  }
});
