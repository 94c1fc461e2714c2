// The two engines of the PDF leg on the same input PDFs: OCR Desk through its CLI (one process for every PDF, so
// the models load once) and OCRmyPDF (Debian's, Tesseract underneath) one process per PDF with --jobs 2.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PdfInput } from './pdf-inputs.ts';
import { runTreeMeasured } from './pdf-measure.ts';

export type PdfaLevel = '1b' | '2b';
export type OptimizeLevel = 'none' | 'lossless' | 'lossy';

export interface PdfEngineRun {
  readonly engine: 'ocrdesk' | 'ocrmypdf';
  /** Names this run's folders: `ocrdesk-2b-lossy`, `ocrmypdf-2b`. */
  readonly id: string;
  /** OCR Desk's --optimize level; undefined for OCRmyPDF (its default, -O1). */
  readonly optimize?: OptimizeLevel;
  readonly label: string;
  readonly level: PdfaLevel;
  /** Output file by input name; absent where the engine wrote none. */
  readonly outputs: ReadonlyMap<string, string>;
  /** Wall seconds by input name (OCR Desk: its per-file time from --timings-json; OCRmyPDF: its process). */
  readonly fileSeconds: ReadonlyMap<string, number>;
  /** Every process together, by wall clock (OCR Desk: start-up and model loading included). */
  readonly wallS: number;
  readonly peakTreeRssMb: number | null;
  readonly peakProcessRssMb: number | null;
  readonly load: [number, number];
  readonly failures: readonly string[];
  readonly notes: readonly string[];
}

export const OCRMYPDF_INSTALL_HINT = 'apt-get install ocrmypdf';

export function ocrmypdfVersion(): string | null {
  const r = spawnSync('ocrmypdf', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function sizeOf(f: string): number | undefined {
  return existsSync(f) ? statSync(f).size : undefined;
}

interface CliTimings {
  engineLoadMs: number;
  files: Array<{ file: string; pages: number; totalMs: number; stages: Record<string, number> }>;
}

export async function runOcrDeskPdfs(
  repoRoot: string,
  inputs: readonly PdfInput[],
  outDir: string,
  level: PdfaLevel,
  optimize: OptimizeLevel,
  threads?: number,
): Promise<PdfEngineRun> {
  const id = `ocrdesk-${level}-${optimize}`;
  const dir = path.join(outDir, id);
  mkdirSync(dir, { recursive: true });
  const timingsFile = path.join(outDir, `${id}.timings.json`);
  const args = [
    path.join(repoRoot, 'bin/ocrdesk.mjs'),
    'ocr',
    ...inputs.map((i) => i.file),
    '-o',
    dir,
    '--format',
    'pdf',
    '--pdfa',
    level,
    '--optimize',
    optimize,
    '--timings-json',
    timingsFile,
    ...(threads === undefined ? [] : ['--threads', String(threads)]),
  ];
  const m = await runTreeMeasured(process.execPath, args, { stderr: 'pipe' });
  const outputs = new Map<string, string>();
  const fileSeconds = new Map<string, number>();
  const timings = existsSync(timingsFile)
    ? (JSON.parse(readFileSync(timingsFile, 'utf8')) as CliTimings)
    : undefined;
  for (const i of inputs) {
    const f = path.join(dir, `${i.name}.pdf`);
    if (sizeOf(f)) outputs.set(i.name, f);
    const t = timings?.files.find((x) => x.file === i.file);
    if (t) fileSeconds.set(i.name, t.totalMs / 1000);
  }
  const notes: string[] = [];
  if (timings) {
    const pages = timings.files.reduce((a, f) => a + f.pages, 0);
    const stages: Record<string, number> = {};
    for (const f of timings.files)
      for (const [k, v] of Object.entries(f.stages)) stages[k] = (stages[k] ?? 0) + v;
    const perPage = Object.entries(stages)
      .filter(([k]) => k !== 'totalMs')
      .map(([k, v]) => `${k.replace(/Ms$/, '')} ${(v / 1000 / pages).toFixed(2)}`)
      .join(', ');
    notes.push(
      `OCR Desk ${level} ${optimize} stages, s/page: ${perPage}; model loading ${(timings.engineLoadMs / 1000).toFixed(1)} s once`,
    );
  }
  const warnings = m.stderr
    .split('\n')
    .filter((l) => l.startsWith('ocrdesk: warning:') || l.startsWith('ocrdesk: error'));
  return {
    engine: 'ocrdesk',
    id,
    optimize,
    label: `OCR Desk --pdfa ${level} --optimize ${optimize}${threads === undefined ? '' : ` --threads ${threads}`}`,
    level,
    outputs,
    fileSeconds,
    wallS: m.wallS,
    peakTreeRssMb: m.peakTreeRssMb,
    peakProcessRssMb: m.peakProcessRssMb,
    load: m.load,
    failures: [
      ...(m.code === 0 ? [] : [`CLI exited ${m.code ?? m.signal}`]),
      ...inputs.filter((i) => !outputs.has(i.name)).map((i) => `${i.name}: no output`),
    ],
    notes: [...notes, ...warnings.slice(0, 5)],
  };
}

export async function runOcrmypdf(
  inputs: readonly PdfInput[],
  outDir: string,
  level: PdfaLevel,
  version: string,
): Promise<PdfEngineRun> {
  const dir = path.join(outDir, `ocrmypdf-${level}`);
  mkdirSync(dir, { recursive: true });
  const outputs = new Map<string, string>();
  const fileSeconds = new Map<string, number>();
  const failures: string[] = [];
  let wallS = 0;
  let tree: number | null = null;
  let proc: number | null = null;
  let load: [number, number] | undefined;
  // `pdfa` is OCRmyPDF's default PDF/A-2b; `pdfa-1` is the level Preflight can check.
  const type = level === '1b' ? 'pdfa-1' : 'pdfa';
  for (const i of inputs) {
    const f = path.join(dir, `${i.name}.pdf`);
    const m = await runTreeMeasured('ocrmypdf', ['--output-type', type, '--jobs', '2', i.file, f]);
    wallS += m.wallS;
    fileSeconds.set(i.name, m.wallS);
    const max = (a: number | null, b: number | null): number | null => (b === null ? a : Math.max(a ?? 0, b));
    tree = max(tree, m.peakTreeRssMb);
    proc = max(proc, m.peakProcessRssMb);
    load = load ? [load[0], m.load[1]] : m.load;
    if (m.code === 0 && sizeOf(f)) outputs.set(i.name, f);
    else failures.push(`${i.name}: exit ${m.code ?? m.signal}: ${m.stderr.trim().split('\n').pop() ?? ''}`);
  }
  return {
    engine: 'ocrmypdf',
    id: `ocrmypdf-${level}`,
    label: `OCRmyPDF ${version} --output-type ${type} --jobs 2`,
    level,
    outputs,
    fileSeconds,
    wallS,
    peakTreeRssMb: tree,
    peakProcessRssMb: proc,
    load: load ?? [0, 0],
    failures,
    notes: [],
  };
}
