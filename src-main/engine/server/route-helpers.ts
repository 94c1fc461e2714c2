// Pieces the job routes share: reading job fields from a form, synchronous waits, page addresses and images,
// download headers.
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { JobCreateSchema, WaitQuerySchema, type JobCreate } from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import type { PageResult } from '../../../src-shared/ocr-result.ts';
import { pagesDir } from '../config/paths.ts';
import { exportMarkdown } from '../exports/markdown.ts';
import { changedPixels, processedImagePath } from '../queue/page-source.ts';
import type { ApiDeps } from './api-deps.ts';
import { pageImage } from './page-image.ts';
import { validate } from './request-body.ts';

export const IdParam = (id: string | undefined): string => id ?? '';

/** Multipart fields: either one `meta` JSON part, or plain fields with `options` as JSON. */
export function jobFieldsFromMultipart(fields: Record<string, string>): JobCreate {
  const parseJson = (name: string, text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      throw new OcrDeskError('INVALID_ARGUMENT', `multipart field '${name}' is not valid JSON`);
    }
  };
  if (fields['meta'] !== undefined) return validate(JobCreateSchema, parseJson('meta', fields['meta']));
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'options') raw[k] = parseJson(k, v);
    else if (k === 'priority') raw[k] = Number(v);
    else if (k === 'useCache' || k === 'start') raw[k] = v === 'true' || v === '1';
    else if (k === 'outputs') raw['options'] = { ...(raw['options'] as object), outputs: v.split(',') };
    else raw[k] = v;
  }
  return validate(JobCreateSchema, raw);
}

export function pageAddress(params: Readonly<Record<string, string>>): {
  id: string;
  file: number;
  page: number;
} {
  const file = Number(params['file']);
  const page = Number(params['page']);
  if (!Number.isInteger(file) || file < 0 || !Number.isInteger(page) || page < 1) {
    throw new OcrDeskError('INVALID_ARGUMENT', 'file is a 0-based index and page a 1-based number');
  }
  return { id: IdParam(params['id']), file, page };
}

export function markdownOfPage(result: PageResult): string {
  return exportMarkdown({ source: '', mediaType: '', pages: [result] });
}

/** `?wait=true[&timeout=S]`: how long a synchronous caller waits (undefined: answer at once). */
export function waitMs(url: URL): number | undefined {
  const q = validate(WaitQuerySchema, Object.fromEntries(url.searchParams), '(query)');
  return q.wait === 'true' ? (q.timeout ?? 300) * 1000 : undefined;
}

/** Aborts when the client goes away before its answer is written (a synchronous wait then stops waiting). */
export function clientGone(res: ServerResponse): AbortSignal {
  const ac = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) ac.abort();
  });
  return ac.signal;
}

/** A page's image as JPEG (the pixels its boxes refer to), optionally with its word boxes drawn. */
export async function renderPageImage(
  deps: ApiDeps,
  a: { id: string; file: number; page: number },
  annotate: boolean,
  maxWidth?: number,
): Promise<Buffer> {
  const file = deps.store.jobs.files(a.id).find((f) => f.idx === a.file);
  if (!file) throw new OcrDeskError('NOT_FOUND', `job ${a.id} has no file ${a.file}`);
  const stored = deps.store.jobs.donePages(a.id, a.file).has(a.page)
    ? deps.store.jobs.page(a.id, a.file, a.page).result
    : undefined;
  const processed = changedPixels(stored?.preprocess)
    ? processedImagePath(pagesDir(deps.paths, a.id), a.file, a.page)
    : undefined;
  const options = deps.store.jobs.options(a.id);
  const pdfDpi = file.media_type === 'application/pdf' ? (stored?.dpi ?? options.dpi ?? 300) : undefined;
  return pageImage(file.path, a.page, options, maxWidth, annotate ? stored : undefined, processed, pdfDpi);
}

export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function localFile(p: string): { name: string; path: string } {
  if (!path.isAbsolute(p))
    throw new OcrDeskError('VALIDATION_FAILED', `paths must be absolute: ${p}`, { path: p });
  return { name: path.basename(p), path: p };
}
