// The optimize levels on real PDFs built with pdf-lib: a grey Flate photo, an RGB Flate photo with PNG
// predictors, a JPEG, a bilevel grey scan, and images that must never change (soft-masked, Indexed, a mask).
// Read back with poppler (pdftoppm renders, compared pixel by pixel) and PDFBox Preflight.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { after, test } from 'node:test';
import {
  decodePDFRawStream,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFRef,
  type PDFContext,
} from 'pdf-lib';
import sharp from 'sharp';
import type { RasterImage } from '../../documents/raster.ts';
import { unpredict } from '../../documents/pdf-image-stream.ts';
import { refilterPng, type OptimizeLevel } from './optimize-images.ts';
import {
  binarise,
  hasCommand,
  PDFA_CHECK,
  pdfaCheckMissing,
  rasterFromSvg,
  run,
  wordsPage,
} from './pdf-test-fixtures.ts';
import { SearchablePdfWriter, type SearchablePdfOptions } from './searchable-pdf-writer.ts';

const noPoppler = hasCommand('pdftoppm') ? '' : 'poppler-utils not installed (pdftoppm)';
const noPdfa = pdfaCheckMissing();
const dir = mkdtempSync(path.join(os.tmpdir(), 'ocrdesk-optimize-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const N = PDFName.of;
const W = 600;
const H = 400;

/** Smooth shapes with film-grain noise: what a photo looks like to Flate (large) and JPEG (small). */
function photoPixels(channels: 1 | 3, seed: number): Uint8Array {
  let s = seed;
  const rand = (): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  const out = new Uint8Array(W * H * channels);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let c = 0; c < channels; c++) {
        const base = 128 + 70 * Math.sin((x + 40 * c) / 45) * Math.cos((y - 25 * c) / 35);
        out[(y * W + x) * channels + c] = Math.max(0, Math.min(255, Math.round(base + (rand() - 0.5) * 24)));
      }
    }
  }
  return out;
}

function imageStream(ctx: PDFContext, contents: Uint8Array, dict: Record<string, unknown>): PDFRef {
  return ctx.register(
    ctx.stream(contents, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: W,
      Height: H,
      ...(dict as Record<string, never>),
    }),
  );
}

/** A page of 300 dpi showing each image over the whole page, in order. */
function imagePage(doc: PDFDocument, images: PDFRef[]): void {
  const w = (W * 72) / 300;
  const h = (H * 72) / 300;
  const page = doc.addPage([w, h]);
  const xobjects: Record<string, PDFRef> = {};
  const ops = images.map((ref, i) => {
    xobjects[`Im${i}`] = ref;
    return `q ${w} 0 0 ${h} 0 0 cm /Im${i} Do Q`;
  });
  page.node.set(N('Resources'), doc.context.obj({ XObject: xobjects }));
  page.node.set(N('Contents'), doc.context.register(doc.context.stream(ops.join('\n'))));
}

interface Fixture {
  bytes: Uint8Array;
  /** The RGB photo's samples, for the predictor check. */
  rgb: Uint8Array;
}

/**
 * Pages: 1 grey Flate photo; 2 RGB photo as PNG IDAT data (PNG predictors, every filter type); 3 a JPEG at
 * quality 95; 4 a bilevel text scan as 8-bit grey Flate; 5 (with `untouchable`) a soft-masked image, an
 * Indexed image, and the grey photo that serves as the soft mask drawn on its own.
 */
