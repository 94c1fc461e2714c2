// Jobs, their input files, page results and artifacts. Every state change is one IMMEDIATE transaction.
import type {
  Artifact,
  Job,
  JobList,
  JobOptions,
  JobStatus,
  OutputFormat,
} from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import type { PageResult } from '../../../src-shared/ocr-result.ts';
import { type Db, immediate, nowIso } from './database.ts';

export interface NewJobFile {
  readonly name: string;
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly mediaType: string | null;
}

export interface NewJob {
  readonly id: string;
  readonly name?: string | undefined;
  readonly externalId?: string | undefined;
  readonly priority?: number | undefined;
  readonly profile?: string | undefined;
  readonly options: JobOptions;
  readonly source: Job['source'];
  readonly hotFolderId?: string | undefined;
  readonly cacheKey?: string | undefined;
  /** Wait for an explicit start. */
  readonly held?: boolean | undefined;
  readonly notBefore?: string | undefined;
  readonly files: readonly NewJobFile[];
}

/** What `patch` may change; `cacheKey` is recomputed by the caller when options change. */
export interface JobChanges {
  readonly name?: string | null | undefined;
  readonly externalId?: string | null | undefined;
  readonly priority?: number | undefined;
  readonly held?: boolean | undefined;
  readonly notBefore?: string | null | undefined;
  readonly options?: JobOptions | undefined;
  readonly cacheKey?: string | null | undefined;
}

export type StageMs = Job['timings']['stages'];
const NO_STAGE_MS: StageMs = {
  loadMs: 0,
  detectMs: 0,
  classifyMs: 0,
  recognizeMs: 0,
  layoutMs: 0,
  exportMs: 0,
};

export interface JobFileRow {
  readonly idx: number;
  readonly name: string;
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly media_type: string | null;
  readonly page_count: number | null;
}

interface JobRow {
  id: string;
  seq: number;
  name: string | null;
  external_id: string | null;
  status: JobStatus;
  stage: string;
  priority: number;
  profile: string | null;
  options: string;
  source: Job['source'];
  hot_folder_id: string | null;
  cache_key: string | null;
  pages_done: number;
  pages_total: number | null;
  message: string | null;
  warnings: string;
  error_code: string | null;
  error_message: string | null;
  error_details: string | null;
  attempts: number;
  cancel_requested: number;
  from_cache: number;
  held: number;
  not_before: string | null;
  stage_ms: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface StoredPageRow {
  readonly fileIdx: number;
  readonly pageNo: number;
  readonly result: PageResult;
  readonly corrected: boolean;
}

export interface ArtifactRecord extends Artifact {
  readonly path: string;
}

const SORTS = {
  created: 'seq ASC',
  '-created': 'seq DESC',
  updated: 'updated_at ASC, seq ASC',
  '-updated': 'updated_at DESC, seq DESC',
  priority: 'priority ASC, seq ASC',
  '-priority': 'priority DESC, seq ASC',
} as const;

export interface ListFilter {
  status?: JobStatus[] | undefined;
  externalId?: string | undefined;
  id?: string[] | undefined;
  stage?: string | undefined;
  createdAfter?: string | undefined;
  createdBefore?: string | undefined;
  updatedAfter?: string | undefined;
  updatedBefore?: string | undefined;
  hotFolderId?: string | undefined;
  sort?: keyof typeof SORTS | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  page?: number | undefined;
}

/** A queued job runs once it is neither held nor scheduled for later. */
const RUNNABLE = `status = 'queued' AND held = 0 AND (not_before IS NULL OR not_before <= ?)`;

/** How many recent pages the ETA averages over. */
const ETA_WINDOW = 30;

/** Input files one job may hold (uploads and later additions together). */
export const MAX_FILES_PER_JOB = 1000;

export class JobsRepo {
  constructor(private readonly db: Db) {}

