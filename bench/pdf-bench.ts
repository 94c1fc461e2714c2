// The PDF leg of the benchmark: scanned PDFs built from the eval images, OCR Desk and OCRmyPDF on the same files
// in the same run, then every output read back alike: size, PDF/A verdict, page images kept or re-encoded, and
// the text layer scored against the ground truth. See bench/README.md.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EvalImage } from './eval-set.ts';
import { readGroundTruth } from './eval-set.ts';
import { imageEncodings, pdfaCheckMissing, pdfaVerdicts, textLayerPrediction } from './pdf-check.ts';
import {
  OCRMYPDF_INSTALL_HINT,
  ocrmypdfVersion,
  type OptimizeLevel,
  type PdfaLevel,
  type PdfEngineRun,
  runOcrDeskPdfs,
  runOcrmypdf,
} from './pdf-engines.ts';
import { buildPdfInputs, type PdfInput } from './pdf-inputs.ts';
import { type PdfLegRow, pdfRatioLines, pdfTable } from './pdf-report.ts';
import { finalize, scorePrediction, summarize, type ScoredImage } from './score.ts';

export interface PdfBenchOptions {
  readonly repoRoot: string;
  readonly images: readonly EvalImage[];
  /** Results folder of this leg (inputs, outputs, predictions, summary). */
  readonly out: string;
  readonly pdfs: number;
  readonly pagesEach: number;
  /** Resolution the input PDFs declare for their images. */
  readonly dpi: number;
  readonly levels: readonly PdfaLevel[];
  /** OCR Desk's --optimize levels, each at every PDF/A level. */
  readonly optimizeLevels: readonly OptimizeLevel[];
  readonly engines: ReadonlySet<'ocrdesk' | 'ocrmypdf'>;
  readonly pdfaTool: string;
  /** --threads for the OCR Desk CLI; undefined: its default. */
  readonly ocrdeskThreads?: number;
}

export interface PdfBenchResult {
  readonly markdown: string;
  readonly rows: readonly PdfLegRow[];
}

const log = (s: string): void => void process.stderr.write(`bench pdf: ${s}\n`);

/** Lossless page images (Flate and the like) that came out as JPEG, by the first image of each page. */
function lossyPages(input: string, output: string): { pages: number; of: number } {
  const first = (f: string): Map<number, string> => {
    const m = new Map<number, string>();
    for (const { page, enc } of imageEncodings(f)) if (!m.has(page)) m.set(page, enc);
    return m;
  };
  const before = first(input);
  const after = first(output);
  let pages = 0;
  let of = 0;
  for (const [page, enc] of before) {
    if (enc === 'jpeg' || enc === 'jpx') continue;
    of++;
    if (after.get(page) === 'jpeg' || after.get(page) === 'jpx') pages++;
  }
  return { pages, of };
}

function scoreRun(run: PdfEngineRun, inputs: readonly PdfInput[], predDir: string): ScoredImage[] {
  const rows: ScoredImage[] = [];
  for (const input of inputs) {
    const file = run.outputs.get(input.name);
    input.pages.forEach((e, p) => {
      const pred = file ? textLayerPrediction(file, p + 1, input.pixels[p]!.width) : undefined;
      if (pred) {
        mkdirSync(path.join(predDir, e.dataset), { recursive: true });
        writeFileSync(path.join(predDir, e.dataset, `${e.stem}.json`), JSON.stringify(pred));
      }
      const { counts } = scorePrediction(readGroundTruth(e), pred);
      rows.push({ id: e.id, dataset: e.dataset, counts, metrics: finalize(counts) });
    });
  }
  return rows;
}

