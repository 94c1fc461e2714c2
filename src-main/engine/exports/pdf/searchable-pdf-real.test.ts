// End to end on real scans from the shared evaluation set: the real engine recognises the page, the writer makes
// a PDF/A-1b of it, and poppler and Preflight read it back.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadImagePages } from '../../documents/image-loader.ts';
import { OcrEngine } from '../../ocr/ocr-engine.ts';
import { recognizeDocument } from '../../recognize-document.ts';
import {
  hasCommand,
  PDFA_CHECK,
  pdfaCheckMissing,
  pdftotextBBox,
  pdftotextRaw,
  resultWords,
  run,
  SHARED_DIR,
} from './pdf-test-fixtures.ts';
import { DEFAULT_DPI, SearchablePdfWriter } from './searchable-pdf-writer.ts';
import { MIN_GAP_EM } from './text-layer.ts';

const SCANS = [
  path.join(SHARED_DIR, 'eval/data/funsd/82200067_0069.png'), // grey form scan, PNG: decoded and re-encoded
  path.join(SHARED_DIR, 'eval/data/sroie/006.jpg'), // receipt photo, JPEG: passed through
  path.join(SHARED_DIR, 'eval/data/sroie/316.jpg'), // 'TAX' | 'INVOICE' detected as two overlapping segments
];
const missing = SCANS.filter((f) => !existsSync(f));
const skip =
  (missing.length > 0 && `${missing.join(', ')} not found (shared eval set not beside the checkout)`) ||
  (!hasCommand('pdftotext') && 'poppler-utils not installed') ||
  false;
const dir = mkdtempSync(path.join(os.tmpdir(), 'ocrdesk-pdfreal-'));
after(() => rmSync(dir, { recursive: true, force: true }));

void test(
  'real scans: PDF/A-1b passes, pdftotext returns the engine words in order on their boxes, in either mode',
  { skip },
  async (t) => {
    const engine = await OcrEngine.create({ provider: 'cpu' });
    try {
      for (const scan of SCANS) {
        const [page] = (await recognizeDocument(engine, scan)).pages;
        assert.ok(page);
        const words = resultWords(page).map((w) => w.trim());
        assert.ok(words.length > 50, `${path.basename(scan)}: OCR found ${words.length} words`);

        const started = performance.now();
        const writer = await SearchablePdfWriter.create({ pdfa: '1b', title: path.basename(scan) });
        if (scan.endsWith('.jpg')) {
          await writer.addImagePage(page, new Uint8Array(readFileSync(scan)));
        } else {
          for await (const loaded of loadImagePages(scan)) await writer.addImagePage(page, loaded.image);
        }
        const out = await writer.finish();
        const ms = performance.now() - started;
        const file = path.join(dir, `${path.basename(scan)}.pdf`);
        writeFileSync(file, out.bytes);
        t.diagnostic(
          `${path.basename(scan)}: ${words.length} words, input ${statSync(scan).size} B → PDF/A-1b ${out.bytes.length} B ` +
            `(${writer.imageEncodings.join()}), ${ms.toFixed(0)} ms`,
        );
        assert.equal(out.pdfa, '1b');

        assert.deepEqual(
          pdftotextRaw(file).split(/\s+/).filter(Boolean),
          words.flatMap((w) => w.split(/\s+/)),
        );
        // Extractors that sort by position (poppler's default mode, as in Evince) find the same words: none run
        // together, none split.
        const physical = run('pdftotext', ['-enc', 'UTF-8', file, '-']).stdout.split(/\s+/).filter(Boolean);
        const inOrder = pdftotextRaw(file).split(/\s+/).filter(Boolean);
        assert.deepEqual([...physical].sort(), [...inOrder].sort());
        const found = pdftotextBBox(file);
        assert.deepEqual(
          found.map((f) => f.text),
          words,
        );
        const scale = 72 / (page.dpi ?? DEFAULT_DPI);
        // Each word with the gaps to its neighbours in the line and the line's height (the layer's font size).
        const placed = page.blocks.flatMap((b) =>
          b.lines.flatMap((l) =>
            l.words.map((w, k) => ({
              box: w.box,
              tightGap: Math.min(
                k > 0 ? w.box[0] - l.words[k - 1]!.box[2] : Infinity,
                k + 1 < l.words.length ? l.words[k + 1]!.box[0] - w.box[2] : Infinity,
              ),
              em: l.box[3] - l.box[1],
            })),
          ),
        );
        const off = found.map((f, i) => {
          const b = placed[i]!.box;
          return Math.max(Math.abs(f.xMin - b[0] * scale), Math.abs(f.xMax - b[2] * scale));
        });
        // 1 pt, or 2.5 image pixels on low-resolution scans (FUNSD is ~80 dpi, where a pixel is ~0.9 pt): the
        // layer is placed on the image's pixels, so its error is bounded in pixels.
        const tolerance = Math.max(1, 2.5 * scale);
        const within = off.filter((d) => d <= tolerance).length;
        t.diagnostic(
          `  word boxes within ${tolerance.toFixed(2)} pt: ${within}/${off.length}, worst ${Math.max(...off).toFixed(2)} pt at ${page.dpi ?? DEFAULT_DPI} dpi`,
        );
        // Everything sits on its box, except words closer to a neighbour than the minimum gap: those give up
        // at most that gap's width to it.
        off.forEach((d, i) => {
          if (d <= tolerance) return;
          const { tightGap, em } = placed[i]!;
          const text = found[i]!.text;
          assert.ok(
            tightGap < MIN_GAP_EM * em,
            `'${text}' is ${d.toFixed(2)} pt off its box, ${tightGap} px from a neighbour`,
          );
          assert.ok(d <= tolerance + MIN_GAP_EM * em * scale, `'${text}' is ${d.toFixed(2)} pt off its box`);
        });
        assert.ok(within >= 0.8 * off.length, `${within}/${off.length} within ${tolerance.toFixed(2)} pt`);

        if (!pdfaCheckMissing()) {
          const check = run(PDFA_CHECK, [file]);
          assert.match(check.stdout, /^PASS PDF\/A-1b/, check.stdout + check.stderr);
        }
      }
    } finally {
      await engine.close();
    }
  },
);