  insert(job: NewJob): void {
    const now = nowIso();
    immediate(this.db, () => {
      const seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM jobs').get() as { n: number })
        .n;
      this.db
        .prepare(
          `INSERT INTO jobs (id, seq, name, external_id, status, stage, priority, profile, options, source,
             hot_folder_id, cache_key, held, not_before, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'queued', 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          job.id,
          seq,
          job.name ?? null,
          job.externalId ?? null,
          job.priority ?? 0,
          job.profile ?? null,
          JSON.stringify(job.options),
          job.source,
          job.hotFolderId ?? null,
          job.cacheKey ?? null,
          job.held ? 1 : 0,
          job.notBefore === undefined ? null : normalizeTime(job.notBefore),
          now,
          now,
        );
      const insertFile = this.db.prepare(
        `INSERT INTO job_files (job_id, idx, name, path, size, sha256, media_type) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      job.files.forEach((f, i) => insertFile.run(job.id, i, f.name, f.path, f.size, f.sha256, f.mediaType));
    });
  }

  private row(id: string): JobRow | undefined {
    return this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  }

  exists(id: string): boolean {
    return this.row(id) !== undefined;
  }

  /** The job as the API shows it; throws NOT_FOUND. */
  get(id: string): Job {
    const row = this.row(id);
    if (!row) throw new OcrDeskError('NOT_FOUND', `no job ${id}`, { jobId: id });
    return this.toJob(row);
  }

  status(id: string): { status: JobStatus; cancelRequested: boolean } | undefined {
    const row = this.db.prepare('SELECT status, cancel_requested FROM jobs WHERE id = ?').get(id) as
      { status: JobStatus; cancel_requested: number } | undefined;
    return row && { status: row.status, cancelRequested: row.cancel_requested === 1 };
  }

  options(id: string): JobOptions {
    const row = this.row(id);
    if (!row) throw new OcrDeskError('NOT_FOUND', `no job ${id}`, { jobId: id });
    return JSON.parse(row.options) as JobOptions;
  }

  hotFolderOf(id: string): string | null {
    return this.row(id)?.hot_folder_id ?? null;
  }

  list(filter: ListFilter): JobList {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.status?.length) {
      where.push(`status IN (${filter.status.map(() => '?').join(',')})`);
      args.push(...filter.status);
    }
    const cmp = (col: string, op: string, v: string | undefined): void => {
      if (v === undefined) return;
      where.push(`${col} ${op} ?`);
      args.push(normalizeTime(v));
    };
    if (filter.externalId !== undefined) {
      where.push('external_id = ?');
      args.push(filter.externalId);
    }
    if (filter.id?.length) {
      where.push(`id IN (${filter.id.map(() => '?').join(',')})`);
      args.push(...filter.id);
    }
    if (filter.stage !== undefined) {
      // held and scheduled are how a queued job shows while it waits; they are not stored as stages.
      const now = nowIso();
      if (filter.stage === 'held') where.push(`status = 'queued' AND held = 1`);
      else if (filter.stage === 'scheduled') {
        where.push(`status = 'queued' AND held = 0 AND not_before > ?`);
        args.push(now);
      } else {
        where.push(`stage = ? AND NOT (status = 'queued' AND (held = 1 OR COALESCE(not_before > ?, 0)))`);
        args.push(filter.stage, now);
      }
    }
    if (filter.hotFolderId !== undefined) {
      where.push('hot_folder_id = ?');
      args.push(filter.hotFolderId);
    }
    cmp('created_at', '>', filter.createdAfter);
    cmp('created_at', '<', filter.createdBefore);
    cmp('updated_at', '>', filter.updatedAfter);
    cmp('updated_at', '<', filter.updatedBefore);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = filter.limit ?? 50;
    const offset = filter.page !== undefined ? (filter.page - 1) * limit : (filter.offset ?? 0);
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM jobs ${clause}`).get(...args) as { n: number })
      .n;
    const rows = this.db
      .prepare(`SELECT * FROM jobs ${clause} ORDER BY ${SORTS[filter.sort ?? '-created']} LIMIT ? OFFSET ?`)
      .all(...args, limit, offset) as JobRow[];
    const ctx = this.queueContext();
    return { jobs: rows.map((r) => this.toJob(r, ctx)), total, limit, offset };
  }

  counts(): Record<JobStatus, number> {
    const out: Record<JobStatus, number> = { queued: 0, processing: 0, completed: 0, failed: 0, canceled: 0 };
    const rows = this.db.prepare('SELECT status, COUNT(*) AS n FROM jobs GROUP BY status').all() as Array<{
      status: JobStatus;
      n: number;
    }>;
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  /** Queued jobs that may run now, and those waiting for a start or a time. */
  queueCounts(): { runnable: number; held: number; scheduled: number } {
    const now = nowIso();
    return this.db
      .prepare(
        `SELECT COALESCE(SUM(${RUNNABLE}), 0) AS runnable, COALESCE(SUM(status = 'queued' AND held = 1), 0) AS held,
           COALESCE(SUM(status = 'queued' AND held = 0 AND not_before > ?), 0) AS scheduled
         FROM jobs WHERE status = 'queued'`,
      )
      .get(now, now) as { runnable: number; held: number; scheduled: number };
  }

  /** Pages finished by the engine since `since` (results reused from the cache not counted) and their time. */
  pagesSince(since: string): { pages: number; ms: number } {
    return this.db
      .prepare(
        `SELECT COUNT(*) AS pages, COALESCE(SUM(ms), 0) AS ms FROM pages WHERE created_at > ? AND ms > 0`,
      )
      .get(since) as { pages: number; ms: number };
  }

  /** Mean milliseconds per page over the last pages (null before the first). */
  msPerPage(): number | null {
    return this.queueContext().msPerPage;
  }

  /** The next job to run: highest priority, then oldest, among those neither held nor scheduled for later. */
  nextQueued(): string | undefined {
    const row = this.db
      .prepare(`SELECT id FROM jobs WHERE ${RUNNABLE} ORDER BY priority DESC, seq ASC LIMIT 1`)
      .get(nowIso()) as { id: string } | undefined;
    return row?.id;
  }

  /** Changes a job's fields; options only while it is queued and none of its pages was read. */
  patch(id: string, changes: JobChanges): void {
    immediate(this.db, () => {
      const row = this.row(id);
      if (!row) throw new OcrDeskError('NOT_FOUND', `no job ${id}`, { jobId: id });
      const waiting = row.status === 'queued';
      if (changes.options !== undefined && (!waiting || row.pages_done > 0)) {
        throw new OcrDeskError(
          'CONFLICT',
          `job ${id} has started (${row.status}, ${row.pages_done} pages done): its options are fixed`,
          { status: row.status },
        );
      }
      if ((changes.held !== undefined || changes.notBefore !== undefined) && !waiting) {
        throw new OcrDeskError(
          'CONFLICT',
          `job ${id} is ${row.status}: only a queued job can be held or scheduled`,
          {
            status: row.status,
          },
        );
      }
      const sets: string[] = [];
      const args: unknown[] = [];
      const set = (col: string, v: unknown): void => {
        sets.push(`${col} = ?`);
        args.push(v);
      };
      if (changes.name !== undefined) set('name', changes.name);
      if (changes.externalId !== undefined) set('external_id', changes.externalId);
      if (changes.priority !== undefined) set('priority', changes.priority);
      if (changes.held !== undefined) set('held', changes.held ? 1 : 0);
      if (changes.notBefore !== undefined)
        set('not_before', changes.notBefore === null ? null : normalizeTime(changes.notBefore));
      if (changes.options !== undefined) set('options', JSON.stringify(changes.options));
      if (changes.cacheKey !== undefined) set('cache_key', changes.cacheKey);
      set('updated_at', nowIso());
      this.db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
    });
  }

  /** Starts a held or scheduled job now (ownOCR's schedule action). */
  release(id: string): void {
    this.patch(id, { held: false, notBefore: null });
  }

  /** The cache key a job was created with (null: the job does not take part in the cache). */
  cacheKey(id: string): string | null {
    return this.row(id)?.cache_key ?? null;
  }

  /** Forgets every cache key: later jobs are recognised afresh. Returns how many jobs no longer serve as cache. */
  purgeCache(): number {
    return this.db
      .prepare(`UPDATE jobs SET cache_key = NULL WHERE cache_key IS NOT NULL AND status = 'completed'`)
      .run().changes;
  }

  addStageMs(id: string, add: Partial<StageMs>): void {
    immediate(this.db, () => {
      const row = this.row(id);
      if (!row) return;
      this.db
        .prepare('UPDATE jobs SET stage_ms = ? WHERE id = ?')
        .run(JSON.stringify(sumStageMs(row.stage_ms, add)), id);
    });
  }

  /** Claims a queued job for the runner; false if it changed meanwhile (canceled, deleted). */
  start(id: string): boolean {
    const now = nowIso();
    const r = this.db
      .prepare(
        `UPDATE jobs SET status = 'processing', stage = 'starting', attempts = attempts + 1,
           pages_at_start = pages_done, started_at = COALESCE(started_at, ?), updated_at = ?, message = NULL
         WHERE id = ? AND status = 'queued'`,
      )
      .run(now, now, id);
    return r.changes === 1;
  }

  setStage(id: string, stage: string, message?: string): void {
    this.db
      .prepare('UPDATE jobs SET stage = ?, message = ?, updated_at = ? WHERE id = ?')
      .run(stage, message ?? null, nowIso(), id);
  }

  setFilePages(id: string, fileIdx: number, mediaType: string, pageCount: number): void {
    immediate(this.db, () => {
      this.db
        .prepare('UPDATE job_files SET media_type = ?, page_count = ? WHERE job_id = ? AND idx = ?')
        .run(mediaType, pageCount, id, fileIdx);
      const unknown = (
        this.db
          .prepare('SELECT COUNT(*) AS n FROM job_files WHERE job_id = ? AND page_count IS NULL')
          .get(id) as { n: number }
      ).n;
      const total = unknown
        ? null
        : (
            this.db.prepare('SELECT SUM(page_count) AS n FROM job_files WHERE job_id = ?').get(id) as {
              n: number;
            }
          ).n;
      this.db
        .prepare('UPDATE jobs SET pages_total = ?, updated_at = ? WHERE id = ?')
        .run(total, nowIso(), id);
    });
  }

  files(id: string): JobFileRow[] {
    return this.db
      .prepare(
        'SELECT idx, name, path, size, sha256, media_type, page_count FROM job_files WHERE job_id = ? ORDER BY idx',
      )
      .all(id) as JobFileRow[];
  }

  /** Stores a finished page and advances the job's counter in one transaction: the checkpoint a restart resumes from. */
  savePage(id: string, fileIdx: number, result: PageResult, ms: number): void {
    immediate(this.db, () => {
      const r = this.db
        .prepare(
          `INSERT OR IGNORE INTO pages (job_id, file_idx, page_no, result, ms, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(id, fileIdx, result.page, JSON.stringify(result), ms, nowIso());
      if (r.changes === 1) {
        const row = this.row(id);
        const t = result.timings;
        const stages = sumStageMs(row?.stage_ms ?? '{}', {
          loadMs: t.loadMs,
          detectMs: t.detectMs,
          classifyMs: t.classifyMs,
          recognizeMs: t.recognizeMs,
          layoutMs: t.layoutMs,
        });
        this.db
          .prepare('UPDATE jobs SET pages_done = pages_done + 1, stage_ms = ?, updated_at = ? WHERE id = ?')
          .run(JSON.stringify(stages), nowIso(), id);
      }
    });
  }

