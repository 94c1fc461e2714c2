// Tesseract as the peer engine: one process per image, `tesseract IMG stdout tsv`, parsed to the scorer's shape.
import { spawnSync } from 'node:child_process';
import type { Box } from './boxes.ts';
import { runMeasured, type Measured } from './run-measured.ts';

export const TESSERACT_INSTALL_HINT = 'install with: apt-get install tesseract-ocr tesseract-ocr-eng';

export interface TesseractWord {
  text: string;
  box: Box;
  /** Tesseract's word confidence scaled to 0..1. */
  conf: number;
}
export interface TesseractPrediction {
  words: TesseractWord[];
  lines: Array<{ text: string; box: Box }>;
  /** Lines joined with \n in Tesseract's order. */
  text: string;
}

/** "5.3.0", or null when no `tesseract` is on PATH. */
export function tesseractVersion(): string | null {
  const r = spawnSync('tesseract', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return /tesseract\s+v?(\S+)/i.exec(`${r.stdout}${r.stderr}`)?.[1] ?? 'unknown';
}

/** Level-5 rows of Tesseract's TSV as words; lines grouped by block/paragraph/line numbers, box = union. */
export function parseTesseractTsv(tsv: string): TesseractPrediction {
  const words: TesseractWord[] = [];
  const lines = new Map<string, { words: string[]; box: Box }>();
  for (const row of tsv.split('\n').slice(1)) {
    const f = row.replace(/\r$/, '').split('\t');
    const text = f[11]?.trim();
    if (f.length < 12 || f[0] !== '5' || !text) continue;
    const [l, t, w, h, conf] = [f[6], f[7], f[8], f[9], f[10]].map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const box: Box = [l, t, l + w, t + h];
    words.push({ text, box, conf: conf / 100 });
    const key = `${f[1]}/${f[2]}/${f[3]}/${f[4]}`;
    const line = lines.get(key);
    if (!line) lines.set(key, { words: [text], box: [...box] });
    else {
      line.words.push(text);
      line.box = [
        Math.min(line.box[0], box[0]),
        Math.min(line.box[1], box[1]),
        Math.max(line.box[2], box[2]),
        Math.max(line.box[3], box[3]),
      ];
    }
  }
  const out = [...lines.values()].map((l) => ({ text: l.words.join(' '), box: l.box }));
  return { words, lines: out, text: out.map((l) => l.text).join('\n') };
}

export interface TesseractRun extends Measured {
  prediction: TesseractPrediction;
}

/** OCR one image with Tesseract (English, default page segmentation); env can set OMP_THREAD_LIMIT. */
export async function runTesseract(
  image: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TesseractRun> {
  let m: Measured;
  try {
    m = await runMeasured('tesseract', [image, 'stdout', '-l', 'eng', 'tsv'], { env });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`tesseract not found; ${TESSERACT_INSTALL_HINT}`, { cause: e });
    throw e;
  }
  if (m.code !== 0) throw new Error(`tesseract ${image} exited ${m.code ?? m.signal}: ${m.stderr.trim()}`);
  return { ...m, prediction: parseTesseractTsv(m.stdout) };
}

/** Why Tesseract cannot run here, or null when it can. */
export function tesseractMissing(): string | null {
  return tesseractVersion() === null ? `tesseract not found; ${TESSERACT_INSTALL_HINT}` : null;
}

export interface TesseractSetRun {
  /** Wall clock over the whole set. */
  wallS: number;
  runs: Map<string, TesseractRun>;
  failures: string[];
}

/** OCR every image with `parallel` Tesseract processes at a time. */
export async function runTesseractSet(
  images: ReadonlyArray<{ id: string; image: string }>,
  parallel: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TesseractSetRun> {
  const runs = new Map<string, TesseractRun>();
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let k = next++; k < images.length; k = next++) {
      const e = images[k]!;
      try {
        runs.set(e.id, await runTesseract(e.image, env));
      } catch (err) {
        failures.push(`${e.id}: ${(err as Error).message}`);
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: parallel }, worker));
  return { wallS: (performance.now() - t0) / 1000, runs, failures };
}
