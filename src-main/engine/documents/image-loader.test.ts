import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp, { type Create, type Sharp } from 'sharp';
import { OcrDeskError, type ErrorCode } from '../../../src-shared/errors.ts';
import { DEFAULT_MAX_PIXELS, inspectImage, loadImagePages, type LoadImageOptions } from './image-loader.ts';
import type { LoadedPage } from './raster.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const badInputs = path.join(path.resolve(repoRoot, '../shared'), 'badinputs');
const noBadInputs = existsSync(badInputs)
  ? false
  : `${badInputs} is absent (shared bad-input corpus not mounted)`;

const dir = await mkdtemp(path.join(tmpdir(), 'ocrdesk-image-loader-'));
after(() => rm(dir, { recursive: true, force: true }));

const RED = [255, 0, 0] as const;
const GREEN = [0, 255, 0] as const;
const BLUE = [0, 0, 255] as const;

function solid(width: number, height: number, rgb: readonly number[]): Sharp {
  const [r = 0, g = 0, b = 0] = rgb;
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } });
}

async function fixture(name: string, data: Sharp | Uint8Array | string): Promise<string> {
  const file = path.join(dir, name);
  if (data instanceof Uint8Array || typeof data === 'string') await writeFile(file, data);
  else await data.toFile(file);
  return file;
}

async function loadAll(file: string, opts?: LoadImageOptions): Promise<LoadedPage[]> {
  const pages: LoadedPage[] = [];
  for await (const p of loadImagePages(file, opts)) pages.push(p);
  return pages;
}

async function loadOne(file: string): Promise<LoadedPage> {
  const pages = await loadAll(file);
  assert.equal(pages.length, 1);
  const [page] = pages;
  assert.ok(page);
  return page;
}

function pixel(p: LoadedPage, x: number, y: number): number[] {
  const i = (y * p.image.width + x) * 3;
  return Array.from(p.image.data.subarray(i, i + 3));
}

function assertNear(actual: number[], expected: readonly number[], tolerance: number, what: string): void {
  assert.ok(
    actual.every((v, i) => Math.abs(v - (expected[i] ?? 0)) <= tolerance),
    `${what}: got ${actual.join(',')}, want ~${expected.join(',')}`,
  );
}

function assertWellFormed(p: LoadedPage): void {
  assert.equal(p.image.channels, 3);
  assert.equal(p.image.data.length, p.image.width * p.image.height * 3);
  assert.ok(!Buffer.isBuffer(p.image.data), 'a plain Uint8Array, not a Buffer');
}