export async function runPdfBench(o: PdfBenchOptions): Promise<PdfBenchResult> {
  mkdirSync(o.out, { recursive: true });
  const inputsDir = path.join(o.out, 'inputs');
  mkdirSync(inputsDir, { recursive: true });
  const inputs = await buildPdfInputs(o.images, inputsDir, {
    pdfs: o.pdfs,
    pagesEach: o.pagesEach,
    dpi: o.dpi,
  });
  const pages = inputs.reduce((a, i) => a + i.pages.length, 0);
  log(`${inputs.length} PDFs, ${pages} pages, at ${o.dpi} dpi in ${inputsDir}`);

  const version = o.engines.has('ocrmypdf') ? ocrmypdfVersion() : null;
  const notes: string[] = [];
  if (o.engines.has('ocrmypdf') && version === null) {
    const msg = `ocrmypdf not found, OCR Desk alone: ${OCRMYPDF_INSTALL_HINT}`;
    log(msg);
    notes.push(msg);
  }
  const runs: PdfEngineRun[] = [];
  for (const level of o.levels) {
    if (version !== null) {
      log(`OCRmyPDF ${version}, PDF/A-${level}, one process per PDF with --jobs 2…`);
      runs.push(await runOcrmypdf(inputs, o.out, level, version));
    }
    if (o.engines.has('ocrdesk')) {
      for (const optimize of o.optimizeLevels) {
        log(`OCR Desk, PDF/A-${level}, --optimize ${optimize}, one process for all PDFs…`);
        runs.push(await runOcrDeskPdfs(o.repoRoot, inputs, o.out, level, optimize, o.ocrdeskThreads));
      }
    }
  }

  const missingPreflight = pdfaCheckMissing(o.pdfaTool);
  if (missingPreflight) notes.push(`Preflight not run: ${missingPreflight}`);
  else log('Preflight on every output…');
  const rows: PdfLegRow[] = runs.map((run) => {
    const written = inputs.filter((i) => run.outputs.has(i.name));
    const verdicts = missingPreflight ? undefined : pdfaVerdicts(o.pdfaTool, [...run.outputs.values()]);
    // Font subset tags (ABCDEF+Name) differ per file; the rule broken does not.
    const errors = [
      ...new Set(
        [...(verdicts?.values() ?? [])].flatMap((v) => v.errors.map((e) => e.replace(/\b[A-Z]{6}\+/g, ''))),
      ),
    ];
    const lossy = written
      .map((i) => lossyPages(i.file, run.outputs.get(i.name)!))
      .reduce((a, b) => ({ pages: a.pages + b.pages, of: a.of + b.of }), { pages: 0, of: 0 });
    const scored = scoreRun(run, inputs, path.join(o.out, 'predictions', run.id));
    return {
      engine: run.engine,
      ...(run.optimize !== undefined && { optimize: run.optimize }),
      label: run.label,
      level: run.level,
      pages,
      wallS: run.wallS,
      pagesPerMin: (60 * pages) / run.wallS,
      secondsPerPage: written
        .filter((i) => run.fileSeconds.has(i.name))
        .map((i) => run.fileSeconds.get(i.name)! / i.pages.length),
      inputBytes: written.reduce((a, i) => a + i.bytes, 0),
      outputBytes: written.reduce((a, i) => a + statSync(run.outputs.get(i.name)!).size, 0),
      peakTreeRssMb: run.peakTreeRssMb,
      peakProcessRssMb: run.peakProcessRssMb,
      preflight: verdicts
        ? {
            pass: [...verdicts.values()].filter((v) => v.pass).length,
            fail: [...verdicts.values()].filter((v) => !v.pass).length,
            errors,
          }
        : null,
      summary: summarize(scored),
      lossyReencoded: lossy,
      failures: run.failures,
      notes: [
        `${run.label}: ${run.wallS.toFixed(1)} s wall, load average ${run.load[0].toFixed(1)} → ${run.load[1].toFixed(1)}`,
        ...run.notes,
      ],
    };
  });

  const embedded = [...new Set(inputs.flatMap((i) => i.embedding))].join(', ');
  const md = [
    `## PDF leg: ${inputs.length} scanned PDFs × ${o.pagesEach} pages (${pages} pages)`,
    '',
    `Inputs: ${inputs.map((i) => `${i.name} (${i.pages.map((e) => e.id).join(', ')}; ${i.bytes} bytes)`).join('; ')}. ` +
      `Each page is one eval image embedded as it is (${embedded}) on a page sized for ${o.dpi} dpi, so both engines know the ` +
      `resolution (OCRmyPDF refuses images without one) and render the images at their own pixel size. ` +
      `${os.cpus().length} CPUs; other work on the machine shows in the load averages below, so the ratios matter more than the absolute figures.`,
    `Pages/min: all pages over the wall clock of every process (OCR Desk: one CLI process, start-up and model loading included; OCRmyPDF: one process per PDF). ` +
      `Median s/page: per PDF, its seconds over its pages (OCR Desk: the CLI's --timings-json per file; OCRmyPDF: its process). ` +
      `Peak RSS: the largest sum over the process tree, sampled every 100 ms, and the largest single process's VmHWM. ` +
      `Text: pdftotext -raw -bbox of each output page, boxes scaled to image pixels, scored by bench/score.ts against the ground truth. ` +
      `Preflight (../shared/tools/pdfa-check) validates PDF/A-1b only; run on 2b files it reports their 1b-only differences, shown in brackets.`,
    '',
    pdfTable(rows),
    '',
    ...[
      ...pdfRatioLines(rows),
      ...notes,
      ...rows.flatMap((r) => [...r.notes, ...r.failures.map((x) => `${r.label} failed: ${x}`)]),
      ...rows
        .filter((r) => r.level === '2b' && r.preflight && r.preflight.errors.length)
        .map((r) => `${r.label}, Preflight on the 2b files: ${r.preflight!.errors.slice(0, 4).join(' | ')}`),
    ].map((l) => `- ${l}`),
  ].join('\n');
  writeFileSync(path.join(o.out, 'summary.md'), `${md}\n`);
  writeFileSync(path.join(o.out, 'summary.json'), JSON.stringify({ inputs, rows }, null, 1));
  return { markdown: md, rows };
}
