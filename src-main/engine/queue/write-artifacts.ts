// A finished job's outputs: one document per format from the stored (and corrected) pages, each written
// temp → fsync → rename before it is recorded, so a recorded artifact is always whole.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import type { JobOptions, OutputFormat } from '../../../src-shared/api-schemas.ts';
import type { DocumentResult, PageResult } from '../../../src-shared/ocr-result.ts';
import { type DataPaths, jobDir, pagesDir } from '../config/paths.ts';
import {
  EXPORT_FORMATS,
  exportDocument,
  type ExportFormat,
  FORMAT_EXTENSIONS,
} from '../exports/export-document.ts';
import type { ArtifactRecord } from '../store/jobs-repo.ts';
import type { Store } from '../store/store.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { type PdfPageSource, renderSearchablePdf } from './pdf-output.ts';

/** Extension and media type per output format (the PDF's beside the exporters' own table). */
export const OUTPUT_TYPES: Record<OutputFormat, { ext: string; mediaType: string }> = {
  pdf: { ext: 'pdf', mediaType: 'application/pdf' },
  ...(Object.fromEntries(
    EXPORT_FORMATS.map((f) => [
      f,
      { ext: FORMAT_EXTENSIONS[f].extension.slice(1), mediaType: FORMAT_EXTENSIONS[f].mediaType },
    ]),
  ) as Record<ExportFormat, { ext: string; mediaType: string }>),
};

export interface RenderedOutput {
  readonly bytes: Uint8Array | string;
  readonly pdfa: string | null;
  readonly warnings: readonly string[];
}

/** Pages as the document every output is made from: pages preprocessing found blank are left out. */
export function pagesDocument(
  source: string,
  mediaType: string,
  pages: readonly PageResult[],
): DocumentResult {
  return { source, mediaType, pages: pages.filter((p) => !p.preprocess?.blank) };
}

/** The job's pages as one document: files in order, pages in order, corrections applied. */
export function jobDocument(store: Store, jobId: string): DocumentResult {
  const job = store.jobs.get(jobId);
  return pagesDocument(
    job.files.map((f) => f.name).join(', '),
    job.files[0]?.mediaType ?? 'application/octet-stream',
    store.jobs.pages(jobId).map((p) => p.result),
  );
}

/** Leaves out words under the job's confidence floor (text outputs only; boxes stay for PDFs). */
function applyMinConfidence(doc: DocumentResult, min: number): DocumentResult {
  if (min <= 0) return doc;
  return {
    ...doc,
    pages: doc.pages.map((p) => {
      const blocks = p.blocks.map((b) => ({
        ...b,
        lines: b.lines.map((l) => {
          const words = l.words.filter((w) => w.confidence >= min);
          return { ...l, words, text: words.map((w) => w.text).join(' ') };
        }),
      }));
      return { ...p, blocks, text: pageText(blocks) };
    }),
  };
}

/** Lines joined by newlines, blocks by blank lines: the page text shape of the result contract. */
export function pageText(blocks: PageResult['blocks']): string {
  return blocks.map((b) => b.lines.map((l) => l.text).join('\n')).join('\n\n');
}

export async function renderOutput(
  format: OutputFormat,
  doc: DocumentResult,
  options: JobOptions,
): Promise<RenderedOutput> {
  if (format === 'pdf') {
    throw new OcrDeskError('INVALID_ARGUMENT', 'the PDF is written from the job pages (writeArtifacts)');
  }
  // JSON keeps every word (with its confidence); the reading formats leave out what is under the floor.
  const source = format === 'json' ? doc : applyMinConfidence(doc, options.minConfidence ?? 0);
  const metadata = {
    ...(options.title !== undefined && { title: options.title }),
    ...(options.author !== undefined && { author: options.author }),
    ...(options.subject !== undefined && { subject: options.subject }),
    ...(options.keywords !== undefined && { keywords: options.keywords }),
  };
  return { bytes: await exportDocument(source, format, { metadata }), pdfa: null, warnings: [] };
}

/**
 * One output of a document: the searchable PDF from the pages of its input files (`pdfSources`, asked for only
 * when the PDF is wanted), every other format from `doc`. The job service and `ocrdesk ocr` both write through this.
 */
export async function renderFormat(
  format: OutputFormat,
  doc: DocumentResult,
  pdfSources: () => readonly PdfPageSource[],
  options: JobOptions,
): Promise<RenderedOutput> {
  return format === 'pdf' ? renderSearchablePdf(pdfSources(), options) : renderOutput(format, doc, options);
}

export function outputBaseName(store: Store, jobId: string): string {
  const job = store.jobs.get(jobId);
  const first = job.files[0]?.name ?? 'document';
  return (job.name ?? path.parse(first).name).replace(/[\\/]/g, '_') || 'document';
}

export async function writeArtifacts(
  store: Store,
  paths: DataPaths,
  jobId: string,
  formats: readonly OutputFormat[],
  /** Wins over the job's options for these outputs (an export's PDF/A level and metadata). */
  overrides: JobOptions = {},
): Promise<string[]> {
  const options = { ...store.jobs.options(jobId), ...overrides };
  const doc = jobDocument(store, jobId);
  const dir = path.join(jobDir(paths, jobId), 'output');
  await mkdir(dir, { recursive: true });
  const base = outputBaseName(store, jobId);
  const warnings: string[] = [];
  for (const format of formats) {
    const out = await renderFormat(
      format,
      doc,
      () =>
        store.jobs.files(jobId).map((file) => ({
          file,
          imageDir: pagesDir(paths, jobId),
          pages: store.jobs
            .pages(jobId)
            .filter((p) => p.fileIdx === file.idx)
            .map((p) => p.result),
        })),
      options,
    );
    const fileName = `${base}.${OUTPUT_TYPES[format].ext}`;
    const file = path.join(dir, fileName);
    await writeFileAtomic(file, out.bytes);
    const bytes = typeof out.bytes === 'string' ? Buffer.from(out.bytes) : out.bytes;
    const record: ArtifactRecord = {
      format,
      fileName,
      path: file,
      mediaType: OUTPUT_TYPES[format].mediaType,
      size: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      pdfa: out.pdfa,
      createdAt: new Date().toISOString(),
    };
    store.jobs.saveArtifact(jobId, record);
    warnings.push(...out.warnings);
  }
  return warnings;
}
