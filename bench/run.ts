// `npm run bench`: OCR Desk and Tesseract on the same images in the same run, scored alike (bench/score.ts,
// a port of ../shared/eval/score.py). See bench/README.md.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { crossCheck } from './crosscheck.ts';
import { PDF_ARG_OPTIONS, pdfBenchSettings } from './pdf-args.ts';
import { runPdfBench } from './pdf-bench.ts';
import { readFolder, readGroundTruth, readList, type EvalImage } from './eval-set.ts';
import { runOcrDesk } from './ocrdesk.ts';
import { markdownTable, ratioLines, type EngineResult } from './report.ts';
import { RSS_METHOD_TEXT, RSS_METHOD } from './run-measured.ts';
import { orderFreeEdits } from './order-free.ts';
import {
  finalize,
  loadItems,
  predictionTexts,
  scorePrediction,
  summarize,
  toPrediction,
  type PredictionJson,
  type ScoredImage,
} from './score.ts';
import { serialize } from './serialize.ts';
import { runTesseractSet, TESSERACT_INSTALL_HINT, tesseractVersion } from './tesseract.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const USAGE = `usage: npm run bench -- [--list FILE | --dir FOLDER] [--only ocrdesk|tesseract] [--out DIR] [--crosscheck]
       [--skip-pdf] [--pdfs N] [--pages-per-pdf N] [--pdf-dpi N] [--pdfa-levels 2b,1b]   (PDF leg: see bench:pdf)`;

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
        only: { type: 'string' },
        out: { type: 'string' },
        crosscheck: { type: 'boolean', default: false },
        'skip-pdf': { type: 'boolean', default: false },
        ...PDF_ARG_OPTIONS,
        help: { type: 'boolean', short: 'h', default: false },
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
if (values.only !== undefined && values.only !== 'ocrdesk' && values.only !== 'tesseract')
  fail(`--only must be ocrdesk or tesseract\n${USAGE}`);
if (values.list && values.dir) fail(`give --list or --dir, not both\n${USAGE}`);

let images: EvalImage[];
let listFile: string | undefined;
if (values.dir) {
  const dir = path.resolve(values.dir);
  if (!existsSync(dir)) fail(`no folder ${dir}`);
  images = readFolder(dir);
} else {
  listFile = path.resolve(values.list ?? path.join(ROOT, '../shared/eval/dev.txt'));
  if (!existsSync(listFile))
    fail(
      `no image list at ${listFile}${values.list ? '' : ' (the default: the shared eval set beside the checkout)'}`,
    );
  images = readList(listFile);
}
const absent = images.filter((e) => !existsSync(e.image) || !existsSync(e.gtPath));
if (absent.length) fail(`missing image or ground truth for: ${absent.map((e) => e.id).join(', ')}`);
if (!images.length) fail('no images with ground truth to benchmark');

const out = path.resolve(
  values.out ?? path.join(ROOT, 'bench/results', new Date().toISOString().replace(/[:.]/g, '-')),
);
mkdirSync(out, { recursive: true });
const gts = new Map(images.map((e) => [e.id, readGroundTruth(e)]));

/**
 * Write PRED_DIR/<dataset>/<stem>.json (score.py's layout) and score with bench/score.ts; also the order-free
 * floor under nsCER (order-free.ts) per subset.
 */
function scoreEngine(
  name: string,
  preds: ReadonlyMap<string, PredictionJson | undefined>,
): Pick<EngineResult, 'summary' | 'orderFreeNs'> {
  const floor = new Map<string, number>();
  const rows: ScoredImage[] = images.map((e) => {
    const p = preds.get(e.id);
    if (p) {
      mkdirSync(path.join(out, name, e.dataset), { recursive: true });
      writeFileSync(path.join(out, name, e.dataset, `${e.stem}.json`), JSON.stringify(p));
    }
    const gt = gts.get(e.id)!;
    const { counts } = scorePrediction(gt, p);
    floor.set(
      e.id,
      orderFreeEdits(serialize(loadItems(gt.lines)), predictionTexts(toPrediction(p)).geometric),
    );
    return { id: e.id, dataset: e.dataset, counts, metrics: finalize(counts) };
  });
  writeFileSync(path.join(out, `${name}.per-image.json`), JSON.stringify(rows, null, 1));
  const summary = summarize(rows);
  const orderFreeNs = Object.fromEntries(
    Object.entries(summary).map(([subset, m]) => {
      const ids = rows.filter((r) => subset === 'all' || r.dataset === subset).map((r) => r.id);
      const edits = ids.reduce((sum, id) => sum + floor.get(id)!, 0);
      return [subset, m.counts.gt_chars_ns ? edits / m.counts.gt_chars_ns : null];
    }),
  );
  return { summary, orderFreeNs };
}

const results: EngineResult[] = [];
const n = images.length;
const ppm = (wallS: number): number => (60 * n) / wallS;

if (values.only !== 'tesseract') {
  console.error(`bench: OCR Desk on ${n} images (one process)…`);
  try {
    const r = await runOcrDesk(ROOT, images, out);
    const missing = images.filter((e) => !r.predictions.get(e.id)).map((e) => e.id);
    const pageS = [...r.pageSeconds.values()].reduce((a, b) => a + b, 0);
    const notes = [
      `OCR Desk: ${r.wallS.toFixed(1)} s wall for the whole child process (start-up and model loading included); ` +
        `sum of page timings.totalMs ${pageS.toFixed(1)} s, i.e. ${pageS ? ((60 * r.pageSeconds.size) / pageS).toFixed(1) : '–'} pages/min once loaded`,
    ];
    if (r.timingsJson !== undefined)
      notes.push(`OCR Desk --timings-json: ${JSON.stringify(r.timingsJson).slice(0, 400)}`);
    if (r.code !== 0) notes.push(`OCR Desk CLI exited ${r.code ?? r.signal}`);
    results.push({
      name: 'ocrdesk',
      label: 'OCR Desk',
      images: n,
      wallS: r.wallS,
      pagesPerMin: ppm(r.wallS),
      secondsPerPage: Object.fromEntries(r.pageSeconds),
      peakRssMb: r.peakRssMb,
      ...scoreEngine('ocrdesk', r.predictions),
      failures: missing.map((id) => `${id}: no output (scored as empty)`),
      notes,
    });
  } catch (e) {
    console.error(`bench: OCR Desk could not run: ${(e as Error).message}`);
  }
}

const tessVersion = values.only === 'ocrdesk' ? null : tesseractVersion();
if (values.only !== 'ocrdesk' && tessVersion === null)
  console.error(
    `bench: tesseract not found${values.only ? '' : ', benching OCR Desk alone'}; ${TESSERACT_INSTALL_HINT}`,
  );
if (tessVersion !== null) {
  const modes = [
    { name: 'tesseract', label: `Tesseract ${tessVersion} default`, parallel: 1, env: process.env },
    {
      name: 'tesseract-2x1thread',
      label: `Tesseract ${tessVersion} 2 procs × 1 thread`,
      parallel: 2,
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    },
  ];
  for (const m of modes) {
    console.error(`bench: ${m.label} on ${n} images…`);
    const r = await runTesseractSet(images, m.parallel, m.env);
    const runs = [...r.runs.entries()];
    const rss = runs.map(([, t]) => t.peakRssMb).filter((v): v is number => v !== null);
    results.push({
      name: m.name,
      label: m.label,
      images: n,
      wallS: r.wallS,
      pagesPerMin: ppm(r.wallS),
      secondsPerPage: Object.fromEntries(runs.map(([id, t]) => [id, t.wallS])),
      peakRssMb: rss.length ? Math.max(...rss) : null,
      ...scoreEngine(m.name, new Map(runs.map(([id, t]) => [id, t.prediction]))),
      failures: r.failures,
      notes: [],
    });
  }
}
if (!results.length) fail('no engine ran');

const ours = results.find((r) => r.name === 'ocrdesk');
const bullets = [
  ...(ours
    ? ratioLines(
        ours,
        results.filter((r) => r !== ours),
      )
    : []),
  ...results.flatMap((r) => [...r.notes, ...r.failures.map((x) => `${r.label} failed on ${x}`)]),
];
const lines = [
  `# OCR Desk benchmark, ${new Date().toISOString()}`,
  '',
  `${n} images from ${listFile ?? values.dir}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}), ${os.platform()} ${os.release()}, Node ${process.version}.`,
  `Scores: bench/score.ts (port of score.py), micro-averaged. Seconds per page: OCR Desk page timings.totalMs (no model loading); Tesseract: each process's wall time. Pages/min: the whole set by wall clock. Peak RSS: ${RSS_METHOD_TEXT[RSS_METHOD]}, of the one OCR Desk process; the largest Tesseract process.`,
  '',
  markdownTable(results),
  ...(bullets.length ? ['', ...bullets.map((l) => `- ${l}`)] : []),
];

