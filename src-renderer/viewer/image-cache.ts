// Page images as object URLs, fetched once per size through the API client and revoked when the viewer closes.
import type { ApiClient } from '../../src-shared/api-client.ts';

/** Thumbnails are kept for every page; full-size images only for the last few pages looked at. */
const KEEP_LARGE = 6;
export const THUMB_WIDTH = 240;

interface Entry {
  readonly promise: Promise<string>;
  url?: string;
}

/** What a fetch that finished after clear() rejects with; callers that were torn down ignore it. */
export class ImageCacheCleared extends Error {}

export class ImageCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by clear(): fetches started before it give their URL back instead of leaking it. */
  private generation = 0;

  constructor(
    private readonly api: ApiClient,
    private readonly jobId: string,
  ) {}

  private static key(file: number, page: number, maxWidth: number | undefined): string {
    return `${file}:${page}@${maxWidth ?? 'full'}`;
  }

  /** The URL if it is already loaded (to show a thumbnail under a page whose large image is on its way). */
  peek(file: number, page: number, maxWidth: number | undefined): string | undefined {
    return this.entries.get(ImageCache.key(file, page, maxWidth))?.url;
  }

  get(file: number, page: number, maxWidth: number | undefined): Promise<string> {
    const key = ImageCache.key(file, page, maxWidth);
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last, so eviction drops the oldest.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.promise;
    }
    const generation = this.generation;
    const entry: Entry = {
      promise: this.api.pageImage(this.jobId, file, page, maxWidth).then((blob) => {
        if (generation !== this.generation) throw new ImageCacheCleared('the viewer was closed');
        const url = URL.createObjectURL(blob);
        entry.url = url;
        return url;
      }),
    };
    // A failed fetch is not cached: the next look tries again.
    entry.promise.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.entries.set(key, entry);
    if (maxWidth === undefined || maxWidth > THUMB_WIDTH) this.evict();
    return entry.promise;
  }

  private evict(): void {
    // Only loaded entries go: one still on its way would leak the URL it is about to make.
    const large = [...this.entries].filter(([k, e]) => !k.endsWith(`@${THUMB_WIDTH}`) && e.url);
    for (const [k, e] of large.slice(0, Math.max(0, large.length - KEEP_LARGE))) {
      URL.revokeObjectURL(e.url!);
      this.entries.delete(k);
    }
  }

  /** Revokes every URL; the cache stays usable (React may mount the same viewer again). */
  clear(): void {
    this.generation++;
    for (const e of this.entries.values()) if (e.url) URL.revokeObjectURL(e.url);
    this.entries.clear();
  }
}