  /** Page numbers already stored for one file (skipped on resume). */
  donePages(id: string, fileIdx: number): Set<number> {
    const rows = this.db
      .prepare('SELECT page_no FROM pages WHERE job_id = ? AND file_idx = ?')
      .all(id, fileIdx) as Array<{ page_no: number }>;
    return new Set(rows.map((r) => r.page_no));
  }

  pages(id: string): StoredPageRow[] {
    const rows = this.db
      .prepare(
        'SELECT file_idx, page_no, result, corrected FROM pages WHERE job_id = ? ORDER BY file_idx, page_no',
      )
      .all(id) as Array<{ file_idx: number; page_no: number; result: string; corrected: string | null }>;
    return rows.map((r) => ({
      fileIdx: r.file_idx,
      pageNo: r.page_no,
      result: JSON.parse(r.corrected ?? r.result) as PageResult,
      corrected: r.corrected !== null,
    }));
  }

  page(id: string, fileIdx: number, pageNo: number): StoredPageRow {
    const r = this.db
      .prepare('SELECT result, corrected FROM pages WHERE job_id = ? AND file_idx = ? AND page_no = ?')
      .get(id, fileIdx, pageNo) as { result: string; corrected: string | null } | undefined;
    if (!r) throw new OcrDeskError('NOT_FOUND', `job ${id} has no page ${pageNo} in file ${fileIdx}`);
    return {
      fileIdx,
      pageNo,
      result: JSON.parse(r.corrected ?? r.result) as PageResult,
      corrected: r.corrected !== null,
    };
  }

