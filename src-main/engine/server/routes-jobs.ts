// Jobs, their pages, results, corrections and artifacts.
import { createReadStream } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  ArtifactListSchema,
  CorrectionsSchema,
  ExportRequestSchema,
  JobCreateSchema,
  JobListQuerySchema,
  JobListSchema,
  JobSchema,
  OutputFormatSchema,
  PageListSchema,
  StoredPageSchema,
  WaitQuerySchema,
} from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { zipBundle } from '../exports/zip-bundle.ts';
import { isFinal, waitForJobs } from '../queue/wait-for-jobs.ts';
import { OUTPUT_TYPES, pageText, renderOutput } from '../queue/write-artifacts.ts';
import type { ApiDeps } from './api-deps.ts';
import { readJson, readMultipart, validate } from './request-body.ts';
import {
  attachment,
  clientGone,
  IdParam,
  jobFieldsFromMultipart,
  localFile,
  markdownOfPage,
  pageAddress,
  renderPageImage,
  waitMs,
} from './route-helpers.ts';
import type { Router } from './router.ts';
import { addQueueRoutes } from './routes-queue.ts';
import { addResultRoutes } from './routes-results.ts';

export function addJobRoutes(r: Router<ApiDeps>): void {
  r.add({
    method: 'POST',
    path: '/jobs',
    tag: 'jobs',
    summary:
      'Create a job from uploaded files (multipart: file parts plus `meta` JSON or plain fields) or from local paths (JSON `paths`). 202 with the queued job (queue position, ETA). `?wait=true&timeout=S` (default 300, at most 3600) answers 200 once the job has ended, or 202 with the job as it is after S seconds. 429 with Retry-After when the queue or rate limit is reached.',
    body: JobCreateSchema,
    multipart: true,
    query: WaitQuerySchema,
    response: JobSchema,
    status: 202,
    handler: async ({ req, res, url, deps }) => {
      const wait = waitMs(url);
      // Refuse before reading the body: a full queue should not cost the upload.
      deps.service.admit();
      const type = (req.headers['content-type'] ?? '').toLowerCase();
      let job;
      if (type.startsWith('multipart/form-data')) {
        const upload = await readMultipart(req, deps.paths.incoming, deps.limits);
        const meta = jobFieldsFromMultipart(upload.fields);
        job = await deps.service
          .create({
            ...meta,
            source: 'api',
            files: [
              ...upload.files.map((f) => ({ name: f.name, path: f.path, move: true })),
              ...(meta.paths ?? []).map(localFile),
            ],
          })
          .catch(async (e: unknown) => {
            await Promise.all(upload.files.map((f) => rm(f.path, { force: true })));
            throw e;
          });
      } else {
        const body = await readJson(req, JobCreateSchema);
        job = await deps.service.create({ ...body, source: 'api', files: (body.paths ?? []).map(localFile) });
      }
      const location = { location: `${r.prefix}/jobs/${job.id}` };
      if (wait !== undefined) {
        const [done] = await waitForJobs(deps.store, deps.bus, [job.id], wait, clientGone(res));
        return { status: isFinal(done!) ? 200 : 202, json: done, headers: location };
      }
      return { status: 202, json: job, headers: location };
    },
  });
  addQueueRoutes(r);

  r.add({
    method: 'GET',
    path: '/jobs',
    tag: 'jobs',
    summary: 'List jobs with filters (status, external id, created/updated after/before), sort and paging.',
    query: JobListQuerySchema,
    response: JobListSchema,
    handler: ({ url, deps }) => {
      const q = validate(JobListQuerySchema, Object.fromEntries(url.searchParams), '(query)');
      return { json: deps.store.jobs.list(q) };
    },
  });

  r.add({
    method: 'GET',
    path: '/jobs/:id',
    tag: 'jobs',
    summary: 'One job: status, stage, progress, queue position, ETA, timings, warnings, error.',
    response: JobSchema,
    handler: ({ params, deps }) => ({ json: deps.store.jobs.get(IdParam(params['id'])) }),
  });

  r.add({
    method: 'POST',
    path: '/jobs/:id/cancel',
    tag: 'jobs',
    summary: 'Cancel a queued job now, or a running one at its next page.',
    response: JobSchema,
    handler: ({ params, deps }) => ({ json: deps.service.cancel(IdParam(params['id'])) }),
  });

  r.add({
    method: 'POST',
    path: '/jobs/:id/retry',
    tag: 'jobs',
    summary: 'Queue a failed or canceled job again; pages already done are kept.',
    response: JobSchema,
    handler: ({ params, deps }) => ({ json: deps.service.retry(IdParam(params['id'])) }),
  });

  r.add({
    method: 'DELETE',
    path: '/jobs/:id',
    tag: 'jobs',
    summary: 'Delete a job that is not running, with its stored inputs, results and outputs.',
    status: 204,
    handler: async ({ params, deps }) => {
      await deps.service.delete(IdParam(params['id']));
      return { status: 204 };
    },
  });

  r.add({
    method: 'DELETE',
    path: '/jobs/:id/files/:file',
    tag: 'jobs',
    summary:
      "Remove one input file (and its results) from a job that is not running; the job's outputs are written again on export.",
    response: JobSchema,
    handler: async ({ params, deps }) => {
      const file = Number(params['file']);
      if (!Number.isInteger(file) || file < 0)
        throw new OcrDeskError('INVALID_ARGUMENT', 'file is a 0-based index');
      return { json: await deps.service.deleteFile(IdParam(params['id']), file) };
    },
  });

  r.add({
    method: 'GET',
    path: '/jobs/:id/pages',
    tag: 'results',
    summary: 'Pages with results so far.',
    response: PageListSchema,
    handler: ({ params, deps }) => {
      const id = IdParam(params['id']);
      deps.store.jobs.get(id);
      return {
        json: {
          pages: deps.store.jobs.pages(id).map((p) => ({
            file: p.fileIdx,
            page: p.pageNo,
            width: p.result.width,
            height: p.result.height,
            words: p.result.blocks.reduce((n, b) => n + b.lines.reduce((m, l) => m + l.words.length, 0), 0),
            corrected: p.corrected,
            rotation: p.result.rotation,
          })),
        },
      };
    },
  });

  r.add({
    method: 'GET',
    path: '/jobs/:id/files/:file/pages/:page',
    tag: 'results',
    summary: 'One page result: blocks, lines and words with boxes and confidences, its text and Markdown.',
    response: StoredPageSchema,
    handler: ({ params, deps }) => {
      const a = pageAddress(params);
      const p = deps.store.jobs.page(a.id, a.file, a.page);
      return {
        json: { file: a.file, corrected: p.corrected, result: p.result, markdown: markdownOfPage(p.result) },
      };
    },
  });

  r.add({
    method: 'GET',
    path: '/jobs/:id/files/:file/pages/:page/image',
    tag: 'results',
    summary:
      'The page image the boxes refer to (JPEG); `?maxWidth=` scales it down for thumbnails, `?annotate=true` draws the word boxes coloured by confidence.',
    produces: 'image/jpeg',
    handler: async ({ params, url, deps }) => {
      const a = pageAddress(params);
      const maxWidth = Number(url.searchParams.get('maxWidth') ?? 0) || undefined;
      const body = await renderPageImage(deps, a, url.searchParams.get('annotate') === 'true', maxWidth);
      return { body, headers: { 'content-type': 'image/jpeg', 'cache-control': 'private, max-age=3600' } };
    },
  });

  r.add({
    method: 'GET',
    path: '/jobs/:id/files/:file',
    tag: 'jobs',
    summary: 'The original input file as it was uploaded (or read from its path), bytes unchanged.',
    produces: 'application/octet-stream',
    handler: async ({ params, deps }) => {
      const id = IdParam(params['id']);
      const idx = Number(params['file']);
      const file = deps.store.jobs.files(id).find((f) => f.idx === idx);
      if (!file) {
        deps.store.jobs.get(id);
        throw new OcrDeskError('NOT_FOUND', `job ${id} has no file ${params['file'] ?? ''}`);
      }
      const st = await stat(file.path);
      return {
        body: createReadStream(file.path),
        headers: {
          'content-type': file.media_type ?? 'application/octet-stream',
          'content-length': String(st.size),
          'content-disposition': attachment(file.name),
          'x-content-sha256': file.sha256,
        },
      };
    },
  });
  addResultRoutes(r);

  r.add({
    method: 'PUT',
    path: '/jobs/:id/files/:file/pages/:page/corrections',
    tag: 'results',
    summary:
      "Correct word texts on a page; the job's outputs are written again shortly after, and every later export and download uses the corrected text.",
    body: CorrectionsSchema,
    response: StoredPageSchema,
    handler: async ({ req, params, deps }) => {
      const a = pageAddress(params);
      const body = await readJson(req, CorrectionsSchema);
      const stored = deps.store.jobs.page(a.id, a.file, a.page);
      const result = structuredClone(stored.result);
      for (const c of body.words) {
        const line = result.blocks[c.block]?.lines[c.line];
        const word = line?.words[c.word];
        if (!line || !word) {
          throw new OcrDeskError(
            'VALIDATION_FAILED',
            `no word at block ${c.block}, line ${c.line}, word ${c.word}`,
            c,
          );
        }
        word.text = c.text;
        word.confidence = 1;
        line.text = line.words.map((w) => w.text).join(' ');
      }
      result.text = pageText(result.blocks);
      deps.store.jobs.saveCorrection(a.id, a.file, a.page, result);
      deps.artifactRefresh.corrected(a.id);
      deps.bus.publish('job.progress', a.id);
      return { json: { file: a.file, corrected: true, result, markdown: markdownOfPage(result) } };
    },
  });

  r.add({
    method: 'GET',
    path: '/jobs/:id/text',
    tag: 'results',
    summary: 'The whole text in reading order (corrections applied), pages separated by form feeds.',
    produces: 'text/plain',
    handler: async ({ params, deps }) => {
      const id = IdParam(params['id']);
      const out = await renderOutput('txt', deps.jobDocument(id), deps.store.jobs.options(id));
      return { body: out.bytes, headers: { 'content-type': 'text/plain; charset=utf-8' } };
    },
  });

  r.add({
    method: 'GET',
    path: '/jobs/:id/artifacts',
    tag: 'artifacts',
    summary: 'Outputs written for the job (written again first where a correction came after them).',
    response: ArtifactListSchema,
    handler: async ({ params, deps }) => {
      const id = IdParam(params['id']);
      deps.store.jobs.get(id);
      await deps.artifactRefresh.fresh(id);
      return { json: { artifacts: deps.store.jobs.artifacts(id).map(({ path: _p, ...a }) => a) } };
    },
  });

  r.add({
    method: 'POST',
    path: '/jobs/:id/artifacts',
    tag: 'artifacts',
    summary:
      'Write (again) outputs of a finished job in the given formats, e.g. after corrections; `options` sets the PDF/A level and the document metadata (title, author, subject, keywords) of these outputs.',
    body: ExportRequestSchema,
    response: ArtifactListSchema,
    handler: async ({ req, params, deps }) => {
      const id = IdParam(params['id']);
      const body = await readJson(req, ExportRequestSchema);
      const job = deps.store.jobs.get(id);
      if (job.status !== 'completed')
        throw new OcrDeskError('CONFLICT', `job ${id} is ${job.status}, not completed`);
      const warnings = await deps.writeArtifacts(id, body.formats, body.options);
      deps.store.jobs.addWarnings(id, warnings);
      return { json: { artifacts: deps.store.jobs.artifacts(id).map(({ path: _p, ...a }) => a) } };
    },
  });

  r.add({
    method: 'GET',
    path: '/jobs/:id/artifacts/:format',
    tag: 'artifacts',
    summary:
      "Download one output (pdf, txt, json, hocr, alto, md, docx), or `zip` for all of them; `zip?images=annotated` adds each page's image with its word boxes drawn (`page-<file>-<page>.jpg`, as DotsOCR's download has; `images=plain` without boxes).",
    produces: 'application/octet-stream',
    handler: async ({ params, url, deps }) => {
      const id = IdParam(params['id']);
      const format = params['format'] ?? '';
      await deps.artifactRefresh.fresh(id);
      const artifacts = deps.store.jobs.artifacts(id);
      if (format === 'zip') {
        if (artifacts.length === 0) throw new OcrDeskError('NOT_FOUND', `job ${id} has no outputs yet`);
        const images = url.searchParams.get('images');
        if (images !== null && images !== 'annotated' && images !== 'plain') {
          throw new OcrDeskError('VALIDATION_FAILED', 'images is annotated or plain', { images });
        }
        const entries = [];
        for (const a of artifacts) entries.push({ name: a.fileName, bytes: await readFile(a.path) });
        if (images !== null) {
          // One page at a time: the archive holds JPEGs, never more than one decoded page.
          for (const p of deps.store.jobs.pages(id)) {
            const bytes = await renderPageImage(
              deps,
              { id, file: p.fileIdx, page: p.pageNo },
              images === 'annotated',
            );
            entries.push({ name: `page-${p.fileIdx}-${p.pageNo}.jpg`, bytes });
          }
        }
        const job = deps.store.jobs.get(id);
        const name = `${path.parse(artifacts[0]!.fileName).name}.zip`;
        return {
          body: zipBundle(entries),
          headers: {
            'content-type': 'application/zip',
            'content-disposition': attachment(name),
            'x-job-status': job.status,
          },
        };
      }
      const a = artifacts.find((x) => x.format === format);
      if (!a) {
        if (!OutputFormatSchema.safeParse(format).success) {
          throw new OcrDeskError('INVALID_ARGUMENT', `unknown format '${format}'`, {
            formats: Object.keys(OUTPUT_TYPES),
          });
        }
        throw new OcrDeskError('NOT_FOUND', `job ${id} has no ${format} output`, { format });
      }
      const st = await stat(a.path);
      return {
        body: createReadStream(a.path),
        headers: {
          'content-type': a.mediaType,
          'content-length': String(st.size),
          'content-disposition': attachment(a.fileName),
        },
      };
    },
  });
}
