// A finished job's outputs: one document per format from the stored (and corrected) pages, each written
// temp → fsync → rename before it is recorded, so a recorded artifact is always whole.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { JobOptions, OutputFormat } from '../../../src-shared/api-schemas.ts';
import type { DocumentResult } from '../../../src-shared/ocr-result.ts';
import { type DataPaths, jobDir } from '../config/paths.ts';
import { documentText } from '../recognize-document.ts';
import type { ArtifactRecord } from '../store/jobs-repo.ts';
import type { Store } from '../store/store.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';

export const OUTPUT_TYPES: Record<OutputFormat, { ext: string; mediaType: string }> = {
  pdf: { ext: 'pdf', mediaType: 'application/pdf' },
  txt: { ext: 'txt', mediaType: 'text/plain; charset=utf-8' },
  json: { ext: 'json', mediaType: 'application/json' },
  hocr: { ext: 'hocr', mediaType: 'text/html; charset=utf-8' },
  alto: { ext: 'alto.xml', mediaType: 'application/xml' },
  md: { ext: 'md', mediaType: 'text/markdown; charset=utf-8' },
  docx: {
    ext: 'docx',
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
};

export interface RenderedOutput {
  readonly bytes: Uint8Array | string;
  readonly pdfa: string | null;
  readonly warnings: readonly string[];
}

/** The job's pages as one document: files in order, pages in order, corrections applied. */
export function jobDocument(store: Store, jobId: string): DocumentResult {
  const job = store.jobs.get(jobId);
  const pages = store.jobs.pages(jobId).map((p) => p.result);
  return {
    source: job.files.map((f) => f.name).join(', '),
    mediaType: job.files[0]?.mediaType ?? 'application/octet-stream',
    pages,
  };
}

/** Leaves out words under the job's confidence floor (text outputs only; boxes stay for PDFs). */
function applyMinConfidence(doc: DocumentResult, min: number): DocumentResult {
  if (min <= 0) return doc;
  return {
    ...doc,
    pages: doc.pages.map((p) => ({
      ...p,
      blocks: p.blocks.map((b) => ({
        ...b,
        lines: b.lines.map((l) => {
          const words = l.words.filter((w) => w.confidence >= min);
          return { ...l, words, text: words.map((w) => w.text).join(' ') };
        }),
      })),
    })),
  };
}

export async function renderOutput(
  format: OutputFormat,
  doc: DocumentResult,
  options: JobOptions,
): Promise<RenderedOutput> {
  const filtered = applyMinConfidence(doc, options.minConfidence ?? 0);
  switch (format) {
    case 'txt':
      return { bytes: documentText(filtered), pdfa: null, warnings: [] };
    case 'json':
      return { bytes: `${JSON.stringify(doc, null, 1)}\n`, pdfa: null, warnings: [] };
    default:
      return Promise.reject(new Error(`output format ${format} is not wired yet`));
  }
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
): Promise<string[]> {
  const options = store.jobs.options(jobId);
  const doc = jobDocument(store, jobId);
  const dir = path.join(jobDir(paths, jobId), 'output');
  await mkdir(dir, { recursive: true });
  const base = outputBaseName(store, jobId);
  const warnings: string[] = [];
  for (const format of formats) {
    const out = await renderOutput(format, doc, options);
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
