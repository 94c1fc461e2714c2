// Hot folders: a file dropped into a watched folder becomes a job once it has stopped changing; its outputs land
// in the output folder under names that never overwrite, and the original moves to done/ or failed/ beside it.
import { randomUUID } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { HotFolder, HotFolderInput } from '../../../src-shared/api-schemas.ts';
import { isOcrDeskError, OcrDeskError, toErrorBody } from '../../../src-shared/errors.ts';
import type { JobService } from '../queue/job-service.ts';
import { hotFolderConfig } from '../store/hot-folders-repo.ts';
import type { Store } from '../store/store.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';

const DONE_DIR = 'done';
const FAILED_DIR = 'failed';

/** Names that are never documents: editors' and browsers' temp files, OS metadata, our own folders. */
export function isIgnoredName(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.startsWith('~$') ||
    /\.(tmp|temp|part|partial|crdownload|download|swp|lock)$/i.test(name) ||
    /^(thumbs\.db|desktop\.ini|icon\r)$/i.test(name) ||
    name.endsWith('.error.txt') ||
    name === DONE_DIR ||
    name === FAILED_DIR
  );
}

/** `name.ext`, else `name (1).ext`, `name (2).ext`, ... : the first that does not exist yet. */
export async function uniquePath(dir: string, fileName: string): Promise<string> {
  const { name, ext } = splitExt(fileName);
  for (let i = 0; ; i++) {
    const candidate = path.join(dir, i === 0 ? fileName : `${name} (${i})${ext}`);
    try {
      await stat(candidate);
    } catch {
      return candidate;
    }
  }
}

function splitExt(fileName: string): { name: string; ext: string } {
  // Keep compound extensions together (report.alto.xml → report + .alto.xml).
  const m = /^(.+?)((?:\.alto)?\.[^.]+)?$/.exec(fileName);
  return { name: m?.[1] ?? fileName, ext: m?.[2] ?? '' };
}

interface Seen {
  size: number;
  mtimeMs: number;
  since: number;
}

class FolderWatcher {
  private readonly seen = new Map<string, Seen>();
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private scanning = false;
  private rescan = false;
  private stopped = false;

  constructor(
    private readonly folder: HotFolder,
    private readonly store: Store,
    private readonly service: JobService,
  ) {}

  start(): void {
    if (!this.folder.polling) {
      try {
        // Change events only shorten the wait; the periodic scan below is what guarantees pickup.
        this.watcher = watch(this.folder.inputDir, () => this.schedule(250));
        this.watcher.on('error', () => undefined);
      } catch {
        // Falls back to polling (e.g. network shares without change notifications).
      }
    }
    const period = this.folder.polling
      ? this.folder.pollIntervalMs
      : Math.min(this.folder.pollIntervalMs, Math.max(1000, this.folder.stableMs));
    this.timer = setInterval(() => void this.scan(), period);
    this.timer.unref();
    void this.scan();
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
  }

  private schedule(ms: number): void {
    setTimeout(() => void this.scan(), ms).unref();
  }

  /** One pass: note sizes and times; take every file unchanged for `stableMs`. */
  async scan(): Promise<void> {
    if (this.stopped) return;
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.scanning = true;
    try {
      const entries = await readdir(this.folder.inputDir, { withFileTypes: true });
      const now = Date.now();
      const present = new Set<string>();
      let waiting = false;
      for (const e of entries) {
        if (!e.isFile() || isIgnoredName(e.name)) continue;
        // A filtered folder leaves other files where they are, untouched (ownOCR's Filters).
        const ext = path.extname(e.name).toLowerCase();
        if (this.folder.extensions && !this.folder.extensions.includes(ext)) continue;
        present.add(e.name);
        const file = path.join(this.folder.inputDir, e.name);
        let st;
        try {
          st = await stat(file);
        } catch {
          continue;
        }
        const prev = this.seen.get(e.name);
        if (!prev || prev.size !== st.size || prev.mtimeMs !== st.mtimeMs) {
          this.seen.set(e.name, { size: st.size, mtimeMs: st.mtimeMs, since: now });
          waiting = true;
          continue;
        }
        if (now - prev.since < this.folder.stableMs) {
          waiting = true;
          continue;
        }
        const key = { name: e.name, size: st.size, mtimeMs: st.mtimeMs };
        if (this.store.hotFolders.wasTaken(this.folder.id, key)) continue;
        if (!(await canOpen(file))) {
          waiting = true;
          continue;
        }
        // A copy that paused longer than stableMs looks stable but ends mid-file: wait for the format's end
        // marker, up to INCOMPLETE_GRACE stable periods, then take it anyway (it fails as corrupt, clearly).
        if (
          !(await looksComplete(file, st.size)) &&
          now - prev.since < INCOMPLETE_GRACE * this.folder.stableMs
        ) {
          waiting = true;
          continue;
        }
        await this.take(file, key);
      }
      for (const name of this.seen.keys()) if (!present.has(name)) this.seen.delete(name);
      this.store.hotFolders.setLastError(this.folder.id, null);
      if (waiting) this.schedule(Math.max(200, Math.min(this.folder.stableMs, 1000)));
    } catch (e) {
      this.store.hotFolders.setLastError(
        this.folder.id,
        `cannot scan ${this.folder.inputDir}: ${(e as Error).message}`,
      );
    } finally {
      this.scanning = false;
      if (this.rescan) {
        this.rescan = false;
        this.schedule(50);
      }
    }
  }

