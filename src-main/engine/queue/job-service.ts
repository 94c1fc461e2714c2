// What the API, hot folders and the CLI can do with jobs. Inputs are copied into the job's own folder first,
// so a job never depends on a file the user (or a hot folder) may move away.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  DEFAULT_JOB_OPTIONS,
  type Job,
  type JobCreate,
  type JobOptions,
  type JobPatch,
} from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { type DataPaths, jobDir } from '../config/paths.ts';
import { describeUnknownBytes, SNIFF_BYTES, sniffMediaType } from '../documents/sniff-media-type.ts';
import { MAX_FILES_PER_JOB, type NewJobFile } from '../store/jobs-repo.ts';
import type { Store } from '../store/store.ts';
import { Admission, type AdmissionLimits, DEFAULT_ADMISSION } from './admission.ts';
import type { EventBus } from './event-bus.ts';

export interface JobInputFile {
  /** Name shown to the user and used for outputs. */
  readonly name: string;
  /** Where the bytes are now. */
  readonly path: string;
  /** Move instead of copy (uploads already in our data dir). */
  readonly move?: boolean;
}

export interface CreateJobRequest extends Omit<JobCreate, 'paths'> {
  readonly files: readonly JobInputFile[];
  readonly source: Job['source'];
  readonly hotFolderId?: string;
  /** Runs inside the creating transaction: hot folders record the file as taken there. */
  readonly onCreated?: (jobId: string) => void;
}

export { MAX_FILES_PER_JOB };

/** A file name safe to use inside our folders: no separators, no control characters, not empty. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .map((c) => (c.charCodeAt(0) < 32 || c === '\u007f' || '<>:"|?*'.includes(c) ? '_' : c))
    .join('')
    .replace(/^\.+/, '_')
    .slice(-200);
  return clean.length > 0 ? clean : 'file';
}

/** Media types we recognise but cannot decode yet: refused at the door rather than failing later in the queue. */
export const UNDECODABLE_MEDIA_TYPES: ReadonlySet<string> = new Set(['image/bmp']);

export class JobService {
  readonly admission: Admission;
  /** When this engine started (uptime in the stats). */
  readonly startedAt = Date.now();

  constructor(
    private readonly store: Store,
    private readonly paths: DataPaths,
    private readonly bus: EventBus,
    private readonly wakeRunner: () => void,
    limits: Partial<AdmissionLimits> = {},
  ) {
    this.admission = new Admission({ ...DEFAULT_ADMISSION, ...limits });
  }

  /** Throws RATE_LIMITED (429) if `count` new API jobs would pass the queue or rate limits. */
  admit(count = 1): void {
    const ms = this.store.jobs.msPerPage();
    this.admission.check(count, this.store.jobs.counts().queued, ms === null ? null : ms / 1000);
  }

  /** Defaults, then the profile, then the job's own overrides. */
  resolveOptions(profile: string | undefined, overrides: JobOptions | undefined): JobOptions {
    const base = profile ? this.store.profiles.get(profile).options : {};
    return { ...DEFAULT_JOB_OPTIONS, ...base, ...overrides };
  }

  async create(req: CreateJobRequest): Promise<Job> {
    if (req.files.length === 0) throw new OcrDeskError('VALIDATION_FAILED', 'a job needs at least one file');
    if (req.files.length > MAX_FILES_PER_JOB) {
      throw new OcrDeskError('VALIDATION_FAILED', `at most ${MAX_FILES_PER_JOB} files per job`, {
        files: req.files.length,
      });
    }
    const options = this.resolveOptions(req.profile, req.options);
    if (req.source === 'api') this.admit();
    const id = randomUUID();
    const inputDir = path.join(jobDir(this.paths, id), 'input');
    await mkdir(inputDir, { recursive: true });
    const files: NewJobFile[] = [];
    try {
      for (const [i, f] of req.files.entries()) {
        const name = safeFileName(f.name);
        const target = path.join(inputDir, `${String(i).padStart(4, '0')}-${name}`);
        const { size, sha256, mediaType } = await ingest(f, target);
        files.push({ name, path: target, size, sha256, mediaType });
      }
    } catch (e) {
      await rm(jobDir(this.paths, id), { recursive: true, force: true });
      throw e;
    }
    const cacheKey = req.useCache ? cacheKeyOf(files, options) : undefined;
    this.store.db
      .transaction(() => {
        this.store.jobs.insert({
          id,
          name: req.name,
          externalId: req.externalId,
          priority: req.priority,
          profile: req.profile,
          options,
          source: req.source,
          hotFolderId: req.hotFolderId,
          cacheKey,
          held: req.start === false,
          notBefore: req.notBefore,
          files,
        });
        req.onCreated?.(id);
      })
      .immediate();
    if (req.source === 'api') this.admission.record(1);
    this.bus.publish('job.created', id);
    this.wakeRunner();
    return this.store.jobs.get(id);
  }

  /** Changes a job after creation (name, external id, priority, hold, schedule; options before it starts). */
  patch(id: string, patch: JobPatch): Job {
    let options: JobOptions | undefined;
    let cacheKey: string | undefined;
    if (patch.options !== undefined) {
      options = { ...this.store.jobs.options(id), ...patch.options };
      // A job in the cache must be found under its new options, not the ones it was created with.
      if (this.store.jobs.cacheKey(id) !== null) cacheKey = cacheKeyOf(this.store.jobs.files(id), options);
    }
    this.store.jobs.patch(id, {
      name: patch.name,
      externalId: patch.externalId,
      priority: patch.priority,
      held: patch.held,
      notBefore: patch.notBefore,
      options,
      cacheKey,
    });
    this.bus.publish('job.progress', id);
    this.wakeRunner();
    return this.store.jobs.get(id);
  }

