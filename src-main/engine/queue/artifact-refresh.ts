// Outputs follow corrections. A correction schedules the job's stale outputs to be written again shortly after
// (edits come one word at a time, in bursts), and a download first waits for that, so no script or GUI export
// ever gets text from before the latest correction.
import type { OutputFormat } from '../../../src-shared/api-schemas.ts';
import type { Store } from '../store/store.ts';

type Write = (jobId: string, formats: readonly OutputFormat[]) => Promise<string[]>;

export class ArtifactRefresh {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly write: Write,
    private readonly delayMs = 1500,
  ) {}

  /** A page of the job was corrected: write its outputs again once the edits pause. */
  corrected(jobId: string): void {
    clearTimeout(this.timers.get(jobId));
    const timer = setTimeout(() => {
      this.timers.delete(jobId);
      this.refresh(jobId).catch((e: unknown) => console.error(`rewriting outputs of job ${jobId}:`, e));
    }, this.delayMs);
    timer.unref();
    this.timers.set(jobId, timer);
  }

  /** Resolves once no output of the job predates its latest correction. */
  async fresh(jobId: string): Promise<void> {
    if (this.timers.has(jobId)) {
      clearTimeout(this.timers.get(jobId));
      this.timers.delete(jobId);
    }
    await this.refresh(jobId);
  }

  /** Stops pending rewrites (the corrections are stored; the next download writes them). */
  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private refresh(jobId: string): Promise<void> {
    // One rewrite per job at a time; a second caller waits for the first, then checks again.
    const previous = this.running.get(jobId) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        if (this.store.jobs.get(jobId).status !== 'completed') return;
        const stale = this.store.jobs.staleArtifactFormats(jobId);
        if (stale.length === 0) return;
        this.store.jobs.addWarnings(jobId, await this.write(jobId, stale));
      })
      .finally(() => {
        if (this.running.get(jobId) === next) this.running.delete(jobId);
      });
    this.running.set(jobId, next);
    return next;
  }
}