async function fixturePdf(untouchable: boolean): Promise<Fixture> {
  const doc = await PDFDocument.create();
  const ctx = doc.context;
  const grey = photoPixels(1, 7);
  imagePage(doc, [
    imageStream(ctx, deflateSync(grey, { level: 6 }), {
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 8,
      Filter: 'FlateDecode',
    }),
  ]);
  const rgb = photoPixels(3, 11);
  const png = await sharp(rgb, { raw: { width: W, height: H, channels: 3 } })
    .png({ adaptiveFiltering: true, compressionLevel: 6 })
    .toBuffer();
  const idat: Buffer[] = [];
  for (let i = 8; i + 8 <= png.length;) {
    const len = png.readUInt32BE(i);
    if (png.toString('latin1', i + 4, i + 8) === 'IDAT') idat.push(png.subarray(i + 8, i + 8 + len));
    i += 12 + len;
  }
  imagePage(doc, [
    imageStream(ctx, Buffer.concat(idat), {
      ColorSpace: 'DeviceRGB',
      BitsPerComponent: 8,
      Filter: 'FlateDecode',
      DecodeParms: { Predictor: 15, Colors: 3, BitsPerComponent: 8, Columns: W },
    }),
  ]);
  const jpeg = await sharp(photoPixels(3, 13), { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: 95, optimiseCoding: false }) // standard Huffman tables, as many scanners write
    .toBuffer();
  imagePage(doc, [
    imageStream(ctx, jpeg, { ColorSpace: 'DeviceRGB', BitsPerComponent: 8, Filter: 'DCTDecode' }),
  ]);
  const scan = wordsPage({
    width: W,
    height: H,
    blocks: [[{ x: 30, y: 120, size: 40, words: ['Bilevel', 'scan', 'text'] }]],
  });
  const bw = binarise(await rasterFromSvg(scan.svg));
  const plane = new Uint8Array(W * H);
  for (let p = 0; p < plane.length; p++) plane[p] = bw.data[p * 3]!;
  imagePage(doc, [
    imageStream(ctx, deflateSync(plane, { level: 6 }), {
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 8,
      Filter: 'FlateDecode',
    }),
  ]);
  if (untouchable) {
    const mask = imageStream(ctx, deflateSync(photoPixels(1, 17)), {
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 8,
      Filter: 'FlateDecode',
    });
    const masked = ctx.register(
      ctx.stream(deflateSync(photoPixels(3, 19)), {
        Type: 'XObject',
        Subtype: 'Image',
        Width: W,
        Height: H,
        ColorSpace: 'DeviceRGB',
        BitsPerComponent: 8,
        Filter: 'FlateDecode',
        SMask: mask,
      }),
    );
    const indices = new Uint8Array(W * H).map((_, i) => ((i % W) >> 6) & 1);
    const indexed = imageStream(ctx, deflateSync(indices), {
      ColorSpace: ctx.obj(['Indexed', 'DeviceRGB', 1, PDFHexString.of('FF000000FF00')]),
      BitsPerComponent: 8,
      Filter: 'FlateDecode',
    });
    imagePage(doc, [masked, indexed, mask]);
  }
  return { bytes: await doc.save({ useObjectStreams: false }), rgb };
}

async function convert(
  name: string,
  input: Uint8Array,
  optimize: OptimizeLevel,
  extra: SearchablePdfOptions = {},
): Promise<{ file: string; bytes: Uint8Array; writer: SearchablePdfWriter; warnings: readonly string[] }> {
  const writer = await SearchablePdfWriter.create({ pdfa: 'none', optimize, ...extra });
  const src = await PDFDocument.load(input);
  for (let i = 0; i < src.getPageCount(); i++) await writer.addPdfPage(input, i);
  const out = await writer.finish();
  const file = path.join(dir, name);
  writeFileSync(file, out.bytes);
  return { file, bytes: out.bytes, writer, warnings: out.warnings };
}

interface DrawnImage {
  filter: string;
  bpc: number;
  contents: Buffer;
  decoded: Buffer;
  dict: PDFDict;
}

/** The images each page draws, by resource name order. */
async function pageImages(bytes: Uint8Array): Promise<DrawnImage[][]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((p) => {
    const xobjects = p.node.Resources()?.lookupMaybe(N('XObject'), PDFDict);
    return (xobjects?.entries() ?? []).map(([, ref]) => {
      const s = doc.context.lookup(ref);
      assert.ok(s instanceof PDFRawStream);
      const filter = String(s.dict.get(N('Filter')));
      return {
        filter,
        bpc: Number(String(s.dict.get(N('BitsPerComponent')))),
        contents: Buffer.from(s.contents),
        decoded: filter === '/DCTDecode' ? Buffer.alloc(0) : Buffer.from(decodePDFRawStream(s).decode()),
        dict: s.dict,
      };
    });
  });
}

/** Page `page` rendered by pdftoppm at the images' own 300 dpi, as raw RGB. */
async function render(file: string, page: number): Promise<Buffer> {
  const prefix = path.join(dir, `${path.basename(file, '.pdf')}-p${page}`);
  const r = run('pdftoppm', [
    '-r',
    '300',
    '-png',
    '-singlefile',
    '-f',
    String(page),
    '-l',
    String(page),
    file,
    prefix,
  ]);
  assert.equal(r.status, 0, r.stderr);
  return sharp(readFileSync(`${prefix}.png`))
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer();
}