  /** Starts a held or scheduled job now. */
  start(id: string): Job {
    this.store.jobs.release(id);
    this.bus.publish('job.progress', id);
    this.wakeRunner();
    return this.store.jobs.get(id);
  }

  cancel(id: string): Job {
    const status = this.store.jobs.requestCancel(id);
    if (status === 'canceled') this.bus.publish('job.canceled', id);
    return this.store.jobs.get(id);
  }

  retry(id: string): Job {
    this.store.jobs.retry(id);
    this.bus.publish('job.created', id);
    this.wakeRunner();
    return this.store.jobs.get(id);
  }

  /** Drops one input file from a job that is not running (its pages and the job's stale outputs go too). */
  /** Adds files to a job that has not started yet (held, scheduled or still waiting in the queue). */
  async addFiles(id: string, inputs: readonly JobInputFile[]): Promise<Job> {
    if (inputs.length === 0) throw new OcrDeskError('VALIDATION_FAILED', 'no files to add');
    const job = this.store.jobs.get(id);
    if (job.status !== 'queued') {
      throw new OcrDeskError(
        'CONFLICT',
        `job ${id} is ${job.status}: files can be added only before it starts`,
        {
          status: job.status,
        },
      );
    }
    const inputDir = path.join(jobDir(this.paths, id), 'input');
    await mkdir(inputDir, { recursive: true });
    const files: NewJobFile[] = [];
    try {
      for (const f of inputs) {
        const name = safeFileName(f.name);
        // The index is given in the transaction below; a unique stored name keeps two additions apart meanwhile.
        const target = path.join(inputDir, `add-${randomUUID().slice(0, 8)}-${name}`);
        const { size, sha256, mediaType } = await ingest(f, target);
        files.push({ name, path: target, size, sha256, mediaType });
      }
      this.store.jobs.addFiles(id, files, (all) => cacheKeyOf(all, this.store.jobs.options(id)));
    } catch (e) {
      await Promise.all(files.map((f) => rm(f.path, { force: true })));
      throw e;
    }
    this.bus.publish('job.progress', id);
    this.wakeRunner();
    return this.store.jobs.get(id);
  }

  async deleteFile(id: string, fileIdx: number): Promise<Job> {
    const stored = this.store.jobs.deleteFile(id, fileIdx);
    await rm(stored, { force: true });
    this.bus.publish('job.progress', id);
    return this.store.jobs.get(id);
  }

  async delete(id: string): Promise<void> {
    this.store.jobs.delete(id);
    await rm(jobDir(this.paths, id), { recursive: true, force: true });
    this.bus.publish('job.deleted', id);
  }
}

function cacheKeyOf(files: ReadonlyArray<{ sha256: string }>, options: JobOptions): string {
  return createHash('sha256')
    .update(JSON.stringify({ files: files.map((f) => f.sha256), options }))
    .digest('hex');
}

/** The media type of a file we can read; INPUT_NOT_FOUND, EMPTY_INPUT or UNSUPPORTED_MEDIA_TYPE otherwise. */
export async function refuseUnreadable(
  file: string,
  name: string,
): Promise<{ size: number; mediaType: string }> {
  let st;
  try {
    st = await stat(file);
  } catch (e) {
    throw new OcrDeskError('INPUT_NOT_FOUND', `cannot read ${name}: ${(e as NodeJS.ErrnoException).code}`, {
      file: name,
    });
  }
  if (!st.isFile()) throw new OcrDeskError('INPUT_NOT_FOUND', `not a file: ${name}`, { file: name });
  if (st.size === 0) throw new OcrDeskError('EMPTY_INPUT', `empty file: ${name}`, { file: name });
  const head = new Uint8Array(Math.min(SNIFF_BYTES, st.size));
  const fh = await open(file, 'r');
  try {
    await fh.read(head, 0, head.length, 0);
  } finally {
    await fh.close();
  }
  const mediaType = sniffMediaType(head);
  if (mediaType === undefined) {
    throw new OcrDeskError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${name} is not a supported image or PDF: ${describeUnknownBytes(head)}`,
      { file: name },
    );
  }
  if (UNDECODABLE_MEDIA_TYPES.has(mediaType)) {
    // The image loader would refuse it on the first page: say so now, with 415, before a job exists.
    throw new OcrDeskError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${name}: ${mediaType} is not supported yet; convert to PNG or TIFF`,
      {
        file: name,
        mediaType,
      },
    );
  }
  return { size: st.size, mediaType };
}

/** Copies (or moves) one input into the job folder, hashing on the way; refuses what we cannot read. */
async function ingest(
  f: JobInputFile,
  target: string,
): Promise<{ size: number; sha256: string; mediaType: string }> {
  const { size, mediaType } = await refuseUnreadable(f.path, safeFileName(f.name));
  const hash = createHash('sha256');
  if (f.move) {
    await rename(f.path, target);
    await pipeline(createReadStream(target), hash);
  } else {
    await pipeline(
      createReadStream(f.path),
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const c of chunks) {
          hash.update(c);
          yield c;
        }
      },
      createWriteStream(target, { flags: 'wx' }),
    );
  }
  // The job row will point at this file: it must be on disk before the row is committed.
  const written = await open(target, 'r+');
  try {
    await written.sync();
  } finally {
    await written.close();
  }
  return { size, sha256: hash.digest('hex'), mediaType };
}
