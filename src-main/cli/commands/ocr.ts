// `ocrdesk ocr <files...>`: images and PDFs through the job service's own page pipeline (page-source: render,
// preprocess, recognise) and output writers (write-artifacts: searchable PDF/A, DOCX, TXT, hOCR, ALTO, JSON, MD),
// with the engine loaded once for every input and no job store in between.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PageResult } from '../../../src-shared/ocr-result.ts';
import { OcrEngine } from '../../engine/ocr/ocr-engine.ts';
import { openPages } from '../../engine/queue/page-source.ts';
import { pagesDocument, renderFormat } from '../../engine/queue/write-artifacts.ts';
import { zipBundle } from '../../engine/exports/zip-bundle.ts';
import { writeFileAtomic } from '../../engine/util/atomic-write.ts';
import { describeError } from '../fail.ts';
import { ProgressBar } from '../progress-bar.ts';
import { type CliFormat, type OcrRequest, parseOcrArgs, ZIP_DEFAULT_CONTENTS } from './ocr-options.ts';
import { extensionOf, type OutputPlan, planOutputs } from './ocr-targets.ts';
import type { OutputFormat } from '../../../src-shared/api-schemas.ts';

export const OCR_USAGE = `usage: ocrdesk ocr <files...> [-o OUT] [--format F[,F...]] [options]
  Inputs: PDF, PNG, JPEG, TIFF, WebP, GIF (the type is read from the bytes).
  -o OUT           one input and one format: a file (or an existing directory); otherwise a directory,
                   created if needed, with <name>.<ext> for each input and format. Default: stdout (text formats).
  --format F       pdf|docx|txt|hocr|alto|json|md|zip, comma-separated or repeated; zip holds the other formats
                   chosen (pdf, txt, json when alone). Default: from -o's extension, else json.
  --pdfa 1b|2b|3b|none   PDF/A level of the PDF (default 2b; a PDF that cannot conform is written plain, with a warning)
  --title T --author A --subject S --keywords K   PDF (and DOCX/hOCR) metadata
  --jpeg-quality N       colour page images that are not JPEG already (10-100, default 85)
  --optimize none|lossless|lossy   PDF images: as they came; recompressed, same pixels (default); or
                         re-encoded as JPEG at --jpeg-quality (bilevel ones as 1-bit) where clearly smaller
  --dpi N          PDF render resolution (72-1200, default 300)   --pages 1-3,7   --mode auto|force|redo
  --deskew --auto-rotate --despeckle --binarize --remove-blank THRESHOLD (ink ratio, 0-0.1)
  --min-confidence X     leave words under X (0-1) out of the text outputs
  --provider auto|cpu|cuda|dml|coreml  --threads N  --models DIR  --detection-limit PX
  --no-check-boxes       leave form check boxes to the recogniser instead of writing them as ☐ / ☑
  --timings-json FILE    per-file and per-stage timings   --quiet (no progress)`;

interface FileTimings {
  file: string;
  pages: number;
  /** Open, render/decode, preprocess and recognise, until the last page is in. */
  recognizeMs: number;
  /** Sums of the pages' stage timings. */
  stages: Record<string, number>;
  outputsMs: Record<string, number>;
  totalMs: number;
}

export async function ocrCommand(argv: string[]): Promise<number> {
  const req = parseOcrArgs(argv, OCR_USAGE);
  const plan = await planOutputs(req.inputs, req.formats, req.output);
  const t0 = performance.now();
  const engine = await OcrEngine.create(req.engine);
  const engineLoadMs = performance.now() - t0;
  const bar = new ProgressBar(process.stderr, !req.quiet);
  const warn = (line: string): void => {
    bar.done();
    process.stderr.write(`ocrdesk: warning: ${line}\n`);
  };
  // Preprocessed page images the PDF is made from live here until the run ends.
  const scratch = await mkdtemp(path.join(tmpdir(), 'ocrdesk-cli-'));
  const restoreConsole = quietLibraryWarnings();
  let exitCode = 0;
  const collected: unknown[] = [];
  const timings: FileTimings[] = [];
  try {
    for (const [i, file] of req.inputs.entries()) {
      try {
        const t = await processFile(engine, req, plan, i, scratch, bar, warn, collected);
        timings.push(t);
      } catch (e) {
        bar.done();
        const { line, exitCode: code } = describeError(e, file);
        process.stderr.write(`${line}\n`);
        exitCode = exitCode || code;
      }
    }
    bar.done();
  } finally {
    restoreConsole();
    await engine.close();
    await rm(scratch, { recursive: true, force: true });
  }
  if (collected.length) {
    process.stdout.write(`${JSON.stringify(req.inputs.length === 1 ? collected[0] : collected, null, 1)}\n`);
  }
  if (req.timingsJson) {
    const totalMs = performance.now() - t0;
    await writeFile(
      req.timingsJson,
      `${JSON.stringify({ engineLoadMs, totalMs, files: timings }, null, 1)}\n`,
    );
  }
  return exitCode;
}

