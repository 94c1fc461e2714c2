// The PDF leg's inputs: images go in untouched (JPEG bytes, PNG data with its predictors) at the stated resolution.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import type { EvalImage } from './eval-set.ts';
import { buildScannedPdf, spreadSelection } from './pdf-inputs.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-bench-pdf-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function evalImage(image: string): EvalImage {
  const stem = path.parse(image).name;
  return { id: `t/${stem}`, dataset: 't', stem, image, gtPath: '' };
}

void test('spread selection takes every k-th item and all of a short list', () => {
  assert.deepEqual(
    spreadSelection([...Array(30).keys()], 15),
    [...Array(15).keys()].map((i) => 2 * i),
  );
  assert.deepEqual(spreadSelection([1, 2], 5), [1, 2]);
});

void test('PNG and JPEG pages keep their bytes; pages are sized for the stated dpi', async () => {
  // Noise, so that a decode and re-encode could not reproduce the bytes by chance.
  const noise = Buffer.from(Array.from({ length: 120 * 80 }, (_, i) => (i * 7919) % 251));
  const png = path.join(dir, 'grey.png');
  await sharp(noise, { raw: { width: 120, height: 80, channels: 1 } })
    .png()
    .toFile(png);
  const jpg = path.join(dir, 'colour.jpg');
  await sharp({ create: { width: 90, height: 60, channels: 3, background: '#a05020' } })
    .jpeg()
    .toFile(jpg);
  const out = path.join(dir, 'in.pdf');
  const r = await buildScannedPdf([evalImage(png), evalImage(jpg)], out, 150);
  assert.deepEqual(r.embedding, ['png-idat', 'jpeg']);
  assert.deepEqual(r.pixels, [
    { width: 120, height: 80 },
    { width: 90, height: 60 },
  ]);

  const pdf = await PDFDocument.load(readFileSync(out));
  assert.deepEqual(
    pdf.getPages().map((p) => [p.getWidth(), p.getHeight()]),
    [
      [57.6, 38.4],
      [43.2, 28.8],
    ],
  );
  const images = pdf.context
    .enumerateIndirectObjects()
    .map(([, o]) => o)
    .filter((o): o is PDFRawStream => o instanceof PDFRawStream)
    .filter((o) => o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
  const jpegBytes = readFileSync(jpg);
  assert.ok(
    images.some((s) => Buffer.from(s.contents).equals(jpegBytes)),
    'the JPEG is embedded as it is',
  );

  if (spawnSync('pdftocairo', ['-v']).error) return;
  // Rendered at the stated resolution, the PNG page gives back the PNG's own pixels (pdftocairo: pdftoppm
  // smooths images even at 1:1).
  spawnSync('pdftocairo', ['-r', '150', '-f', '1', '-l', '1', '-gray', '-png', out, path.join(dir, 'r')]);
  const grey = (f: string): Promise<Buffer> => sharp(f).extractChannel(0).raw().toBuffer();
  assert.ok((await grey(png)).equals(noise), 'the PNG is grey noise');
  assert.ok((await grey(path.join(dir, 'r-1.png'))).equals(noise), 'pixel-identical');
});