if (values.crosscheck) {
  const scorePy =
    listFile && existsSync(path.join(path.dirname(listFile), 'score.py'))
      ? path.join(path.dirname(listFile), 'score.py')
      : path.resolve(ROOT, '../shared/eval/score.py');
  lines.push('', '## Cross-check with score.py');
  for (const r of results) {
    const c = crossCheck(scorePy, images, path.join(out, r.name), r.summary);
    if (!c.ok) process.exitCode = 1;
    lines.push(
      `- ${r.label}: ${c.ok ? 'agrees (every metric to 1e-9)' : 'DISAGREES or could not run'}`,
      ...c.lines.map((l) => `  - ${l}`),
    );
  }
}

// The PDF leg on the same images (its OCRmyPDF runs Tesseract, so --only tesseract keeps it and drops OCR Desk).
if (!values['skip-pdf']) {
  try {
    const pdf = await runPdfBench({
      repoRoot: ROOT,
      images,
      out: path.join(out, 'pdf'),
      ...pdfBenchSettings(values),
      engines: new Set(
        values.only === 'ocrdesk'
          ? ['ocrdesk']
          : values.only === 'tesseract'
            ? ['ocrmypdf']
            : ['ocrdesk', 'ocrmypdf'],
      ),
      pdfaTool: path.resolve(ROOT, '../shared/tools/pdfa-check'),
    });
    lines.push('', pdf.markdown);
  } catch (e) {
    console.error(`bench: the PDF leg could not run: ${(e as Error).message}`);
    lines.push('', `PDF leg: could not run (${(e as Error).message})`);
  }
}

const md = `${lines.join('\n')}\n`;
writeFileSync(path.join(out, 'summary.md'), md);
writeFileSync(
  path.join(out, 'summary.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      list: listFile ?? null,
      dir: values.dir ?? null,
      cpus: os.cpus().length,
      rssMethod: RSS_METHOD,
      results,
    },
    null,
    1,
  ),
);
console.log(md);
console.log(
  `predictions (score.py layout: <engine>/<dataset>/<stem>.json), summary.md and summary.json in ${out}`,
);
