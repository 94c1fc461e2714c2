// `npm run bench:pdf`: the PDF leg alone (OCR Desk vs OCRmyPDF on scanned PDFs built from the eval images).
// `npm run bench` runs it after the image leg. See bench/README.md.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readFolder, readList, type EvalImage } from './eval-set.ts';
import { runPdfBench } from './pdf-bench.ts';
import { PDF_ARG_OPTIONS, pdfBenchSettings } from './pdf-args.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const USAGE = `usage: npm run bench:pdf -- [--list FILE | --dir FOLDER] [--out DIR] [--only ocrdesk|ocrmypdf]
       [--pdfs N] [--pages-per-pdf N] [--pdf-dpi N] [--pdfa-levels 2b,1b] [--optimize-levels lossless,lossy]`;

function fail(msg: string): never {
  console.error(`bench: ${msg}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        list: { type: 'string' },
        dir: { type: 'string' },
        out: { type: 'string' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        ...PDF_ARG_OPTIONS,
      },
    });
  } catch (e) {
    return fail(`${(e as Error).message}\n${USAGE}`);
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.only !== undefined && values.only !== 'ocrdesk' && values.only !== 'ocrmypdf')
  fail(`--only must be ocrdesk or ocrmypdf\n${USAGE}`);
let images: EvalImage[];
if (values.dir) {
  images = readFolder(path.resolve(values.dir));
} else {
  const list = path.resolve(values.list ?? path.join(ROOT, '../shared/eval/dev.txt'));
  if (!existsSync(list)) fail(`no image list at ${list}`);
  images = readList(list);
}
const absent = images.filter((e) => !existsSync(e.image) || !existsSync(e.gtPath));
if (absent.length) fail(`missing image or ground truth for: ${absent.map((e) => e.id).join(', ')}`);
if (!images.length) fail('no images with ground truth to benchmark');

const settings = (() => {
  try {
    return pdfBenchSettings(values);
  } catch (e) {
    return fail(`${(e as Error).message}\n${USAGE}`);
  }
})();
const out = path.resolve(
  values.out ?? path.join(ROOT, 'bench/results', `pdf-${new Date().toISOString().replace(/[:.]/g, '-')}`),
);
const r = await runPdfBench({
  repoRoot: ROOT,
  images,
  out,
  ...settings,
  engines: new Set(values.only ? [values.only] : ['ocrdesk', 'ocrmypdf']),
  pdfaTool: path.resolve(ROOT, '../shared/tools/pdfa-check'),
});
console.log(r.markdown);
console.log(`\ninputs, outputs, predictions, summary.md and summary.json in ${out}`);
