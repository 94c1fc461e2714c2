// Runs queued jobs one at a time, one page at a time: each finished page is committed before the next starts,
// so cancellation takes effect at the next page and a restart resumes at the next page.
import type { JobOptions } from '../../../src-shared/api-schemas.ts';
import { isOcrDeskError, OcrDeskError } from '../../../src-shared/errors.ts';
import { type DataPaths, pagesDir } from '../config/paths.ts';
import type { Store } from '../store/store.ts';
import type { EventBus } from './event-bus.ts';
import { PageHistogram } from './page-histogram.ts';
import type { OpenPagesTarget, PageStream } from './page-source.ts';
import { writeArtifacts } from './write-artifacts.ts';

export interface JobRunnerOptions {
  /** A job whose processing was interrupted this many times fails instead of running again. */
  readonly maxAttempts?: number;
  /** Called after a job reaches a final state (hot folders settle their originals here). */
  readonly onFinished?: (jobId: string) => void | Promise<void>;
}

/** Where pages come from: the OCR worker thread in the service, anything with the same shape in tests. */
export interface PageOpener {
  openPages(
    file: string,
    options: JobOptions,
    skip: ReadonlySet<number>,
    target: OpenPagesTarget,
  ): Promise<PageStream>;
  /** Stop producing pages after the current one (cancel, shutdown). */
  stop(): void;
}

class Canceled extends Error {}

export class JobRunner {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private current: string | undefined;
  private readonly maxAttempts: number;
  /** Pages recognised since start (cache hits and replays not counted): what /metrics reports. */
  readonly pageSeconds = new PageHistogram();

  constructor(
    private readonly store: Store,
    private readonly paths: DataPaths,
    private readonly bus: EventBus,
    private readonly ocr: PageOpener,
    private readonly options: JobRunnerOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  /** Requeues jobs a crash left `processing`, then starts taking jobs. */
  start(): void {
    if (this.running) return;
    const { requeued, failed } = this.store.jobs.recoverInterrupted(this.maxAttempts);
    for (const id of failed) this.bus.publish('job.failed', id);
    for (const id of requeued) this.bus.publish('job.created', id);
    this.running = true;
    this.loop = this.run();
  }

  wake(): void {
    this.wakeUp?.();
  }

  get currentJob(): string | undefined {
    return this.current;
  }

  /** Stops after the page in progress; its job stays `processing` and resumes at the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.ocr.stop();
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const id = this.store.jobs.nextQueued();
      if (id === undefined) {
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
          // A periodic look as well: another process (a second `serve` on the same data dir) may queue jobs.
          setTimeout(resolve, 2000).unref();
        });
        this.wakeUp = undefined;
        continue;
      }
      if (!this.store.jobs.start(id)) continue;
      this.current = id;
      this.bus.publish('job.started', id);
      try {
        await this.runJob(id);
      } finally {
        this.current = undefined;
      }
    }
  }

  private checkCancel(id: string): void {
    const s = this.store.jobs.status(id);
    if (!s || s.cancelRequested) throw new Canceled();
    if (!this.running) throw new Stopping();
  }

  private async runJob(id: string): Promise<void> {
    const { store } = this;
    try {
      const job = store.jobs.get(id);
      if (await this.fromCache(id)) return;
      for (const file of store.jobs.files(id)) {
        const done = store.jobs.donePages(id, file.idx);
        store.jobs.setStage(id, 'loading', `${file.name}`);
        const stream = await this.ocr.openPages(file.path, job.options, done, {
          imageDir: pagesDir(this.paths, id),
          fileIdx: file.idx,
        });
        store.jobs.setFilePages(id, file.idx, stream.mediaType, stream.pageCount);
        store.jobs.setStage(id, 'recognizing', `${file.name}`);
        this.bus.publish('job.progress', id);
        for await (const page of stream.pages) {
          store.jobs.savePage(id, file.idx, page, page.timings.totalMs);
          this.pageSeconds.observe(page.timings.totalMs / 1000);
          if (page.warnings)
            store.jobs.addWarnings(
              id,
              page.warnings.map((w) => `${file.name} p${page.page}: ${w}`),
            );
          this.bus.publish('job.progress', id);
          try {
            this.checkCancel(id);
          } catch (e) {
            this.ocr.stop();
            throw e;
          }
        }
        store.jobs.addWarnings(
          id,
          (stream.warnings?.() ?? []).map((w) => `${file.name}: ${w}`),
        );
      }
      this.checkCancel(id);
      store.jobs.setStage(id, 'exporting');
      this.bus.publish('job.progress', id);
      const exportStart = performance.now();
      const warnings = await writeArtifacts(store, this.paths, id, job.options.outputs ?? []);
      store.jobs.addStageMs(id, { exportMs: performance.now() - exportStart });
      store.jobs.addWarnings(id, warnings);
      store.jobs.finish(id, 'completed');
      this.bus.publish('job.completed', id);
    } catch (e) {
      if (e instanceof Stopping) return;
      if (e instanceof Canceled) {
        if (store.jobs.exists(id)) {
          store.jobs.finish(id, 'canceled');
          this.bus.publish('job.canceled', id);
        }
      } else {
        this.fail(id, e);
      }
    }
    await this.options.onFinished?.(id);
  }

  private fail(id: string, e: unknown): void {
    const err = isOcrDeskError(e)
      ? e
      : new OcrDeskError('INTERNAL', e instanceof Error ? e.message : String(e), {}, { cause: e });
    if (!isOcrDeskError(e)) console.error(`job ${id}:`, e);
    const attempts = this.store.jobs.get(id).attempts;
    // Transient failures (disk full, a write that failed) go back to the queue; bad inputs fail once.
    if (err.retryable && attempts < this.maxAttempts) {
      this.store.jobs.requeue(id, `retrying after ${err.code}: ${err.message}`);
      this.bus.publish('job.progress', id);
      return;
    }
    this.store.jobs.finish(id, 'failed', err);
    this.bus.publish('job.failed', id);
  }

  /** Reuses an identical earlier job's pages (same bytes, same options), then writes this job's outputs. */
  private async fromCache(id: string): Promise<boolean> {
    const key = (
      this.store.db.prepare('SELECT cache_key FROM jobs WHERE id = ?').get(id) as { cache_key: string | null }
    ).cache_key;
    if (!key) return false;
    const hit = this.store.jobs.findCached(key, id);
    if (!hit) return false;
    this.store.jobs.copyPages(hit, id);
    this.store.jobs.setStage(id, 'exporting', `results reused from job ${hit}`);
    const options = this.store.jobs.options(id);
    const exportStart = performance.now();
    const warnings = await writeArtifacts(this.store, this.paths, id, options.outputs ?? []);
    this.store.jobs.addStageMs(id, { exportMs: performance.now() - exportStart });
    this.store.jobs.addWarnings(id, warnings);
    this.store.jobs.finish(id, 'completed', undefined, true);
    this.bus.publish('job.completed', id);
    await this.options.onFinished?.(id);
    return true;
  }
}

class Stopping extends Error {}
