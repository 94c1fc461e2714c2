// The queue beyond single jobs: batch uploads with a status per file, changing and starting jobs after creation,
// server load, and the result cache.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  AddFilesSchema,
  BatchResultSchema,
  CachePurgedSchema,
  JobCreateSchema,
  JobPatchSchema,
  JobSchema,
  StatsSchema,
  WaitQuerySchema,
  type BatchResult,
  type Job,
  type JobCreate,
} from '../../../src-shared/api-schemas.ts';
import { isOcrDeskError, OcrDeskError, toErrorBody } from '../../../src-shared/errors.ts';
import { isFinal, waitForJobs } from '../queue/wait-for-jobs.ts';
import type { ApiDeps } from './api-deps.ts';
import { readJson, readMultipart } from './request-body.ts';
import type { Router } from './router.ts';
import { clientGone, IdParam, jobFieldsFromMultipart, localFile, waitMs } from './route-helpers.ts';

/** Where the stats average throughput: long enough to smooth page-to-page noise, short enough to show a stall. */
const STATS_WINDOW_MS = 10 * 60_000;

export function addQueueRoutes(r: Router<ApiDeps>): void {
  r.add({
    method: 'POST',
    path: '/jobs/batch',
    tag: 'jobs',
    summary:
      'One job per uploaded file (multipart `file` parts, the same `meta` for all) or per path (JSON `paths`). A file that cannot be taken is reported with its error while the others go on. `?wait=true&timeout=S` answers 200 once every job has ended, 202 before.',
    body: JobCreateSchema,
    multipart: true,
    query: WaitQuerySchema,
    response: BatchResultSchema,
    handler: async ({ req, res, url, deps }) => {
      const wait = waitMs(url);
      deps.service.admit();
      const type = (req.headers['content-type'] ?? '').toLowerCase();
      let meta: JobCreate;
      const inputs: Array<{ name: string; path: string; move?: boolean }> = [];
      if (type.startsWith('multipart/form-data')) {
        const upload = await readMultipart(req, deps.paths.incoming, deps.limits);
        try {
          meta = jobFieldsFromMultipart(upload.fields);
        } catch (e) {
          await Promise.all(upload.files.map((f) => rm(f.path, { force: true })));
          throw e;
        }
        inputs.push(...upload.files.map((f) => ({ name: f.name, path: f.path, move: true })));
      } else {
        meta = await readJson(req, JobCreateSchema);
      }
      for (const p of meta.paths ?? []) inputs.push({ name: path.basename(p), path: p });
      const { paths: _paths, ...fields } = meta;
      if (inputs.length === 0) throw new OcrDeskError('VALIDATION_FAILED', 'a batch needs at least one file');
      const results: BatchResult['results'] = [];
      for (const [index, input] of inputs.entries()) {
        try {
          if (!path.isAbsolute(input.path)) {
            throw new OcrDeskError('VALIDATION_FAILED', `paths must be absolute: ${input.path}`);
          }
          const job = await deps.service.create({ ...fields, source: 'api', files: [input] });
          results.push({ index, fileName: input.name, status: job.status, job, error: null });
        } catch (e) {
          if (input.move) await rm(input.path, { force: true });
          if (!isOcrDeskError(e)) throw e;
          results.push({
            index,
            fileName: input.name,
            status: 'rejected',
            job: null,
            error: toErrorBody(e).error,
          });
        }
      }
      const ids = results.flatMap((x) => (x.job ? [x.job.id] : []));
      let jobs: Job[] = results.flatMap((x) => (x.job ? [x.job] : []));
      if (wait !== undefined && ids.length > 0) {
        jobs = await waitForJobs(deps.store, deps.bus, ids, wait, clientGone(res));
        const byId = new Map(jobs.map((j) => [j.id, j]));
        for (const x of results) {
          const j = x.job && byId.get(x.job.id);
          if (j) {
            x.job = j;
            x.status = j.status;
          }
        }
      }
      const accepted = ids.length;
      return {
        status: jobs.every(isFinal) ? 200 : 202,
        json: { total: results.length, accepted, rejected: results.length - accepted, results },
      };
    },
  });

  r.add({
    method: 'PATCH',
    path: '/jobs/:id',
    tag: 'jobs',
    summary:
      'Change a job after creation: name, externalId and priority at any time; hold (`held`) or schedule (`notBefore`) while it is queued; options while none of its pages has been read (merged over the current ones).',
    body: JobPatchSchema,
    response: JobSchema,
    handler: async ({ req, params, deps }) => {
      const body = await readJson(req, JobPatchSchema);
      return { json: deps.service.patch(IdParam(params['id']), body) };
    },
  });

  r.add({
    method: 'POST',
    path: '/jobs/:id/files',
    tag: 'jobs',
    summary:
      "Add inputs to a job that has not started (multipart `file` parts, or JSON `paths`), as ownOCR's create → upload → schedule does: create it with `start: false`, add files, then `POST /jobs/{id}/start`.",
    body: AddFilesSchema,
    multipart: true,
    response: JobSchema,
    handler: async ({ req, params, deps }) => {
      const id = IdParam(params['id']);
      deps.store.jobs.get(id);
      const type = (req.headers['content-type'] ?? '').toLowerCase();
      if (!type.startsWith('multipart/form-data')) {
        const body = await readJson(req, AddFilesSchema);
        return { json: await deps.service.addFiles(id, body.paths.map(localFile)) };
      }
      const upload = await readMultipart(req, deps.paths.incoming, deps.limits);
      try {
        return {
          json: await deps.service.addFiles(
            id,
            upload.files.map((f) => ({ name: f.name, path: f.path, move: true })),
          ),
        };
      } finally {
        // Moved into the job when taken; whatever is left was refused.
        await Promise.all(upload.files.map((f) => rm(f.path, { force: true })));
      }
    },
  });

  r.add({
    method: 'POST',
    path: '/jobs/:id/start',
    tag: 'jobs',
    summary:
      'Start a held (`start: false`) or scheduled (`notBefore`) job now: it takes its place in the queue by priority.',
    response: JobSchema,
    handler: ({ params, deps }) => ({ json: deps.service.start(IdParam(params['id'])) }),
  });

  r.add({
    method: 'GET',
    path: '/stats',
    tag: 'system',
    summary:
      'Server load: jobs by state (queued, held, scheduled, processing, ...), pages per minute, busy share, the job running now, the wait a new job would have, hot folder totals, uptime and the admission limits.',
    response: StatsSchema,
    handler: ({ deps }) => {
      const counts = deps.store.jobs.counts();
      const q = deps.store.jobs.queueCounts();
      const now = Date.now();
      const uptimeMs = now - deps.service.startedAt;
      // At least a minute, so the first pages after a start are not extrapolated into a rate.
      const windowMs = Math.max(60_000, Math.min(STATS_WINDOW_MS, uptimeMs));
      const last10 = deps.store.jobs.pagesSince(new Date(now - STATS_WINDOW_MS).toISOString());
      const lastMinute = deps.store.jobs.pagesSince(new Date(now - 60_000).toISOString());
      const msPerPage = deps.store.jobs.msPerPage();
      const current = deps.store.jobs.list({ status: ['processing'], limit: 1 }).jobs[0];
      const round = (v: number, digits = 1): number => Math.round(v * 10 ** digits) / 10 ** digits;
      return {
        json: {
          version: deps.version,
          uptimeSeconds: Math.round(uptimeMs / 1000),
          provider: deps.engineInfo()?.provider ?? null,
          jobs: {
            queued: q.runnable,
            held: q.held,
            scheduled: q.scheduled,
            processing: counts.processing,
            completed: counts.completed,
            failed: counts.failed,
            canceled: counts.canceled,
            total: Object.values(counts).reduce((a, b) => a + b, 0),
          },
          pages: {
            lastMinute: lastMinute.pages,
            last10Minutes: last10.pages,
            perMinute: round(last10.pages / (windowMs / 60_000)),
            secondsPerPage: msPerPage === null ? null : round(msPerPage / 1000, 2),
          },
          busyPercent: round(Math.min(100, (100 * last10.ms) / windowMs)),
          current: current
            ? {
                jobId: current.id,
                stage: current.stage,
                pagesDone: current.pagesDone,
                pagesTotal: current.pagesTotal,
              }
            : null,
          estimatedWaitSeconds:
            msPerPage === null ? null : round(((deps.store.jobs.pagesAhead() + 1) * msPerPage) / 1000),
          hotFolders: deps.store.hotFolders.totals(),
          limits: deps.service.admission.limits,
        },
      };
    },
  });

  r.add({
    method: 'DELETE',
    path: '/cache',
    tag: 'jobs',
    summary:
      'Forget the result cache: later jobs with `useCache` are recognised afresh (finished jobs and their outputs stay).',
    response: CachePurgedSchema,
    handler: ({ deps }) => ({ json: { purged: deps.store.jobs.purgeCache() } }),
  });
}
