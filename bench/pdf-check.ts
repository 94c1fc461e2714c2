// What the PDF leg reads back from each output with outside tools: the text layer (poppler's pdftotext, words with
// boxes, scored like any prediction), the PDF/A verdict (PDFBox Preflight through ../shared/tools/pdfa-check), and
// how each page image is encoded (pdfimages -list), to tell a kept image from a re-encoded one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { PredictionJson } from './score.ts';

function run(cmd: string, args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error?.message || '') };
}

export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * Page `page` of a PDF as a scorer prediction: pdftotext's words with their boxes mapped from points to the pixels
 * of the page image (`pixelWidth` wide: the ground truth's coordinates), and the -raw text as the engine's order.
 */
export function textLayerPrediction(file: string, page: number, pixelWidth: number): PredictionJson {
  const range = ['-f', String(page), '-l', String(page)];
  const bbox = run('pdftotext', ['-raw', '-bbox', ...range, file, '-']);
  if (bbox.status !== 0) throw new Error(`pdftotext -bbox ${file}: ${bbox.stderr.trim()}`);
  const widthPt = Number(/<page width="([\d.]+)"/.exec(bbox.stdout)?.[1]);
  const k = widthPt > 0 ? pixelWidth / widthPt : 1;
  const words = [
    ...bbox.stdout.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    ),
  ].map((m) => ({
    text: unescape(m[5]!),
    box: [Number(m[1]) * k, Number(m[2]) * k, Number(m[3]) * k, Number(m[4]) * k],
  }));
  const raw = run('pdftotext', ['-raw', '-enc', 'UTF-8', ...range, file, '-']);
  return { words, text: raw.stdout.replace(/\f/g, '') };
}

export interface PdfaVerdict {
  readonly pass: boolean;
  /** Distinct Preflight error lines ("7.11.2 : Error on MetaData, part must be 1"), empty on PASS. */
  readonly errors: readonly string[];
}

/** Why Preflight cannot run here, or '' when it can. */
export function pdfaCheckMissing(tool: string): string {
  if (!existsSync(tool)) return `${tool} not found (../shared/tools beside the checkout)`;
  if (!hasCommand('java'))
    return 'java not installed (apt-get install default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java)';
  return '';
}

/** PDFBox Preflight's PDF/A-1b verdict per file. */
export function pdfaVerdicts(tool: string, files: readonly string[]): Map<string, PdfaVerdict> {
  const out = new Map<string, PdfaVerdict>();
  for (const f of files) {
    const r = run(tool, [f]);
    const lines = r.stdout.split('\n');
    const head = lines[0] ?? '';
    const errors = lines
      .slice(1)
      .map((l) => l.trim())
      .filter(Boolean);
    const pass = head.startsWith('PASS');
    // FAIL lists Preflight's errors; anything else (ERROR: it could not judge) is itself the error.
    out.set(f, { pass, errors: pass ? [] : head.startsWith('FAIL') ? errors : [head, ...errors] });
  }
  return out;
}

/** Page and `enc` column of pdfimages -list (image, jpeg, jbig2, ccitt, jpx, ...), one entry per image. */
export function imageEncodings(file: string): Array<{ page: number; enc: string }> {
  const r = run('pdfimages', ['-list', file]);
  if (r.status !== 0) return [];
  return r.stdout
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/))
    .filter((c) => c.length > 8)
    .map((c) => ({ page: Number(c[0]), enc: c[8]! }));
}