function meanAbsError(a: Buffer, b: Buffer): number {
  assert.equal(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** An 8-bit Flate image's samples, its predictor undone. */
function samplesOf(img: DrawnImage): Uint8Array | undefined {
  const colours = String(img.dict.get(N('ColorSpace'))) === '/DeviceRGB' ? 3 : 1;
  const parms = img.dict.lookupMaybe(N('DecodeParms'), PDFDict);
  const width = Number(String(img.dict.get(N('Width'))));
  const height = Number(String(img.dict.get(N('Height'))));
  const samples = unpredict(img.decoded, width, height, colours, parms);
  return samples && new Uint8Array(samples); // a Buffer's slice when there is no predictor
}

/** The DecodeParms a refiltered image must carry. */
function predictor15(dict: PDFDict, width: number): PDFDict {
  const colours = String(dict.get(N('ColorSpace'))) === '/DeviceRGB' ? 3 : 1;
  return dict.context.obj({ Predictor: 15, Colors: colours, BitsPerComponent: 8, Columns: width });
}

const size = (images: DrawnImage[][]): number => images.flat().reduce((a, i) => a + i.contents.length, 0);

void test('PNG predictors are undone exactly (every filter type sharp chose)', async () => {
  const { bytes, rgb } = await fixturePdf(false);
  const doc = await PDFDocument.load(bytes);
  const ref = doc.getPage(1).node.Resources()!.lookup(N('XObject'), PDFDict).get(N('Im0'));
  const s = doc.context.lookup(ref);
  assert.ok(s instanceof PDFRawStream);
  const inflated = decodePDFRawStream(s).decode();
  const filters = new Set(Array.from({ length: H }, (_, y) => inflated[y * (W * 3 + 1)]));
  assert.ok(filters.size >= 2, `several PNG filter types in use: ${[...filters].join()}`);
  const parms = s.dict.lookup(N('DecodeParms'), PDFDict);
  assert.deepEqual(unpredict(inflated, W, H, 3, parms), rgb);
  // Parameters that do not describe the image are refused rather than guessed.
  assert.equal(unpredict(inflated, W - 1, H, 3, parms), undefined);
});

void test("optimize 'none' keeps every image byte for byte", async () => {
  const { bytes } = await fixturePdf(true);
  const out = await convert('none.pdf', bytes, 'none');
  const before = await pageImages(bytes);
  const after = await pageImages(out.bytes);
  assert.equal(after.length, before.length);
  before.forEach((imgs, p) =>
    imgs.forEach((img, i) =>
      assert.ok(img.contents.equals(after[p]![i]!.contents), `page ${p + 1} image ${i}`),
    ),
  );
  assert.deepEqual(out.writer.imageOptimizations, []);
  assert.deepEqual(out.warnings, []);
});

void test(
  "optimize 'lossless': same samples, DecodeParms kept or Predictor 15, pixel-identical renders, smaller",
  { skip: noPoppler || false },
  async (t) => {
    const { bytes } = await fixturePdf(true);
    const inFile = path.join(dir, 'lossless-in.pdf');
    writeFileSync(inFile, bytes);
    const none = await convert('lossless-none.pdf', bytes, 'none');
    const out = await convert('lossless.pdf', bytes, 'lossless');
    const before = await pageImages(bytes);
    const after = await pageImages(out.bytes);
    const changes = out.writer.imageOptimizations;
    const refiltered = new Set(changes.filter((c) => c.change === 'flate-refiltered').map((c) => c.page));
    before.forEach((imgs, p) =>
      imgs.forEach((img, i) => {
        const now = after[p]![i]!;
        assert.equal(now.filter, img.filter, `page ${p + 1} image ${i} keeps its filter`);
        assert.ok(now.contents.length <= img.contents.length, `page ${p + 1} image ${i} is not larger`);
        if (img.filter === '/FlateDecode')
          assert.deepEqual(samplesOf(now), samplesOf(img), `page ${p + 1} image ${i} samples`);
        // Pages 1-4 draw one image each: a refiltered one carries Predictor 15, the rest keep their DecodeParms.
        assert.equal(
          String(now.dict.get(N('DecodeParms'))),
          refiltered.has(p + 1) ? String(predictor15(now.dict, W)) : String(img.dict.get(N('DecodeParms'))),
        );
      }),
    );
    // Page 5: the soft-masked image, the Indexed one and the mask (also drawn) keep their bytes.
    for (const [i, img] of before[4]!.entries())
      assert.ok(img.contents.equals(after[4]![i]!.contents), `p5 ${i}`);
    // Page 1's grain defeats plain level 9, not row filters; page 2 keeps sharp's filters (libpng chose them by
    // the same rule), page 3's JPEG gets optimal tables, page 4's flat black and white deflates best unfiltered.
    assert.deepEqual(
      changes.map((c) => [c.page, c.change]),
      [
        [1, 'flate-refiltered'],
        [2, 'flate-recompressed'],
        [3, 'jpeg-optimized'],
        [4, 'flate-recompressed'],
      ],
    );
    assert.ok(changes.every((c) => !c.lossy && c.bytesAfter < c.bytesBefore));
    assert.ok(changes.every((c) => c.page !== 5));
    assert.ok(out.bytes.length < none.bytes.length, `${out.bytes.length} < ${none.bytes.length}`);
    assert.deepEqual(out.warnings, [], 'no pixel changed: nothing to warn about');
    for (let page = 1; page <= 5; page++) {
      assert.ok(
        (await render(inFile, page)).equals(await render(out.file, page)),
        `page ${page} renders identically`,
      );
    }
    t.diagnostic(
      `images ${size(before)} → ${size(after)} bytes; file ${none.bytes.length} → ${out.bytes.length}`,
    );
  },
);

void test(
  "optimize 'lossy': photos as JPEG, the JPEG re-encoded, the scan 1-bit, masks untouched, renders close",
  { skip: noPoppler || false },
  async (t) => {
    const { bytes } = await fixturePdf(true);
    const inFile = path.join(dir, 'lossy-in.pdf');
    writeFileSync(inFile, bytes);
    const lossless = await convert('lossy-lossless.pdf', bytes, 'lossless');
    const out = await convert('lossy.pdf', bytes, 'lossy', { jpegQuality: 85 });
    const before = await pageImages(bytes);
    const after = await pageImages(out.bytes);
    assert.deepEqual(
      after.slice(0, 4).map((p) => [p[0]!.filter, p[0]!.bpc]),
      [
        ['/DCTDecode', 8],
        ['/DCTDecode', 8],
        ['/DCTDecode', 8],
        ['/FlateDecode', 1],
      ],
    );
    assert.equal(
      after[1]![0]!.dict.get(N('DecodeParms')),
      undefined,
      'predictor parameters went with the Flate data',
    );
    for (const [i, img] of before[4]!.entries())
      assert.ok(img.contents.equals(after[4]![i]!.contents), `p5 ${i}`);
    assert.deepEqual(
      out.writer.imageOptimizations.filter((c) => c.lossy).map((c) => [c.page, c.change]),
      [
        [1, 'jpeg'],
        [2, 'jpeg'],
        [3, 'jpeg-requantized'],
        [4, 'bilevel'],
      ],
    );
    const pages1to4 = (p: DrawnImage[][]): number => size(p.slice(0, 4));
    const losslessImages = await pageImages(lossless.bytes);
    assert.ok(
      pages1to4(after) < 0.3 * pages1to4(losslessImages),
      `${pages1to4(after)} vs ${pages1to4(losslessImages)}`,
    );
    assert.ok(out.bytes.length < lossless.bytes.length);
    assert.equal(out.warnings.length, 1);
    assert.match(
      out.warnings[0]!,
      /as JPEG \(quality 85\) on pages 1-2; JPEGs at quality 85 on page 3; bilevel images as 1-bit on page 4/,
    );
    const errors: string[] = [];
    for (const page of [1, 2, 3, 4, 5]) {
      const mae = meanAbsError(await render(inFile, page), await render(out.file, page));
      errors.push(mae.toFixed(2));
      // Grain of ±12 levels costs JPEG at quality 85 a few levels on average; page 5 is unchanged.
      assert.ok(mae < (page === 5 ? 0.001 : 5), `page ${page}: mean abs error ${mae}`);
    }
    t.diagnostic(
      `file ${lossless.bytes.length} (lossless) → ${out.bytes.length} (lossy); mean abs error per page ${errors.join(', ')}`,
    );
  },
);

void test("lossy keeps images JPEG would not shrink enough, and the writer's own JPEG pages", async () => {
  // A flat-colour page: Flate beats JPEG by far; and a colour photo page the writer itself made JPEG.
  const doc = await PDFDocument.create();
  const flat = new Uint8Array(W * H).map((_, i) => (i % W < W / 2 ? 40 : 220));
  imagePage(doc, [
    imageStream(doc.context, deflateSync(flat, { level: 9 }), {
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 8,
      Filter: 'FlateDecode',
    }),
  ]);
  const input = await doc.save();
  const writer = await SearchablePdfWriter.create({ pdfa: 'none', optimize: 'lossy' });
  await writer.addPdfPage(input, 0);
  const photo: RasterImage = { width: W, height: H, channels: 3, data: photoPixels(3, 23) };
  const page = wordsPage({ width: W, height: H, blocks: [] }).result;
  await writer.addImagePage(page, photo);
  assert.deepEqual(writer.imageEncodings, ['color']);
  const reference = await SearchablePdfWriter.create({ pdfa: 'none' });
  await reference.addImagePage(page, photo);
  const out = await writer.finish();
  const ref = await reference.finish();
  const images = await pageImages(out.bytes);
  assert.equal(images[0]![0]!.filter, '/FlateDecode');
  // The writer's JPEG may get optimal Huffman tables, never new quantisation: same pixels.
  const pixels = (b: Buffer): Promise<Buffer> => sharp(b).raw().toBuffer();
  assert.equal(images[1]![0]!.filter, '/DCTDecode');
  assert.ok(
    (await pixels(images[1]![0]!.contents)).equals(
      await pixels((await pageImages(ref.bytes))[0]![0]!.contents),
    ),
    "the writer's own JPEG keeps its pixels",
  );
  assert.deepEqual(
    writer.imageOptimizations.filter((c) => c.lossy),
    [],
  );
});

void test("PDF/A-1b with optimize 'lossy' still passes Preflight", { skip: noPdfa || false }, async (t) => {
  const { bytes } = await fixturePdf(false);
  const out = await convert('lossy-1b.pdf', bytes, 'lossy', { pdfa: '1b' });
  assert.ok(out.writer.imageOptimizations.some((c) => c.lossy));
  const check = run(PDFA_CHECK, [out.file]);
  assert.match(check.stdout, /^PASS PDF\/A-1b/, check.stdout + check.stderr);
  t.diagnostic(`${out.bytes.length} bytes, ${out.writer.imageOptimizations.length} images changed`);
});

/** A grey text scan with sensor noise (what FUNSD's pages look like to Flate). */
async function noisyGreyScan(): Promise<Uint8Array> {
  const scan = wordsPage({
    width: W,
    height: H,
    blocks: [[{ x: 30, y: 120, size: 32, words: ['Noisy', 'grey', 'form', 'scan'] }]],
  });
  const img = await rasterFromSvg(scan.svg);
  let s = 29;
  const plane = new Uint8Array(W * H);
  for (let p = 0; p < plane.length; p++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const shade = 235 - ((p % W) >> 4); // uneven illumination across the page
    const ink = img.data[p * 3]! < 128 ? 60 : shade;
    plane[p] = Math.max(0, Math.min(255, ink + (s % 9) - 4));
  }
  return plane;
}

/** Rows as PNG predictor data with filter `filter` (0 None, 1 Sub) on every row. */
function fixedFilterRows(
  samples: Uint8Array,
  width: number,
  height: number,
  colours: number,
  filter: 0 | 1,
): Buffer {
  const stride = width * colours;
  const out = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    out[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const v = samples[y * stride + x]!;
      out[y * (stride + 1) + 1 + x] =
        filter === 0 || x < colours ? v : (v - samples[y * stride + x - colours]!) & 0xff;
    }
  }
  return out;
}

void test('refilterPng picks per-row filters that unpredict reads back exactly', async () => {
  const rgb = photoPixels(3, 31);
  const filtered = refilterPng(rgb, W, H, 3);
  const types = new Set(Array.from({ length: H }, (_, y) => filtered[y * (W * 3 + 1)]!));
  assert.ok(types.size >= 2, `several filter types: ${[...types].join()}`);
  assert.ok([...types].every((f) => f <= 4));
  const doc = await PDFDocument.create();
  const parms = doc.context.obj({ Predictor: 15, Colors: 3, BitsPerComponent: 8, Columns: W });
  assert.deepEqual(unpredict(filtered, W, H, 3, parms), rgb);
});

/** Writes `pages` (one image each) through the writer at `optimize`, returns input and output files and images. */
async function throughWriter(
  name: string,
  images: Array<{ contents: Uint8Array; dict: Record<string, unknown> }>,
  optimize: OptimizeLevel,
): Promise<{
  inFile: string;
  out: Awaited<ReturnType<typeof convert>>;
  before: DrawnImage[][];
  after: DrawnImage[][];
}> {
  const doc = await PDFDocument.create();
  for (const img of images) imagePage(doc, [imageStream(doc.context, img.contents, img.dict)]);
  const bytes = await doc.save({ useObjectStreams: false });
  const inFile = path.join(dir, `${name}-in.pdf`);
  writeFileSync(inFile, bytes);
  const out = await convert(`${name}.pdf`, bytes, optimize);
  return { inFile, out, before: await pageImages(bytes), after: await pageImages(out.bytes) };
}

void test('lossless refilters a noisy grey scan with poor PNG filters; raw RGB rows gain a predictor', async (t) => {
  const grey = await noisyGreyScan();
  const rgb = photoPixels(3, 37);
  const noneRows = fixedFilterRows(grey, W, H, 1, 0);
  const { inFile, out, before, after } = await throughWriter(
    'refilter',
    [
      {
        contents: deflateSync(noneRows, { level: 6 }),
        dict: {
          ColorSpace: 'DeviceGray',
          BitsPerComponent: 8,
          Filter: 'FlateDecode',
          DecodeParms: { Predictor: 15, Colors: 1, BitsPerComponent: 8, Columns: W },
        },
      },
      {
        contents: deflateSync(rgb, { level: 6 }),
        dict: { ColorSpace: 'DeviceRGB', BitsPerComponent: 8, Filter: 'FlateDecode' },
      },
    ],
    'lossless',
  );
  assert.deepEqual(
    out.writer.imageOptimizations.map((c) => [c.page, c.change, c.lossy]),
    [
      [1, 'flate-refiltered', false],
      [2, 'flate-refiltered', false],
    ],
  );
  // Smaller than the original and than the plain level-9 re-deflate of the same rows.
  const plain9 = [
    deflateSync(noneRows, { level: 9, memLevel: 9 }).length,
    deflateSync(rgb, { level: 9, memLevel: 9 }).length,
  ];
  for (const p of [0, 1]) {
    const now = after[p]![0]!;
    assert.ok(
      now.contents.length < before[p]![0]!.contents.length,
      `page ${p + 1} smaller than the original`,
    );
    assert.ok(
      now.contents.length < plain9[p]!,
      `page ${p + 1}: ${now.contents.length} < ${plain9[p]} (level 9)`,
    );
    assert.equal(String(now.dict.get(N('DecodeParms'))), String(predictor15(now.dict, W)));
    assert.equal(inflateSync(now.contents).length, (W * (p === 0 ? 1 : 3) + 1) * H, 'a filter byte per row');
  }
  assert.deepEqual(samplesOf(after[0]![0]!), grey, 'grey samples identical');
  assert.deepEqual(samplesOf(after[1]![0]!), rgb, 'RGB samples identical');
  const greyRows = after[0]![0]!.decoded;
  assert.ok(
    Array.from({ length: H }, (_, y) => greyRows[y * (W + 1)]).some((f) => f !== 0),
    'rows no longer all None',
  );
  if (noPoppler) t.diagnostic(`render check skipped: ${noPoppler}`);
  else {
    for (const page of [1, 2]) {
      assert.ok(
        (await render(inFile, page)).equals(await render(out.file, page)),
        `page ${page} renders identically`,
      );
    }
  }
  t.diagnostic(
    `grey ${before[0]![0]!.contents.length} → ${after[0]![0]!.contents.length} (level 9 alone ${plain9[0]}); ` +
      `RGB ${before[1]![0]!.contents.length} → ${after[1]![0]!.contents.length} (level 9 alone ${plain9[1]})`,
  );
});
