// OCR Desk through its CLI: ONE child process for all images (models load once), JSON per input.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DocumentResult } from '../src-shared/ocr-result.ts';
import type { EvalImage } from './eval-set.ts';
import { runMeasured, type Measured } from './run-measured.ts';
import type { PredictionJson } from './score.ts';

export interface ScorerPrediction extends PredictionJson {
  words: Array<{ text: string; box: number[] }>;
  lines: Array<{ text: string; box: number[] }>;
  text: string;
}

/** Page 1 of a DocumentResult in the scorer's shape: every word of every line, every line, the page text. */
export function documentToPrediction(doc: DocumentResult): ScorerPrediction | undefined {
  const page = doc.pages[0];
  if (!page) return undefined;
  const lines = page.blocks.flatMap((b) => b.lines);
  return {
    words: lines.flatMap((l) => l.words.map((w) => ({ text: w.text, box: [...w.box] }))),
    lines: lines.map((l) => ({ text: l.text, box: [...l.box] })),
    text: page.text,
  };
}

export interface OcrDeskRun extends Measured {
  /** By image id; undefined where the CLI wrote nothing (scored as an empty prediction, like score.py). */
  predictions: Map<string, ScorerPrediction | undefined>;
  /** Page 1's timings.totalMs in seconds, by image id (excludes model loading). */
  pageSeconds: Map<string, number>;
  /** The --timings-json file's content when the CLI supports that option. */
  timingsJson: unknown;
}

/** Whether the CLI's usage text mentions an option (it rejects unknown options). */
function cliSupports(cli: string, option: string): boolean {
  const r = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.includes(option);
}

export async function runOcrDesk(
  repoRoot: string,
  images: readonly EvalImage[],
  outDir: string,
): Promise<OcrDeskRun> {
  const cli = path.join(repoRoot, 'bin/ocrdesk.mjs');
  if (!existsSync(cli)) throw new Error(`no CLI at ${cli}`);
  const stems = new Map<string, string>();
  for (const e of images) {
    const seen = stems.get(e.stem);
    if (seen)
      throw new Error(
        `two images share the stem '${e.stem}' (${seen}, ${e.image}); the CLI names outputs by stem`,
      );
    stems.set(e.stem, e.image);
  }
  const rawDir = path.join(outDir, 'ocrdesk-raw');
  mkdirSync(rawDir, { recursive: true }); // an existing directory: -o is a folder even for one input
  const timingsFile = path.join(outDir, 'ocrdesk-timings.json');
  const timingsArgs = cliSupports(cli, '--timings-json') ? ['--timings-json', timingsFile] : [];
  const m = await runMeasured(
    process.execPath,
    [cli, 'ocr', ...images.map((e) => e.image), '--format', 'json', '-o', rawDir, ...timingsArgs],
    { stderr: 'inherit' },
  );
  const predictions = new Map<string, ScorerPrediction | undefined>();
  const pageSeconds = new Map<string, number>();
  for (const e of images) {
    const f = path.join(rawDir, `${e.stem}.json`);
    const doc = existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as DocumentResult) : undefined;
    predictions.set(e.id, doc && documentToPrediction(doc));
    const ms = doc?.pages[0]?.timings.totalMs;
    if (ms !== undefined) pageSeconds.set(e.id, ms / 1000);
  }
  const timingsJson: unknown = existsSync(timingsFile)
    ? JSON.parse(readFileSync(timingsFile, 'utf8'))
    : undefined;
  return { ...m, predictions, pageSeconds, timingsJson };
}