  private async take(file: string, key: { name: string; size: number; mtimeMs: number }): Promise<void> {
    const f = this.folder;
    try {
      await this.service.create({
        files: [{ name: key.name, path: file }],
        source: 'hot-folder',
        hotFolderId: f.id,
        ...(f.profile ? { profile: f.profile } : {}),
        options: f.options,
        onCreated: (jobId) => this.store.hotFolders.take(f.id, key, jobId),
      });
    } catch (e) {
      // Refused before a job existed (wrong type, empty file): the original goes to failed/ with the reason.
      this.store.db
        .prepare(
          `INSERT OR IGNORE INTO hot_folder_files (folder_id, name, size, mtime_ms, job_id, status, created_at)
           VALUES (?, ?, ?, ?, NULL, 'failed', ?)`,
        )
        .run(f.id, key.name, key.size, Math.trunc(key.mtimeMs), new Date().toISOString());
      if (!isOcrDeskError(e)) console.error(`hot folder ${f.inputDir}: ${key.name}:`, e);
      await settleOriginal(f, key.name, 'failed', toErrorBody(e).error, key);
    }
  }
}

const INCOMPLETE_GRACE = 6;

/** Whether the file ends the way its format ends (PNG IEND, JPEG EOI, PDF %%EOF); true for formats without one. */
export async function looksComplete(file: string, size: number): Promise<boolean> {
  if (size < 8) return false;
  let fh;
  try {
    fh = await open(file, 'r');
    const head = new Uint8Array(8);
    await fh.read(head, 0, 8, 0);
    const tailSize = Math.min(size, 1024);
    const tail = new Uint8Array(tailSize);
    await fh.read(tail, 0, tailSize, size - tailSize);
    const text = Buffer.from(tail).toString('latin1');
    if (head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47) {
      return text.endsWith('IEND\xae\x42\x60\x82');
    }
    if (head[0] === 0xff && head[1] === 0xd8) return text.includes('\xff\xd9');
    if (Buffer.from(head).toString('latin1').startsWith('%PDF-')) return text.includes('%%EOF');
    return true;
  } catch {
    return false;
  } finally {
    await fh?.close();
  }
}

async function canOpen(file: string): Promise<boolean> {
  try {
    const fh = await open(file, 'r');
    await fh.close();
    return true;
  } catch {
    return false;
  }
}

/** Moves (or leaves, or deletes) an original after its job, writing `<name>.error.txt` beside a failed one. */
async function settleOriginal(
  folder: HotFolder,
  name: string,
  outcome: 'done' | 'failed',
  error?: { code: string; message: string },
  taken?: { size: number; mtimeMs: number },
): Promise<void> {
  const file = path.join(folder.inputDir, name);
  const action = outcome === 'done' ? folder.afterSuccess : folder.afterFailure;
  if (action === 'leave') return;
  try {
    const st = await stat(file);
    // Still being written after we took it: that file is a newer version, taken again once stable; never move it.
    if (taken && (st.size !== taken.size || Math.trunc(st.mtimeMs) !== Math.trunc(taken.mtimeMs))) return;
  } catch {
    return; // already moved (a settle that ran before a restart)
  }
  if (action === 'delete') {
    await rm(file, { force: true });
    return;
  }
  const dir = path.join(folder.inputDir, outcome === 'done' ? DONE_DIR : FAILED_DIR);
  await mkdir(dir, { recursive: true });
  const target = await uniquePath(dir, name);
  await rename(file, target);
  if (outcome === 'failed' && error) {
    await writeFileAtomic(`${target}.error.txt`, `${error.code}: ${error.message}\n`);
  }
}

export class HotFolderManager {
  private readonly watchers = new Map<string, FolderWatcher>();