  saveCorrection(id: string, fileIdx: number, pageNo: number, corrected: PageResult): void {
    immediate(this.db, () => {
      this.db
        .prepare(
          'UPDATE pages SET corrected = ?, corrected_at = ? WHERE job_id = ? AND file_idx = ? AND page_no = ?',
        )
        .run(JSON.stringify(corrected), nowIso(), id, fileIdx, pageNo);
      this.db.prepare('UPDATE jobs SET updated_at = ? WHERE id = ?').run(nowIso(), id);
    });
  }

  addWarnings(id: string, warnings: readonly string[]): void {
    if (warnings.length === 0) return;
    immediate(this.db, () => {
      const row = this.row(id);
      if (!row) return;
      const all = [...(JSON.parse(row.warnings) as string[]), ...warnings];
      this.db
        .prepare('UPDATE jobs SET warnings = ?, updated_at = ? WHERE id = ?')
        .run(JSON.stringify([...new Set(all)]), nowIso(), id);
    });
  }

  saveArtifact(id: string, a: ArtifactRecord): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO artifacts (job_id, format, file_name, path, media_type, size, sha256, pdfa, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, a.format, a.fileName, a.path, a.mediaType, a.size, a.sha256, a.pdfa, a.createdAt);
  }

  /** Formats whose output was written before the job's latest correction. */
  staleArtifactFormats(id: string): OutputFormat[] {
    const rows = this.db
      .prepare(
        `SELECT format FROM artifacts WHERE job_id = ?
           AND created_at < (SELECT MAX(corrected_at) FROM pages WHERE job_id = ?) ORDER BY format`,
      )
      .all(id, id) as Array<{ format: OutputFormat }>;
    return rows.map((r) => r.format);
  }

  artifacts(id: string): ArtifactRecord[] {
    const rows = this.db.prepare('SELECT * FROM artifacts WHERE job_id = ? ORDER BY format').all(id) as Array<
      Record<string, unknown>
    >;
    return rows.map((r) => ({
      format: r['format'] as OutputFormat,
      fileName: r['file_name'] as string,
      path: r['path'] as string,
      mediaType: r['media_type'] as string,
      size: r['size'] as number,
      sha256: r['sha256'] as string,
      pdfa: (r['pdfa'] as string | null) ?? null,
      createdAt: r['created_at'] as string,
    }));
  }

  finish(
    id: string,
    status: 'completed' | 'failed' | 'canceled',
    error?: OcrDeskError,
    fromCache = false,
  ): void {
    const now = nowIso();
    this.db
      .prepare(
        `UPDATE jobs SET status = ?, stage = ?, error_code = ?, error_message = ?, error_details = ?,
           from_cache = ?, cancel_requested = 0, finished_at = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(
        status,
        status === 'completed' ? 'done' : status,
        error?.code ?? null,
        error?.message ?? null,
        error ? JSON.stringify(error.details) : null,
        fromCache ? 1 : 0,
        now,
        now,
        id,
      );
  }

  /** Cancels a queued job now; asks a running one to stop at its next page. Returns the resulting status. */
  requestCancel(id: string): JobStatus {
    return immediate(this.db, () => {
      const row = this.row(id);
      if (!row) throw new OcrDeskError('NOT_FOUND', `no job ${id}`, { jobId: id });
      if (row.status === 'queued') {
        this.finish(id, 'canceled');
        return 'canceled';
      }
      if (row.status === 'processing') {
        this.db
          .prepare('UPDATE jobs SET cancel_requested = 1, message = ?, updated_at = ? WHERE id = ?')
          .run('cancel requested', nowIso(), id);
        return 'processing';
      }
      throw new OcrDeskError('CONFLICT', `job ${id} is already ${row.status}`, { status: row.status });
    });
  }

  /** Puts a failed or canceled job back in the queue; stored pages stay, so it resumes where it stopped. */
  retry(id: string): void {
    immediate(this.db, () => {
      const row = this.row(id);
      if (!row) throw new OcrDeskError('NOT_FOUND', `no job ${id}`, { jobId: id });
      if (row.status !== 'failed' && row.status !== 'canceled') {
        throw new OcrDeskError(
          'CONFLICT',
          `only failed or canceled jobs can be retried; job ${id} is ${row.status}`,
          {
            status: row.status,
          },
        );
      }
      this.db
        .prepare(
          `UPDATE jobs SET status = 'queued', stage = 'queued', error_code = NULL, error_message = NULL,
             error_details = NULL, attempts = 0, finished_at = NULL, message = NULL, updated_at = ? WHERE id = ?`,
        )
        .run(nowIso(), id);
    });
  }

  /**
   * Adds input files to a job that has not started (ownOCR's upload after create); `cacheKey` is the job's key
   * over all its files now, when it takes part in the cache.
   */
  addFiles(
    id: string,
    files: readonly NewJobFile[],
    cacheKey: (all: readonly { sha256: string }[]) => string,
  ): void {
    immediate(this.db, () => {
      const row = this.row(id);
      if (!row) throw new OcrDeskError('NOT_FOUND', `no job ${id}`, { jobId: id });
      if (row.status !== 'queued' || row.pages_done > 0) {
        throw new OcrDeskError(
          'CONFLICT',
          `job ${id} has started (${row.status}): files can be added only before`,
          {
            status: row.status,
          },
        );
      }
      const existing = this.files(id);
      if (existing.length + files.length > MAX_FILES_PER_JOB) {
        throw new OcrDeskError('VALIDATION_FAILED', `at most ${MAX_FILES_PER_JOB} files per job`, {
          files: existing.length + files.length,
        });
      }
      const next = existing.reduce((n, f) => Math.max(n, f.idx + 1), 0);
      const insert = this.db.prepare(
        `INSERT INTO job_files (job_id, idx, name, path, size, sha256, media_type) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      files.forEach((f, i) => insert.run(id, next + i, f.name, f.path, f.size, f.sha256, f.mediaType));
      // Page counts of the new files are known once they are opened.
      this.db
        .prepare('UPDATE jobs SET pages_total = NULL, cache_key = ?, updated_at = ? WHERE id = ?')
        .run(row.cache_key === null ? null : cacheKey(this.files(id)), nowIso(), id);
    });
  }

  /** Removes one input file (and its pages) from a job that is not running; returns the stored file's path. */
  deleteFile(id: string, fileIdx: number): string {
    return immediate(this.db, () => {
      const row = this.row(id);
      if (!row) throw new OcrDeskError('NOT_FOUND', `no job ${id}`, { jobId: id });
      if (row.status === 'processing') {
        throw new OcrDeskError('CONFLICT', `job ${id} is processing: cancel it first`, {
          status: row.status,
        });
      }
      const file = this.files(id).find((f) => f.idx === fileIdx);
      if (!file) throw new OcrDeskError('NOT_FOUND', `job ${id} has no file ${fileIdx}`);
      if (this.files(id).length === 1) {
        throw new OcrDeskError('CONFLICT', `file ${fileIdx} is the job's only file: delete the job instead`);
      }
      this.db.prepare('DELETE FROM pages WHERE job_id = ? AND file_idx = ?').run(id, fileIdx);
      this.db.prepare('DELETE FROM job_files WHERE job_id = ? AND idx = ?').run(id, fileIdx);
      // Outputs made with the file are stale now; a finished job is written again on its next export.
      this.db.prepare('DELETE FROM artifacts WHERE job_id = ?').run(id);
      const done = (
        this.db.prepare('SELECT COUNT(*) AS n FROM pages WHERE job_id = ?').get(id) as { n: number }
      ).n;
      const unknown = this.files(id).some((f) => f.page_count === null);
      const total = unknown ? null : this.files(id).reduce((n, f) => n + (f.page_count ?? 0), 0);
      // The file's pages leave the per-stage sums too (rare: reading the remaining pages' timings is fine here).
      const sums = this.db
        .prepare(
          `SELECT ${(['loadMs', 'detectMs', 'classifyMs', 'recognizeMs', 'layoutMs'] as const)
            .map((k) => `COALESCE(SUM(json_extract(result, '$.timings.${k}')), 0) AS ${k}`)
            .join(', ')} FROM pages WHERE job_id = ?`,
        )
        .get(id) as Omit<StageMs, 'exportMs'>;
      const stages = { ...sums, exportMs: sumStageMs(row.stage_ms, {}).exportMs };
      this.db
        .prepare('UPDATE jobs SET pages_done = ?, pages_total = ?, stage_ms = ?, updated_at = ? WHERE id = ?')
        .run(done, total, JSON.stringify(stages), nowIso(), id);
      return file.path;
    });
  }

  /** Back to the queue after a transient failure; attempts are kept so the loop ends. */
  requeue(id: string, message: string): void {
    this.db
      .prepare(
        `UPDATE jobs SET status = 'queued', stage = 'queued', message = ?, updated_at = ? WHERE id = ? AND status = 'processing'`,
      )
      .run(message, nowIso(), id);
  }

  delete(id: string): void {
    immediate(this.db, () => {
      const row = this.row(id);
      if (!row) throw new OcrDeskError('NOT_FOUND', `no job ${id}`, { jobId: id });
      if (row.status === 'processing') {
        throw new OcrDeskError('CONFLICT', `job ${id} is processing: cancel it first`, {
          status: row.status,
        });
      }
      this.db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
    });
  }

  /**
   * After a crash: jobs left `processing` go back to the queue, or fail once they have been tried
   * `maxAttempts` times (an input that kills the process must not loop forever).
   */
  recoverInterrupted(maxAttempts: number): { requeued: string[]; failed: string[] } {
    return immediate(this.db, () => {
      const rows = this.db
        .prepare(`SELECT id, stage, pages_done, pages_at_start, stalls FROM jobs WHERE status = 'processing'`)
        .all() as Array<{
        id: string;
        stage: string;
        pages_done: number;
        pages_at_start: number;
        stalls: number;
      }>;
      const requeued: string[] = [];
      const failed: string[] = [];
      for (const r of rows) {
        // Only a stop while reading pages, with no page finished since the start, looks like a poison input.
        const stalled =
          (r.stage === 'loading' || r.stage === 'recognizing') && r.pages_done === r.pages_at_start;
        const stalls = stalled ? r.stalls + 1 : 0;
        if (stalls >= maxAttempts) {
          this.finish(
            r.id,
            'failed',
            new OcrDeskError(
              'INTERNAL',
              `the engine stopped ${stalls} times on the same page of this job; not retried`,
              {
                stalls,
              },
            ),
          );
          failed.push(r.id);
        } else {
          this.db
            .prepare(
              `UPDATE jobs SET status = 'queued', stage = 'queued', cancel_requested = 0, stalls = ?,
                 message = 'resumed after restart', updated_at = ? WHERE id = ?`,
            )
            .run(stalls, nowIso(), r.id);
          requeued.push(r.id);
        }
      }
      return { requeued, failed };
    });
  }

  /** A completed job with the same inputs and options, whose results can be reused. */
  findCached(cacheKey: string, exceptId: string): string | undefined {
    const row = this.db
      .prepare(
        `SELECT id FROM jobs WHERE cache_key = ? AND status = 'completed' AND id != ? ORDER BY seq DESC LIMIT 1`,
      )
      .get(cacheKey, exceptId) as { id: string } | undefined;
    return row?.id;
  }

  /** Copies another job's page results (cache hit). */
  copyPages(fromId: string, toId: string): void {
    immediate(this.db, () => {
      this.db
        .prepare(
          `INSERT OR IGNORE INTO pages (job_id, file_idx, page_no, result, corrected, ms, created_at)
           SELECT ?, file_idx, page_no, result, NULL, 0, ? FROM pages WHERE job_id = ?`,
        )
        .run(toId, nowIso(), fromId);
      this.db
        .prepare(
          `UPDATE job_files SET (media_type, page_count) =
             (SELECT media_type, page_count FROM job_files f WHERE f.job_id = ? AND f.idx = job_files.idx)
           WHERE job_id = ?`,
        )
        .run(fromId, toId);
      const n = (
        this.db.prepare('SELECT COUNT(*) AS n FROM pages WHERE job_id = ?').get(toId) as { n: number }
      ).n;
      this.db
        .prepare('UPDATE jobs SET pages_done = ?, pages_total = ?, updated_at = ? WHERE id = ?')
        .run(n, n, nowIso(), toId);
    });
  }

  /** Pages a job queued now would wait for (those of running and runnable jobs). */
  pagesAhead(): number {
    const ctx = this.queueContext();
    return ctx.total;
  }

  private queueContext(): {
    order: Map<string, number>;
    pagesAhead: number[];
    total: number;
    msPerPage: number | null;
  } {
    const queued = this.db
      .prepare(
        `SELECT id, COALESCE(pages_total, (SELECT COUNT(*) FROM job_files f WHERE f.job_id = jobs.id)) - pages_done AS left
         FROM jobs WHERE ${RUNNABLE} ORDER BY priority DESC, seq ASC`,
      )
      .all(nowIso()) as Array<{ id: string; left: number }>;
    const running = this.db
      .prepare(
        `SELECT COALESCE(SUM(COALESCE(pages_total, 1) - pages_done), 0) AS left FROM jobs WHERE status = 'processing'`,
      )
      .get() as { left: number };
    const order = new Map<string, number>();
    const pagesAhead: number[] = [];
    let ahead = Math.max(0, running.left);
    queued.forEach((q, i) => {
      order.set(q.id, i + 1);
      pagesAhead.push(ahead);
      ahead += Math.max(1, q.left);
    });
    const recent = this.db
      .prepare(`SELECT AVG(ms) AS ms FROM (SELECT ms FROM pages WHERE ms > 0 ORDER BY rowid DESC LIMIT ?)`)
      .get(ETA_WINDOW) as { ms: number | null };
    return { order, pagesAhead, total: ahead, msPerPage: recent.ms };
  }

  private toJob(row: JobRow, ctx = this.queueContext()): Job {
    const files = this.files(row.id);
    const doneByFile = new Map(
      (
        this.db
          .prepare('SELECT file_idx, COUNT(*) AS n FROM pages WHERE job_id = ? GROUP BY file_idx')
          .all(row.id) as Array<{ file_idx: number; n: number }>
      ).map((r) => [r.file_idx, r.n]),
    );
    const position = row.status === 'queued' ? (ctx.order.get(row.id) ?? null) : null;
    const waitingFor =
      row.status !== 'queued'
        ? undefined
        : row.held === 1
          ? 'held'
          : row.not_before !== null && row.not_before > nowIso()
            ? 'scheduled'
            : undefined;
    const left = Math.max(
      0,
      (row.pages_total ?? Math.max(files.length, row.pages_done + 1)) - row.pages_done,
    );
    let eta: number | null = null;
    if (
      ctx.msPerPage !== null &&
      waitingFor === undefined &&
      (row.status === 'queued' || row.status === 'processing')
    ) {
      const ahead = position !== null ? (ctx.pagesAhead[position - 1] ?? 0) : 0;
      eta = Math.round(((ahead + left) * ctx.msPerPage) / 100) / 10;
    }
    const total = row.pages_total;
    const percent =
      row.status === 'completed' ? 100 : total ? Math.min(99, Math.floor((100 * row.pages_done) / total)) : 0;
    const ms = (a: string | null, b: string | null): number | null =>
      a && b ? Date.parse(b) - Date.parse(a) : null;
    return {
      id: row.id,
      name: row.name,
      externalId: row.external_id,
      status: row.status,
      stage: waitingFor ?? row.stage,
      priority: row.priority,
      profile: row.profile,
      options: JSON.parse(row.options) as JobOptions,
      source: row.source,
      files: fileStatuses(row.status, files, doneByFile).map((status, i) => {
        const f = files[i]!;
        return {
          index: f.idx,
          name: f.name,
          size: f.size,
          sha256: f.sha256,
          mediaType: f.media_type,
          pageCount: f.page_count,
          pagesDone: doneByFile.get(f.idx) ?? 0,
          status,
        };
      }),
      pagesDone: row.pages_done,
      pagesTotal: total,
      percent,
      message: row.message,
      queuePosition: position,
      etaSeconds: eta,
      held: row.held === 1,
      notBefore: row.not_before,
      attempts: row.attempts,
      fromCache: row.from_cache === 1,
      warnings: JSON.parse(row.warnings) as string[],
      error: row.error_code
        ? {
            code: row.error_code,
            message: row.error_message ?? '',
            details: JSON.parse(row.error_details ?? '{}') as Record<string, unknown>,
          }
        : null,
      timings: {
        queuedMs: ms(row.created_at, row.started_at),
        processingMs: ms(row.started_at, row.finished_at),
        stages: sumStageMs(row.stage_ms, {}),
      },
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
    };
  }
}

