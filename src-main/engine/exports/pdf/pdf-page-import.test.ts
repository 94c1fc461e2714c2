// PDF inputs: pages copied with their original content, the text layer mapped through CropBox and /Rotate,
// active content left behind, and PDF/A claimed only where the input allows it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  cmyk,
  degrees,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFString,
  StandardFonts,
} from 'pdf-lib';
import type { PageResult } from '../../../../src-shared/ocr-result.ts';
import {
  hasCommand,
  jpegFromRaster,
  PDFA_CHECK,
  pdfaCheckMissing,
  pdftotextBBox,
  pdftotextRaw,
  rasterFromSvg,
  resultWords,
  run,
  wordsPage,
} from './pdf-test-fixtures.ts';
import { SearchablePdfWriter, type SearchablePdfOptions } from './searchable-pdf-writer.ts';

const noPoppler = hasCommand('pdftotext') && hasCommand('pdftoppm') ? '' : 'poppler-utils not installed';
const noPdfa = pdfaCheckMissing();
const dir = mkdtempSync(path.join(os.tmpdir(), 'ocrdesk-pdfin-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const N = PDFName.of;
const pt = (px: number): number => (px * 72) / 300;
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** What a 300 dpi render of the scan shows: 2550×1400 px, that is 612×336 pt. */
const scan = wordsPage({
  width: 2550,
  height: 1400,
  blocks: [
    [
      { x: 150, y: 200, size: 50, words: ['Scanned', 'page', 'with', 'a'] },
      { x: 150, y: 280, size: 50, words: ['crop', 'box', 'offset.'] },
    ],
    [{ x: 1350, y: 200, size: 50, words: ['Right', 'column', 'text'] }],
  ],
});

/**
 * A scanned-style PDF: page 1 has its CropBox inside a larger MediaBox, page 2 is stored sideways with
 * /Rotate 90, and page 3 shows the same image again (shared, not duplicated). All display the same scan.
 */
async function scannedPdf(): Promise<{ bytes: Uint8Array; jpeg: Uint8Array }> {
  const jpeg = await jpegFromRaster(await rasterFromSvg(scan.svg), 60);
  const doc = await PDFDocument.create();
  const image = await doc.embedJpg(jpeg);
  const p1 = doc.addPage([700, 400]);
  p1.setCropBox(40, 30, 612, 336);
  p1.drawImage(image, { x: 40, y: 30, width: 612, height: 336 });
  const p2 = doc.addPage([336, 612]);
  p2.setRotation(degrees(90));
  p2.drawImage(image, { x: 336, y: 0, width: 612, height: 336, rotate: degrees(90) });
  const p3 = doc.addPage([612, 336]);
  p3.drawImage(image, { x: 0, y: 0, width: 612, height: 336 });
  return { bytes: await doc.save(), jpeg };
}

async function convert(
  name: string,
  input: Uint8Array,
  pages: { index: number; result?: PageResult }[],
  options: SearchablePdfOptions = {},
): Promise<{
  file: string;
  bytes: Uint8Array;
  pdfa: string | null;
  warnings: readonly string[];
  ms: number;
}> {
  const t = performance.now();
  const w = await SearchablePdfWriter.create(options);
  for (const p of pages) await w.addPdfPage(input, p.index, p.result);
  const out = await w.finish();
  const ms = performance.now() - t;
  const file = path.join(dir, name);
  writeFileSync(file, out.bytes);
  return { file, ...out, ms };
}

function contentRefs(doc: PDFDocument, page: number): PDFRef[] {
  const c = doc.getPage(page).node.get(N('Contents'));
  if (c instanceof PDFRef) return [c];
  return c instanceof PDFArray ? (c.asArray() as PDFRef[]) : [];
}

function rawBytes(doc: PDFDocument, ref: PDFRef): Buffer {
  const s = doc.context.lookup(ref);
  assert.ok(s instanceof PDFRawStream);
  return Buffer.from(s.contents);
}

function render(file: string, page: number, prefix: string): Buffer {
  const out = path.join(dir, prefix);
  assert.equal(
    run('pdftoppm', ['-r', '40', '-gray', '-f', String(page), '-l', String(page), file, out]).status,
    0,
  );
  return readFileSync(`${out}-${page}.pgm`);
}

void test(
  'scanned PDF: original content kept byte for byte, text layer on its words, PDF/A-1b passes',
  { skip: noPoppler || false },
  async (t) => {
    const input = await scannedPdf();
    const inFile = path.join(dir, 'scanned-in.pdf');
    writeFileSync(inFile, input.bytes);
    const out = await convert(
      'scanned-1b.pdf',
      input.bytes,
      [0, 1, 2].map((index) => ({ index, result: { ...scan.result, page: index + 1 } })),
      { pdfa: '1b', title: 'Scan' },
    );
    t.diagnostic(
      `input ${input.bytes.length} bytes → output ${out.bytes.length} bytes (1b), ${(out.ms / 3).toFixed(0)} ms/page`,
    );
    assert.equal(out.pdfa, '1b', out.warnings.join('\n'));
    assert.deepEqual(out.warnings, []);
    // The text layer, font, XMP and ICC profile add a few KB; the image is not copied three times.
    assert.ok(out.bytes.length < input.bytes.length + 16_000, `${out.bytes.length} vs ${input.bytes.length}`);

    const src = await PDFDocument.load(input.bytes);
    const dst = await PDFDocument.load(out.bytes);
    for (const i of [0, 1, 2]) {
      const original = contentRefs(src, i).map((r) => rawBytes(src, r));
      const kept = contentRefs(dst, i).map((r) => rawBytes(dst, r));
      assert.ok(
        original.every((o) => kept.some((k) => k.equals(o))),
        `page ${i + 1} keeps its content stream`,
      );
      assert.ok(
        render(inFile, i + 1, `in-${i}`).equals(render(out.file, i + 1, `out-${i}`)),
        `page ${i + 1} renders as before`,
      );
    }
    const jpegs = dst.context
      .enumerateIndirectObjects()
      .filter(([, o]) => o instanceof PDFRawStream && o.dict.get(N('Filter')) === N('DCTDecode'));
    assert.equal(jpegs.length, 1, 'the shared image is copied once');
    assert.ok(Buffer.from((jpegs[0]![1] as PDFRawStream).contents).equals(Buffer.from(input.jpeg)));
    assert.equal(dst.getPage(1).getRotation().angle, 90);

    for (const page of [1, 2, 3]) {
      assert.equal(
        squash(pdftotextRaw(out.file, page)),
        resultWords(scan.result).join(' '),
        `page ${page} text`,
      );
      const found = pdftotextBBox(out.file, page);
      const words = scan.result.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
      assert.equal(found.length, words.length);
      found.forEach((f, i) => {
        const w = words[i]!;
        for (const [got, want] of [
          [f.xMin, w.box[0]],
          [f.yMin, w.box[1]],
          [f.xMax, w.box[2]],
          [f.yMax, w.box[3]],
        ] as const) {
          assert.ok(Math.abs(got - pt(want)) <= 1, `page ${page} ${f.text}: ${got} vs ${pt(want)}`);
        }
      });
    }
    if (!noPdfa) {
      const check = run(PDFA_CHECK, [out.file]);
      assert.match(check.stdout, /^PASS PDF\/A-1b/, check.stdout + check.stderr);
    }
  },
);

void test(
  'born-digital page with an unembedded font: no false PDF/A claim, no second text layer',
  { skip: noPoppler || false },
  async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([612, 792]).drawText('Born digital words', { x: 72, y: 700, size: 14, font });
    const input = await doc.save();
    const fromPdf: PageResult = { ...scan.result, origin: 'pdf-text' };
    const out = await convert('born-digital.pdf', input, [{ index: 0, result: fromPdf }]);
    assert.equal(out.pdfa, null);
    assert.match(out.warnings.join('\n'), /not PDF\/A-2b.*font Helvetica is not embedded/);
    assert.doesNotMatch(Buffer.from(out.bytes).toString('latin1'), /pdfaid/);
    assert.equal(squash(pdftotextRaw(out.file)), 'Born digital words');
    // A page that was OCR'd after all gets the text layer on top of its own text.
    const ocr = await convert(
      'born-digital-ocr.pdf',
      input,
      [{ index: 0, result: { ...scan.result, origin: 'ocr' } }],
      { pdfa: 'none' },
    );
    assert.deepEqual(ocr.warnings, []);
    assert.match(squash(pdftotextRaw(ocr.file)), /Born digital words/);
    assert.match(squash(pdftotextRaw(ocr.file)), /Scanned page with a/);
  },
);

void test('transparency blocks PDF/A-1b only; device CMYK blocks every level', async () => {
  const make = async (draw: (p: ReturnType<PDFDocument['addPage']>) => void): Promise<Uint8Array> => {
    const doc = await PDFDocument.create();
    draw(doc.addPage([200, 200]));
    return doc.save();
  };
  const translucent = await make((p) =>
    p.drawRectangle({ x: 10, y: 10, width: 50, height: 50, opacity: 0.5 }),
  );
  const inCmyk = await make((p) =>
    p.drawRectangle({ x: 10, y: 10, width: 50, height: 50, color: cmyk(0, 1, 1, 0) }),
  );
  const plain = await make((p) => p.drawRectangle({ x: 10, y: 10, width: 50, height: 50 }));
  const level = async (input: Uint8Array, pdfa: '1b' | '2b'): Promise<string | null> =>
    (await convert(`compat-${pdfa}.pdf`, input, [{ index: 0 }], { pdfa })).pdfa;
  assert.equal(await level(translucent, '1b'), null);
  assert.equal(await level(translucent, '2b'), '2b');
  assert.equal(await level(inCmyk, '1b'), null);
  assert.equal(await level(inCmyk, '2b'), null);
  assert.equal(await level(plain, '1b'), '1b');
  if (!noPdfa) {
    const out = await convert('compat-plain-1b.pdf', plain, [{ index: 0 }], { pdfa: '1b' });
    assert.match(run(PDFA_CHECK, [out.file]).stdout, /^PASS/);
  }
});

/** Every name that marks active content, anywhere in the file. */
function activeContent(doc: PDFDocument): string[] {
  const found = new Set<string>();
  const visit = (o: unknown): void => {
    if (o instanceof PDFDict) {
      for (const [k, v] of o.entries()) {
        if (['JS', 'AA', 'OpenAction', 'JavaScript', 'Launch'].includes(k.decodeText()))
          found.add(k.decodeText());
        if (k === N('S') && v instanceof PDFName && ['JavaScript', 'Launch'].includes(v.decodeText())) {
          found.add(v.decodeText());
        }
        visit(v);
      }
    } else if (o instanceof PDFArray) {
      for (const v of o.asArray()) visit(v);
    }
  };
  for (const [, o] of doc.context.enumerateIndirectObjects()) visit(o instanceof PDFRawStream ? o.dict : o);
  return [...found];
}

void test('JavaScript, launch actions, page actions and internal links are stripped; web links stay', async () => {
  const doc = await PDFDocument.create();
  const p1 = doc.addPage([300, 300]);
  const p2 = doc.addPage([300, 300]);
  p2.drawRectangle({ x: 0, y: 0, width: 300, height: 300 });
  const ctx = doc.context;
  const js = ctx.obj({ S: 'JavaScript', JS: PDFString.of('app.alert("hi")') });
  doc.catalog.set(N('OpenAction'), ctx.register(js));
  doc.catalog.set(
    N('Names'),
    ctx.obj({ JavaScript: ctx.obj({ Names: [PDFString.of('x'), ctx.register(js)] }) }),
  );
  p1.node.set(N('AA'), ctx.obj({ O: ctx.register(js) }));
  const link = (a: Record<string, unknown>): PDFRef =>
    ctx.register(
      ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: [10, 10, 50, 50], ...(a as Record<string, never>) }),
    );
  const annots = [
    link({ A: ctx.obj({ S: 'Launch', F: PDFString.of('calc.exe') }) }),
    link({ A: ctx.obj({ S: 'URI', URI: PDFString.of('https://example.org/') }) }),
    link({ Dest: [p2.ref, N('Fit')] }),
    ctx.register(
      ctx.obj({
        Type: 'Annot',
        Subtype: 'Widget',
        Rect: [60, 60, 90, 90],
        A: ctx.register(js),
        AA: ctx.obj({ K: ctx.register(js) }),
      }),
    ),
    ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Screen', Rect: [0, 0, 1, 1], A: ctx.register(js) })),
  ];
  p1.node.set(N('Annots'), ctx.obj(annots));
  const input = await doc.save();
  assert.deepEqual(activeContent(await PDFDocument.load(input)).sort(), [
    'AA',
    'JS',
    'JavaScript',
    'Launch',
    'OpenAction',
  ]);

  const out = await convert('active.pdf', input, [{ index: 0, result: scan.result }], { pdfa: 'none' });
  const res = await PDFDocument.load(out.bytes);
  assert.deepEqual(activeContent(res), []);
  assert.equal(res.getPageCount(), 1);
  const kept = res
    .getPage(0)
    .node.lookup(N('Annots'), PDFArray)
    .asArray()
    .map((r) => res.context.lookup(r) as PDFDict);
  assert.deepEqual(
    kept.map((a) => a.lookup(N('Subtype'))?.toString()),
    ['/Link', '/Widget'],
  );
  assert.equal(
    kept[0]!.lookup(N('A'), PDFDict).lookup(N('URI'), PDFString).decodeText(),
    'https://example.org/',
  );
  // The internal link's target page was not dragged along: no content stream of page 2 in the output.
  const src = await PDFDocument.load(input);
  const page2 = contentRefs(src, 1).map((r) => rawBytes(src, r));
  assert.equal(page2.length, 1);
  const copied = res.context.enumerateIndirectObjects().filter(([, o]) => o instanceof PDFRawStream);
  assert.ok(!copied.some(([r]) => rawBytes(res, r).equals(page2[0]!)));
});

void test(
  'encrypted and unparsable input PDFs are typed errors',
  { skip: hasCommand('qpdf') ? false : 'qpdf not installed' },
  async () => {
    const { bytes } = await scannedPdf();
    const plainFile = path.join(dir, 'to-encrypt.pdf');
    const encFile = path.join(dir, 'encrypted.pdf');
    writeFileSync(plainFile, bytes);
    const r = run('qpdf', ['--encrypt', 'user', 'owner', '256', '--', plainFile, encFile]);
    assert.equal(r.status, 0, r.stderr);
    const w = await SearchablePdfWriter.create();
    await assert.rejects(w.addPdfPage(new Uint8Array(readFileSync(encFile)), 0, scan.result), {
      code: 'ENCRYPTED_PDF',
    });
    await assert.rejects(w.addPdfPage(new TextEncoder().encode('%PDF-1.4\ngarbage'), 0), {
      code: 'CORRUPT_INPUT',
    });
    await assert.rejects(w.addPdfPage(bytes, 7), { code: 'INVALID_ARGUMENT' });
  },
);