  constructor(
    private readonly store: Store,
    private readonly service: JobService,
  ) {}

  /** Starts every enabled folder, first settling jobs that finished while the engine was down. */
  async start(): Promise<void> {
    for (const f of this.store.hotFolders.list()) {
      for (const u of this.store.hotFolders.unsettled(f.id)) await this.onJobFinished(u.jobId);
      this.launch(f);
    }
  }

  stop(): void {
    for (const w of this.watchers.values()) w.stop();
    this.watchers.clear();
  }

  async create(input: HotFolderInput): Promise<HotFolder> {
    const config = hotFolderConfig(input);
    await checkFolders(config.inputDir, config.outputDir);
    if (config.profile) this.store.profiles.get(config.profile);
    const id = randomUUID();
    this.store.hotFolders.insert(id, {
      ...config,
      inputDir: path.resolve(config.inputDir),
      outputDir: path.resolve(config.outputDir),
    });
    const folder = this.store.hotFolders.get(id);
    this.launch(folder);
    return folder;
  }

  async update(id: string, input: HotFolderInput): Promise<HotFolder> {
    const old = this.store.hotFolders.get(id);
    const config = hotFolderConfig(input, old);
    await checkFolders(config.inputDir, config.outputDir);
    if (config.profile) this.store.profiles.get(config.profile);
    this.store.hotFolders.update(id, {
      ...config,
      inputDir: path.resolve(config.inputDir),
      outputDir: path.resolve(config.outputDir),
    });
    this.watchers.get(id)?.stop();
    this.watchers.delete(id);
    const folder = this.store.hotFolders.get(id);
    this.launch(folder);
    return folder;
  }

  remove(id: string): Promise<void> {
    this.store.hotFolders.get(id);
    this.watchers.get(id)?.stop();
    this.watchers.delete(id);
    this.store.hotFolders.delete(id);
    return Promise.resolve();
  }

  /** Runner callback: copy outputs, then settle the original. Safe to call twice. */
  async onJobFinished(jobId: string): Promise<void> {
    const taken = this.store.hotFolders.fileOfJob(jobId);
    if (!taken) return;
    let folder: HotFolder;
    try {
      folder = this.store.hotFolders.get(taken.folderId);
    } catch {
      return;
    }
    const job = this.store.jobs.exists(jobId) ? this.store.jobs.get(jobId) : undefined;
    const ok = job?.status === 'completed';
    try {
      if (ok) {
        await mkdir(folder.outputDir, { recursive: true });
        const stem = path.parse(taken.name).name;
        for (const a of this.store.jobs.artifacts(jobId)) {
          const ext = a.fileName.slice(path.parse(a.fileName).name.length);
          const target = await uniquePath(
            folder.outputDir,
            `${stem}${ext.startsWith('.alto') ? ext : path.extname(a.fileName)}`,
          );
          await writeFileAtomic(target, await readFile(a.path));
        }
      }
      await settleOriginal(
        folder,
        taken.name,
        ok ? 'done' : 'failed',
        job?.error ?? { code: 'CANCELED', message: 'job canceled' },
        taken,
      );
      this.store.hotFolders.settle(jobId, ok ? 'done' : 'failed');
    } catch (e) {
      this.store.hotFolders.setLastError(folder.id, `${taken.name}: ${(e as Error).message}`);
    }
  }

  private launch(folder: HotFolder): void {
    if (!folder.enabled) return;
    const w = new FolderWatcher(folder, this.store, this.service);
    this.watchers.set(folder.id, w);
    w.start();
  }
}

async function checkFolders(inputDir: string, outputDir: string): Promise<void> {
  const input = path.resolve(inputDir);
  const output = path.resolve(outputDir);
  if (!path.isAbsolute(inputDir) || !path.isAbsolute(outputDir)) {
    throw new OcrDeskError('VALIDATION_FAILED', 'hot folder paths must be absolute', { inputDir, outputDir });
  }
  if (output === input || output.startsWith(`${input}${path.sep}`)) {
    // Outputs inside the watched folder would be taken as new inputs.
    throw new OcrDeskError('VALIDATION_FAILED', 'the output folder must not be inside the input folder', {
      inputDir,
      outputDir,
    });
  }
  for (const dir of [input, output]) {
    try {
      await mkdir(dir, { recursive: true });
      if (!(await stat(dir)).isDirectory()) throw new Error('not a folder');
    } catch (e) {
      throw new OcrDeskError('VALIDATION_FAILED', `cannot use ${dir}: ${(e as Error).message}`, { dir });
    }
  }
}
