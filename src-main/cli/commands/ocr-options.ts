// `ocrdesk ocr`'s command line → the same JobOptions a job gets (checked by the API's own schema, so the CLI and
// the REST API accept and refuse alike), plus the outputs to write and where.
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  type JobOptions,
  JobOptionsSchema,
  OUTPUT_FORMATS,
  type OutputFormat,
} from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import type { OcrEngineOptions } from '../../engine/ocr/ocr-engine.ts';
import { engineOptionsFromArgs, ENGINE_ARG_OPTIONS } from './engine-args.ts';

/** A job output, or `zip`: the other chosen outputs in one ZIP. */
export type CliFormat = OutputFormat | 'zip';
export const CLI_FORMATS: readonly CliFormat[] = [...OUTPUT_FORMATS, 'zip'];

/** What a ZIP holds when it is the only format asked for: the job service's default outputs. */
export const ZIP_DEFAULT_CONTENTS: readonly OutputFormat[] = ['pdf', 'txt', 'json'];

/** Formats `-o FILE` implies by its extension when --format is not given. */
const FORMAT_BY_EXTENSION: Record<string, CliFormat> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.txt': 'txt',
  '.hocr': 'hocr',
  '.html': 'hocr',
  '.xml': 'alto',
  '.json': 'json',
  '.md': 'md',
  '.zip': 'zip',
};

/** Written as bytes; never sent to a terminal. */
export const BINARY_FORMATS: ReadonlySet<CliFormat> = new Set(['pdf', 'docx', 'zip']);

export const OCR_OPTIONS = {
  format: { type: 'string', short: 'f', multiple: true },
  output: { type: 'string', short: 'o' },
  quiet: { type: 'boolean', short: 'q', default: false },
  dpi: { type: 'string' },
  pages: { type: 'string' },
  mode: { type: 'string' },
  deskew: { type: 'boolean' },
  'auto-rotate': { type: 'boolean' },
  despeckle: { type: 'boolean' },
  binarize: { type: 'boolean' },
  'remove-blank': { type: 'string' },
  'min-confidence': { type: 'string' },
  pdfa: { type: 'string' },
  title: { type: 'string' },
  author: { type: 'string' },
  subject: { type: 'string' },
  keywords: { type: 'string' },
  'jpeg-quality': { type: 'string' },
  optimize: { type: 'string' },
  'timings-json': { type: 'string' },
  ...ENGINE_ARG_OPTIONS,
} as const;

/** The flag each JobOptions field comes from, for error messages in the user's words. */
const FLAG_OF: Partial<Record<keyof JobOptions, string>> = {
  dpi: '--dpi',
  pages: '--pages',
  mode: '--mode',
  removeBlankThreshold: '--remove-blank',
  minConfidence: '--min-confidence',
  pdfa: '--pdfa',
  title: '--title',
  author: '--author',
  subject: '--subject',
  keywords: '--keywords',
  jpegQuality: '--jpeg-quality',
  optimize: '--optimize',
};

export interface OcrRequest {
  readonly inputs: readonly string[];
  /** In the order given, each once. */
  readonly formats: readonly CliFormat[];
  readonly output: string | undefined;
  readonly options: JobOptions;
  readonly engine: OcrEngineOptions;
  readonly quiet: boolean;
  readonly timingsJson: string | undefined;
}

function number(flag: string, s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n))
    throw new OcrDeskError('INVALID_ARGUMENT', `${flag} takes a number, not '${s}'`);
  return n;
}

/** --format values: comma lists and repeats; when absent, -o FILE's extension, else JSON. */
export function parseFormats(given: readonly string[] | undefined, output: string | undefined): CliFormat[] {
  if (!given || given.length === 0) {
    const implied = output ? FORMAT_BY_EXTENSION[path.extname(output).toLowerCase()] : undefined;
    return [implied ?? 'json'];
  }
  const out: CliFormat[] = [];
  for (const f of given.flatMap((g) => g.split(','))) {
    const name = f.trim().toLowerCase();
    if (!(CLI_FORMATS as readonly string[]).includes(name))
      throw new OcrDeskError('INVALID_ARGUMENT', `unknown format '${f.trim()}' (${CLI_FORMATS.join(', ')})`);
    if (!out.includes(name as CliFormat)) out.push(name as CliFormat);
  }
  return out;
}

export function parseOcrArgs(argv: string[], usage: string): OcrRequest {
  const { values: v, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OCR_OPTIONS });
  if (positionals.length === 0) throw new OcrDeskError('INVALID_ARGUMENT', `no input files\n${usage}`);
  const formats = parseFormats(v.format, v.output);
  const raw = {
    mode: v.mode,
    pages: v.pages,
    dpi: number('--dpi', v.dpi),
    deskew: v.deskew,
    autoRotate: v['auto-rotate'],
    despeckle: v.despeckle,
    binarize: v.binarize,
    removeBlankThreshold: number('--remove-blank', v['remove-blank']),
    minConfidence: number('--min-confidence', v['min-confidence']),
    pdfa: v.pdfa,
    title: v.title,
    author: v.author,
    subject: v.subject,
    keywords: v.keywords,
    jpegQuality: number('--jpeg-quality', v['jpeg-quality']),
    optimize: v.optimize,
  };
  const parsed = JobOptionsSchema.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== undefined)),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path[0] as keyof JobOptions;
    throw new OcrDeskError('INVALID_ARGUMENT', `${FLAG_OF[key] ?? `--${String(key)}`}: ${issue.message}`, {
      option: String(key),
    });
  }
  return {
    inputs: positionals,
    formats,
    output: v.output,
    options: parsed.data,
    engine: engineOptionsFromArgs(v),
    quiet: v.quiet,
    timingsJson: v['timings-json'],
  };
}