/** Accepts any date the user types (2026-11-23, full ISO, epoch ms) and compares as stored ISO text. */
function normalizeTime(v: string): string {
  const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (Number.isNaN(t)) throw new OcrDeskError('VALIDATION_FAILED', `not a date: ${v}`, { value: v });
  return new Date(t).toISOString();
}

function sumStageMs(stored: string, add: Partial<StageMs>): StageMs {
  const base = { ...NO_STAGE_MS, ...(JSON.parse(stored) as Partial<StageMs>) };
  for (const k of Object.keys(NO_STAGE_MS) as Array<keyof StageMs>) {
    base[k] = Math.round((base[k] + (add[k] ?? 0)) * 10) / 10;
  }
  return base;
}

/**
 * Each file's state inside its job: files are read in order, so those before the first unfinished one are done,
 * that one shares the job's state, and those after it wait (or were never reached when the job stopped).
 */
function fileStatuses(
  status: JobStatus,
  files: readonly JobFileRow[],
  done: ReadonlyMap<number, number>,
): JobStatus[] {
  if (status === 'completed') return files.map(() => 'completed');
  let reached = false;
  return files.map((f) => {
    if (f.page_count !== null && (done.get(f.idx) ?? 0) >= f.page_count) return 'completed';
    if (reached) return status === 'failed' || status === 'canceled' ? 'canceled' : 'queued';
    reached = true;
    return status;
  });
}
