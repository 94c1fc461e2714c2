// Seconds per recognised page as a Prometheus histogram (cumulative buckets since the engine started).

/** Upper bounds in seconds: a small image on a GPU, a dense scan on two CPU cores, a stuck page. */
export const PAGE_SECONDS_BUCKETS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64] as const;

export interface HistogramSnapshot {
  /** [upper bound, pages at or under it]; the last bucket (+Inf) is `count`. */
  readonly buckets: ReadonlyArray<readonly [number, number]>;
  readonly sum: number;
  readonly count: number;
}

export class PageHistogram {
  private readonly counts = PAGE_SECONDS_BUCKETS.map(() => 0);
  private sum = 0;
  private count = 0;

  observe(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    this.sum += seconds;
    this.count++;
    PAGE_SECONDS_BUCKETS.forEach((le, i) => {
      if (seconds <= le) this.counts[i]!++;
    });
  }

  snapshot(): HistogramSnapshot {
    return {
      buckets: PAGE_SECONDS_BUCKETS.map((le, i) => [le, this.counts[i]!] as const),
      sum: this.sum,
      count: this.count,
    };
  }
}