async function rejectsWith(
  run: () => Promise<unknown>,
  code: ErrorCode,
  message?: RegExp,
): Promise<OcrDeskError> {
  let caught: unknown;
  try {
    await run();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof OcrDeskError, `expected OcrDeskError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (message) assert.match(caught.message, message);
  return caught;
}

/** A 24-bit BMP written by hand: sharp has no BMP writer. */
function bmp(width: number, height: number): Uint8Array {
  const row = Math.ceil((width * 3) / 4) * 4;
  const b = Buffer.alloc(54 + row * height, 0x80);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(0, 6);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  b.writeUInt32LE(0, 30);
  b.writeUInt32LE(row * height, 34);
  b.writeInt32LE(11811, 38);
  b.writeInt32LE(11811, 42);
  b.writeUInt32LE(0, 46);
  b.writeUInt32LE(0, 50);
  return b;
}

void test('PNG decodes to exact interleaved RGB', async () => {
  const raw = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  const file = await fixture('exact.png', sharp(raw, { raw: { width: 3, height: 2, channels: 3 } }).png());
  const page = await loadOne(file);
  assertWellFormed(page);
  assert.equal(page.page, 1);
  assert.deepEqual([page.image.width, page.image.height], [3, 2]);
  assert.deepEqual(Array.from(page.image.data), Array.from(raw));
  assert.equal(page.dpi, undefined, 'no pHYs chunk, no dpi');
});

void test('JPEG, WebP and GIF decode to RGB of the right size', async () => {
  for (const [name, s] of [
    ['red.jpg', solid(40, 30, RED).jpeg({ quality: 95 })],
    ['red.webp', solid(40, 30, RED).webp({ lossless: true })],
    ['red.gif', solid(40, 30, RED).gif()],
  ] as const) {
    const page = await loadOne(await fixture(name, s));
    assertWellFormed(page);
    assert.deepEqual([page.image.width, page.image.height], [40, 30], name);
    assertNear(pixel(page, 20, 15), RED, 4, name);
  }
});

void test('the extension is ignored: a JPEG named .png loads as JPEG', async () => {
  const file = await fixture('really-a-jpeg.png', solid(16, 8, BLUE).jpeg());
  assert.equal((await inspectImage(file)).mediaType, 'image/jpeg');
  assertNear(pixel(await loadOne(file), 8, 4), BLUE, 6, 'blue');
});

void test('multi-page TIFF yields every page in order, one at a time', async () => {
  const pages = await Promise.all([RED, GREEN, BLUE].map((c) => solid(30, 20, c).png().toBuffer()));
  const file = await fixture(
    'three.tif',
    sharp(pages, { join: { animated: true } }).tiff({ compression: 'lzw' }),
  );
  assert.equal((await sharp(file).metadata()).pages, 3, 'fixture really has 3 IFDs');

  const info = await inspectImage(file);
  assert.deepEqual(info, { mediaType: 'image/tiff', pageCount: 3, width: 30, height: 20 });

  const all = await loadAll(file);
  assert.deepEqual(
    all.map((p) => p.page),
    [1, 2, 3],
  );
  all.forEach(assertWellFormed);
  assert.deepEqual(pixel(all[0]!, 5, 5), [...RED]);
  assert.deepEqual(pixel(all[1]!, 5, 5), [...GREEN]);
  assert.deepEqual(pixel(all[2]!, 5, 5), [...BLUE]);

  const second = await loadAll(file, { pages: (n) => n === 2 });
  assert.deepEqual(
    second.map((p) => p.page),
    [2],
  );
  assert.deepEqual(pixel(second[0]!, 0, 0), [...GREEN]);

  // Pulling one page and stopping must not decode (or fail on) the rest.
  const gen = loadImagePages(file);
  const first = await gen.next();
  assert.equal(first.done, false);
  await gen.return(undefined);
});

void test('animated GIF and WebP: only the first frame, reported as one page', async () => {
  const frames = await Promise.all([GREEN, RED].map((c) => solid(12, 10, c).png().toBuffer()));
  for (const [name, s] of [
    ['anim.gif', sharp(frames, { join: { animated: true } }).gif()],
    ['anim.webp', sharp(frames, { join: { animated: true } }).webp({ lossless: true })],
  ] as const) {
    const file = await fixture(name, s);
    assert.equal((await sharp(file).metadata()).pages, 2, `${name} fixture has 2 frames`);
    assert.equal((await inspectImage(file)).pageCount, 1, name);
    const page = await loadOne(file);
    assert.deepEqual([page.image.width, page.image.height], [12, 10], name);
    assertNear(pixel(page, 6, 5), GREEN, 4, name);
  }
});

void test('16-bit PNG (RGB and grey) becomes 8-bit', async () => {
  const rgb16 = await fixture('rgb16.png', solid(8, 8, [255, 128, 0]).toColourspace('rgb16').png());
  assert.equal((await sharp(rgb16).metadata()).depth, 'ushort', 'fixture is 16-bit');
  const p = await loadOne(rgb16);
  assertWellFormed(p);
  assertNear(pixel(p, 3, 3), [255, 128, 0], 1, 'rgb16');

  const grey16 = await fixture('grey16.png', solid(8, 8, [200, 200, 200]).toColourspace('grey16').png());
  const g = await sharp(grey16).metadata();
  assert.deepEqual([g.depth, g.channels], ['ushort', 1], 'fixture is 16-bit grey');
  const q = await loadOne(grey16);
  assertWellFormed(q);
  assertNear(pixel(q, 3, 3), [200, 200, 200], 1, 'grey16');
});

void test('grey and bilevel images become RGB', async () => {
  const halves = await solid(8, 8, [0, 0, 0])
    .composite([
      { input: { create: { width: 4, height: 8, channels: 3, background: '#ffffff' } }, left: 4, top: 0 },
    ])
    .png()
    .toBuffer();
  const grey = await fixture('grey.png', sharp(halves).toColourspace('b-w').png());
  const bilevel = await fixture('bilevel.tif', sharp(halves).toColourspace('b-w').tiff({ bitdepth: 1 }));
  const b = await sharp(bilevel).metadata();
  assert.deepEqual([b.channels, b.bitsPerSample], [1, 1], 'fixture is 1-bit');
  for (const file of [grey, bilevel]) {
    const p = await loadOne(file);
    assertWellFormed(p);
    assert.deepEqual(pixel(p, 1, 4), [0, 0, 0], file);
    assert.deepEqual(pixel(p, 6, 4), [255, 255, 255], file);
  }
});

void test('transparency is flattened onto white', async () => {
  // Left pixel: opaque red; right pixel: fully transparent black; last: half-transparent black.
  const rgba = Uint8Array.from([255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 128]);
  const file = await fixture('alpha.png', sharp(rgba, { raw: { width: 3, height: 1, channels: 4 } }).png());
  const p = await loadOne(file);
  assertWellFormed(p);
  assert.deepEqual(pixel(p, 0, 0), [255, 0, 0]);
  assert.deepEqual(pixel(p, 1, 0), [255, 255, 255]);
  assertNear(pixel(p, 2, 0), [127, 127, 127], 1, 'half alpha');
});

void test('EXIF orientation 6 is applied: width and height swap, content turns clockwise', async () => {
  // Stored 40x20: left half red, right half blue. Orientation 6 displays it rotated 90° clockwise.
  const stored = solid(40, 20, RED)
    .composite([
      { input: { create: { width: 20, height: 20, channels: 3, background: '#0000ff' } }, left: 20, top: 0 },
    ])
    .jpeg({ quality: 95 })
    .withMetadata({ orientation: 6 });
  const file = await fixture('rot6.jpg', stored);
  assert.equal((await sharp(file).metadata()).orientation, 6);
  const info = await inspectImage(file);
  assert.deepEqual([info.width, info.height], [20, 40]);
  const p = await loadOne(file);
  assert.deepEqual([p.image.width, p.image.height], [20, 40]);
  assertNear(pixel(p, 10, 5), RED, 8, 'top (was left)');
  assertNear(pixel(p, 10, 35), BLUE, 8, 'bottom (was right)');
});

void test('dpi comes from the file when it declares one', async () => {
  const png300 = await fixture('d300.png', solid(8, 8, RED).png().withMetadata({ density: 300 }));
  assert.equal((await loadOne(png300)).dpi, 300);
  assert.equal((await inspectImage(png300)).dpi, 300);

  const jpg300 = await fixture('d300.jpg', solid(8, 8, RED).jpeg().withMetadata({ density: 300 }));
  assert.equal((await loadOne(jpg300)).dpi, 300);

  const tif = await fixture('d200.tif', solid(8, 8, RED).tiff().withMetadata({ density: 200 }));
  assert.equal((await loadOne(tif)).dpi, 200);

  // libvips reports 72 for a JPEG with no JFIF or EXIF resolution; that number is invented, not declared.
  const bare = await fixture('bare.jpg', solid(8, 8, RED).jpeg());
  assert.equal((await sharp(bare).metadata()).density, 72, 'sharp still reports 72 here');
  assert.equal((await loadOne(bare)).dpi, undefined);
  assert.equal('dpi' in (await inspectImage(bare)), false);

  const png49 = await fixture('d49.png', solid(8, 8, RED).png().withMetadata({ density: 49 }));
  assert.equal((await sharp(png49).metadata()).density, 49, 'fixture declares 49 dpi');
  assert.equal((await loadOne(png49)).dpi, undefined, 'below 50 dpi is a placeholder');
});

void test('pixel cap is checked from the header before decoding', async () => {
  const file = await fixture('big.png', solid(20, 10, RED).png());
  const e = await rejectsWith(() => loadAll(file, { maxPixels: 199 }), 'IMAGE_TOO_LARGE', /20x10/);
  assert.deepEqual(e.details, { file: 'big.png', page: 1, width: 20, height: 10, limit: 199 });
  assert.equal((await loadAll(file, { maxPixels: 200 })).length, 1, 'exactly at the cap is fine');
  assert.equal(DEFAULT_MAX_PIXELS, 100_000_000);

  // A multi-page TIFF fails before yielding its first page.
  const pages = await Promise.all([RED, GREEN].map((c) => solid(20, 10, c).png().toBuffer()));
  const tif = await fixture('big.tif', sharp(pages, { join: { animated: true } }).tiff());
  const seen: number[] = [];
  await rejectsWith(async () => {
    for await (const p of loadImagePages(tif, { maxPixels: 100 })) seen.push(p.page);
  }, 'IMAGE_TOO_LARGE');
  assert.deepEqual(seen, []);

  await rejectsWith(() => loadAll(file, { maxPixels: 0 }), 'INVALID_ARGUMENT');
});

void test('missing, empty and directory inputs', async () => {
  await rejectsWith(() => loadAll(path.join(dir, 'nope.png')), 'INPUT_NOT_FOUND', /nope\.png/);
  await rejectsWith(() => inspectImage(path.join(dir, 'nope.png')), 'INPUT_NOT_FOUND');
  const empty = await fixture('empty.png', new Uint8Array(0));
  await rejectsWith(() => loadAll(empty), 'EMPTY_INPUT');
  await rejectsWith(() => inspectImage(empty), 'EMPTY_INPUT');
  const sub = path.join(dir, 'folder.png');
  await mkdir(sub);
  await rejectsWith(() => loadAll(sub), 'INPUT_NOT_FOUND', /not a file/);
});

void test('non-images are refused by their bytes, whatever their name', async () => {
  const text = await fixture('notes.png', 'Meeting notes\nBring the scanner.\n');
  await rejectsWith(() => loadAll(text), 'UNSUPPORTED_MEDIA_TYPE', /^not an image: looks like text$/);
  await rejectsWith(() => inspectImage(text), 'UNSUPPORTED_MEDIA_TYPE', /looks like text/);

  const pdf = await fixture('scan.png', '%PDF-1.7\n1 0 obj\n<<>>\nendobj\n');
  const e = await rejectsWith(() => loadAll(pdf), 'UNSUPPORTED_MEDIA_TYPE', /a PDF is not an image/);
  assert.equal(e.details['mediaType'], 'application/pdf');
});

void test('BMP is refused clearly: sharp 0.35 has no BMP decoder', async () => {
  const file = await fixture('tiny.bmp', bmp(3, 2));
  await assert.rejects(sharp(file).metadata(), /unsupported image format/, 'if sharp learns BMP, support it');
  const e = await rejectsWith(() => loadAll(file), 'UNSUPPORTED_MEDIA_TYPE', /BMP/);
  assert.equal(e.details['mediaType'], 'image/bmp');
});

void test('truncated files fail as CORRUPT_INPUT instead of decoding half an image', async () => {
  const noise: Create = {
    width: 200,
    height: 200,
    channels: 3,
    background: '#808080',
    noise: { type: 'gaussian', mean: 128, sigma: 40 },
  };
  for (const [name, s] of [
    ['cut.png', sharp({ create: noise }).png()],
    ['cut.jpg', sharp({ create: noise }).jpeg()],
    ['cut.tif', sharp({ create: noise }).tiff({ compression: 'lzw' })],
  ] as const) {
    const full = await s.toBuffer();
    const file = await fixture(name, full.subarray(0, Math.floor(full.length / 2)));
    const e = await rejectsWith(() => loadAll(file), 'CORRUPT_INPUT', /^corrupt or truncated image: \S/);
    assert.equal(e.details['file'], name);
    assert.doesNotMatch(e.message, /\n/, 'one line');
  }
});

void test('shared corrupt images give CORRUPT_INPUT', { skip: noBadInputs }, async () => {
  for (const name of [
    's01-sharp-corrupt-header.jpg',
    's02-sharp-truncated.jpg',
    's03-sharp-truncated.png',
    'l01-libpng-huge-IDAT-length.png',
    'l02-libpng-bad-crc.png',
  ]) {
    const e = await rejectsWith(
      () => loadAll(path.join(badInputs, name)),
      'CORRUPT_INPUT',
      /^corrupt or truncated image: /,
    );
    assert.equal(e.details['file'], name);
  }
});

void test('shared non-PDFs named .pdf, and a real PDF header', { skip: noBadInputs }, async () => {
  for (const name of ['q01-qpdf-bad1-not-a-pdf.pdf', 'q10-qpdf-issue335b-ossfuzz-23bytes.pdf']) {
    const e = await rejectsWith(
      () => loadAll(path.join(badInputs, name)),
      'UNSUPPORTED_MEDIA_TYPE',
      /^not an image: /,
    );
    assert.equal(e.details['mediaType'], undefined, name);
  }
  const e = await rejectsWith(
    () => inspectImage(path.join(badInputs, 'o01-ocrmypdf-invalid-header-then-eof.pdf')),
    'UNSUPPORTED_MEDIA_TYPE',
    /PDF/,
  );
  assert.equal(e.details['mediaType'], 'application/pdf');
});