/**
 * pdf-lib reports each damaged object it skips with console.warn ("Trying to parse invalid object"), several
 * lines per page of an encrypted or broken input. Stderr carries one line per warning of ours, so library chatter
 * shows only with OCRDESK_DEBUG=1, marked as such.
 */
function quietLibraryWarnings(): () => void {
  const original = console.warn;
  console.warn = (...args: unknown[]): void => {
    if (process.env['OCRDESK_DEBUG'] === '1')
      process.stderr.write(`ocrdesk: debug: ${args.map(String).join(' ')}\n`);
  };
  return () => {
    console.warn = original;
  };
}

async function processFile(
  engine: OcrEngine,
  req: OcrRequest,
  plan: OutputPlan,
  i: number,
  scratch: string,
  bar: ProgressBar,
  warn: (line: string) => void,
  collected: unknown[],
): Promise<FileTimings> {
  const file = req.inputs[i]!;
  const t0 = performance.now();
  const name = path.basename(file);
  const of = req.inputs.length > 1 ? ` (file ${i + 1}/${req.inputs.length})` : '';
  const contents: OutputFormat[] = req.formats.filter((f): f is OutputFormat => f !== 'zip');
  const zipContents = contents.length > 0 ? contents : [...ZIP_DEFAULT_CONTENTS];
  const rendered = req.formats.includes('zip') ? [...new Set([...contents, ...zipContents])] : contents;
  const wantsPdf = rendered.includes('pdf');

  bar.update(0, 1, `${name}${of} opening`);
  const stream = await openPages(
    engine,
    file,
    req.options,
    new Set(),
    // Only the PDF needs the preprocessed pixels kept (its pages show what the boxes refer to).
    wantsPdf ? { imageDir: scratch, fileIdx: i } : undefined,
  );
  const pages: PageResult[] = [];
  const stages: Record<string, number> = {};
  bar.update(0, stream.pageCount, `${name}${of} page 1/${stream.pageCount}`);
  for await (const page of stream.pages) {
    pages.push(page);
    for (const [k, ms] of Object.entries(page.timings)) stages[k] = (stages[k] ?? 0) + ms;
    for (const w of page.warnings ?? []) warn(`${file} p${page.page}: ${w}`);
    const next = Math.min(pages.length + 1, stream.pageCount);
    bar.update(pages.length, stream.pageCount, `${name}${of} page ${next}/${stream.pageCount}`);
  }
  const recognizeMs = performance.now() - t0;
  const fileWarnings = stream.warnings?.() ?? [];
  for (const w of fileWarnings) warn(`${file}: ${w}`);
  const doc = {
    ...pagesDocument(file, stream.mediaType, pages),
    ...(fileWarnings.length > 0 && { warnings: fileWarnings }),
  };
  const pdfSources = () => [
    { file: { idx: i, name, path: file, media_type: stream.mediaType }, pages, imageDir: scratch },
  ];

  const outputsMs: Record<string, number> = {};
  const bytes = new Map<CliFormat, Uint8Array | string>();
  for (const format of rendered) {
    const t = performance.now();
    bar.update(pages.length, stream.pageCount, `${name}${of} writing ${format}`);
    const out = await renderFormat(format, doc, pdfSources, req.options);
    // The writers name the file themselves where a warning is about one page ("scan.pdf p3: ...").
    for (const w of out.warnings)
      warn(w.startsWith(`${name} p`) ? `${file}${w.slice(name.length)}` : `${file}: ${w}`);
    bytes.set(format, out.bytes);
    outputsMs[format] = performance.now() - t;
  }
  if (req.formats.includes('zip')) {
    bytes.set(
      'zip',
      zipBundle(
        zipContents.map((f) => ({ name: `${plan.baseName(i)}.${extensionOf(f)}`, bytes: bytes.get(f)! })),
      ),
    );
  }
  for (const format of req.formats) {
    const body = bytes.get(format)!;
    const target = plan.targets(i, format);
    const t = performance.now();
    if (target !== undefined) await writeFileAtomic(target, body);
    else if (format === 'json') collected.push(JSON.parse(body as string));
    else process.stdout.write(body);
    outputsMs[format] = (outputsMs[format] ?? 0) + performance.now() - t;
  }
  return {
    file,
    pages: pages.length,
    recognizeMs,
    stages,
    outputsMs,
    totalMs: performance.now() - t0,
  };
}
