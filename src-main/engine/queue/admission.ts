// Backpressure for scripts: past a queue depth, or a number of new jobs per minute, new API jobs are refused with
// 429 and a Retry-After, instead of piling up work (and disk) the engine cannot catch up with.
import { OcrDeskError } from '../../../src-shared/errors.ts';

export interface AdmissionLimits {
  /** Jobs waiting in the queue (held and scheduled ones included) past which new API jobs are refused; 0: none. */
  readonly maxQueuedJobs: number;
  /** New API jobs per rolling minute; 0: no limit. */
  readonly maxJobsPerMinute: number;
}

export const DEFAULT_ADMISSION: AdmissionLimits = { maxQueuedJobs: 10_000, maxJobsPerMinute: 0 };

const WINDOW_MS = 60_000;

export class Admission {
  private readonly recent: number[] = [];

  constructor(
    readonly limits: AdmissionLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Throws RATE_LIMITED when `count` more jobs would pass a limit. `waiting` is the queue's depth now, and
   * `secondsPerJob` the engine's recent pace (for the Retry-After of a full queue).
   */
  check(count: number, waiting: number, secondsPerJob: number | null): void {
    const { maxQueuedJobs, maxJobsPerMinute } = this.limits;
    if (maxQueuedJobs > 0 && waiting + count > maxQueuedJobs) {
      const excess = waiting + count - maxQueuedJobs;
      throw new OcrDeskError(
        'RATE_LIMITED',
        `the queue holds ${waiting} jobs (limit ${maxQueuedJobs}); try again later`,
        {
          queued: waiting,
          maxQueuedJobs,
          retryAfterSeconds: clampSeconds(excess * (secondsPerJob ?? 10)),
        },
      );
    }
    if (maxJobsPerMinute > 0) {
      this.prune();
      if (this.recent.length + count > maxJobsPerMinute) {
        // The slot frees when enough of the window's oldest creations age out.
        const freeing = this.recent[Math.max(0, this.recent.length + count - maxJobsPerMinute - 1)];
        const wait = freeing === undefined ? WINDOW_MS : freeing + WINDOW_MS - this.now();
        throw new OcrDeskError(
          'RATE_LIMITED',
          `at most ${maxJobsPerMinute} new jobs per minute; try again later`,
          { maxJobsPerMinute, retryAfterSeconds: clampSeconds(wait / 1000) },
        );
      }
    }
  }

  /** Counts jobs that were created. */
  record(count: number): void {
    if (this.limits.maxJobsPerMinute <= 0) return;
    const t = this.now();
    for (let i = 0; i < count; i++) this.recent.push(t);
    this.prune();
  }

  private prune(): void {
    const cutoff = this.now() - WINDOW_MS;
    while (this.recent.length > 0 && this.recent[0]! <= cutoff) this.recent.shift();
  }
}

function clampSeconds(s: number): number {
  return Math.min(3600, Math.max(1, Math.ceil(s)));
}
