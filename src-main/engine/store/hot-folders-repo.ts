// Hot folder definitions, and the ledger of files each one took (so nothing is taken twice, even after a restart).
import type { HotFolder, HotFolderInput } from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { type Db, nowIso } from './database.ts';

export type HotFolderConfig = Omit<HotFolder, 'id' | 'counters' | 'lastError' | 'createdAt'>;

export const HOT_FOLDER_DEFAULTS = {
  afterSuccess: 'move',
  afterFailure: 'move',
  stableMs: 5000,
  polling: false,
  pollIntervalMs: 10_000,
  enabled: true,
} as const;

export function hotFolderConfig(input: HotFolderInput, base?: HotFolderConfig): HotFolderConfig {
  const b = base ?? {
    ...HOT_FOLDER_DEFAULTS,
    inputDir: '',
    outputDir: '',
    profile: null,
    options: {},
    extensions: null,
  };
  return {
    inputDir: input.inputDir,
    outputDir: input.outputDir,
    profile: input.profile === undefined ? b.profile : input.profile,
    options: input.options ?? b.options,
    afterSuccess: input.afterSuccess ?? b.afterSuccess,
    afterFailure: input.afterFailure ?? b.afterFailure,
    stableMs: input.stableMs ?? b.stableMs,
    polling: input.polling ?? b.polling,
    pollIntervalMs: input.pollIntervalMs ?? b.pollIntervalMs,
    enabled: input.enabled ?? b.enabled,
    extensions:
      input.extensions === undefined
        ? b.extensions
        : input.extensions === null
          ? null
          : [...new Set(input.extensions.map((e) => (e.startsWith('.') ? e : `.${e}`).toLowerCase()))],
  };
}

export interface TakenFile {
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export class HotFoldersRepo {
  constructor(private readonly db: Db) {}

  list(): HotFolder[] {
    const rows = this.db.prepare('SELECT id FROM hot_folders ORDER BY created_at').all() as Array<{
      id: string;
    }>;
    return rows.map((r) => this.get(r.id));
  }

  get(id: string): HotFolder {
    const r = this.db.prepare('SELECT * FROM hot_folders WHERE id = ?').get(id) as
      { id: string; config: string; last_error: string | null; created_at: string } | undefined;
    if (!r) throw new OcrDeskError('NOT_FOUND', `no hot folder ${id}`, { hotFolderId: id });
    const counts = this.db
      .prepare('SELECT status, COUNT(*) AS n FROM hot_folder_files WHERE folder_id = ? GROUP BY status')
      .all(id) as Array<{ status: 'processing' | 'done' | 'failed'; n: number }>;
    const counters = { processing: 0, done: 0, failed: 0 };
    for (const c of counts) counters[c.status] = c.n;
    const config = JSON.parse(r.config) as HotFolderConfig;
    return {
      id: r.id,
      ...config,
      // Folders saved before extension filters existed take every supported file.
      extensions: config.extensions ?? null,
      counters,
      lastError: r.last_error,
      createdAt: r.created_at,
    };
  }

  insert(id: string, config: HotFolderConfig): void {
    this.db
      .prepare('INSERT INTO hot_folders (id, config, created_at) VALUES (?, ?, ?)')
      .run(id, JSON.stringify(config), nowIso());
  }

  update(id: string, config: HotFolderConfig): void {
    const r = this.db
      .prepare('UPDATE hot_folders SET config = ? WHERE id = ?')
      .run(JSON.stringify(config), id);
    if (r.changes === 0) throw new OcrDeskError('NOT_FOUND', `no hot folder ${id}`, { hotFolderId: id });
  }

  delete(id: string): void {
    const r = this.db.prepare('DELETE FROM hot_folders WHERE id = ?').run(id);
    if (r.changes === 0) throw new OcrDeskError('NOT_FOUND', `no hot folder ${id}`, { hotFolderId: id });
  }

  setLastError(id: string, message: string | null): void {
    this.db.prepare('UPDATE hot_folders SET last_error = ? WHERE id = ?').run(message, id);
  }

  wasTaken(id: string, f: TakenFile): boolean {
    return (
      this.db
        .prepare(
          'SELECT 1 FROM hot_folder_files WHERE folder_id = ? AND name = ? AND size = ? AND mtime_ms = ?',
        )
        .get(id, f.name, f.size, Math.trunc(f.mtimeMs)) !== undefined
    );
  }

  /** Records a file as taken by a job, in the same transaction the caller creates the job in. */
  take(id: string, f: TakenFile, jobId: string): void {
    this.db
      .prepare(
        `INSERT INTO hot_folder_files (folder_id, name, size, mtime_ms, job_id, status, created_at)
         VALUES (?, ?, ?, ?, ?, 'processing', ?)`,
      )
      .run(id, f.name, f.size, Math.trunc(f.mtimeMs), jobId, nowIso());
  }

  fileOfJob(jobId: string): { folderId: string; name: string; size: number; mtimeMs: number } | undefined {
    const r = this.db
      .prepare('SELECT folder_id, name, size, mtime_ms FROM hot_folder_files WHERE job_id = ?')
      .get(jobId) as { folder_id: string; name: string; size: number; mtime_ms: number } | undefined;
    return r && { folderId: r.folder_id, name: r.name, size: r.size, mtimeMs: r.mtime_ms };
  }

  /** Jobs finished but whose originals were not yet moved (the process stopped in between). */
  unsettled(id: string): Array<{ name: string; jobId: string }> {
    return (
      this.db
        .prepare(
          `SELECT f.name, f.job_id FROM hot_folder_files f JOIN jobs j ON j.id = f.job_id
           WHERE f.folder_id = ? AND f.status = 'processing' AND j.status IN ('completed', 'failed', 'canceled')`,
        )
        .all(id) as Array<{ name: string; job_id: string }>
    ).map((r) => ({ name: r.name, jobId: r.job_id }));
  }

  /** Files taken by every folder, by state (ownOCR's stats: processing, processed, success, error). */
  totals(): { folders: number; processing: number; done: number; failed: number } {
    const folders = (this.db.prepare('SELECT COUNT(*) AS n FROM hot_folders').get() as { n: number }).n;
    const out = { folders, processing: 0, done: 0, failed: 0 };
    const rows = this.db
      .prepare('SELECT status, COUNT(*) AS n FROM hot_folder_files GROUP BY status')
      .all() as Array<{ status: 'processing' | 'done' | 'failed'; n: number }>;
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  settle(jobId: string, status: 'done' | 'failed'): void {
    this.db.prepare('UPDATE hot_folder_files SET status = ? WHERE job_id = ?').run(status, jobId);
  }
}
