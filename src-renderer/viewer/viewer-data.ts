// What the viewer fetches and saves through the API client, written into the viewer store. One instance per job;
// every write checks the store still shows that job, so answers that arrive after a switch are dropped.
import type { ApiClient } from '../../src-shared/api-client.ts';
import type { PageResult } from '../../src-shared/ocr-result.ts';
import { ImageCache } from './image-cache.ts';
import { applyCorrections, nextLowConfidence, pageWords, restoreWord, type PageWord } from './page-words.ts';
import { pageKey, useViewerStore, type PageRef } from './useViewerStore.ts';

const store = useViewerStore;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A word as messages quote it: long pastes cut to their start. */
function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * `task` as a function that runs it now, or, when called while it runs, once more after it: every caller gets
 * the promise of the run that covers its call, and bursts (a page finishing, keystrokes) cost at most two runs.
 */
function coalesced(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await task();
      } while (again);
    })().finally(() => (running = null));
    return running;
  };
  return run;
}

export class ViewerData {
  readonly images: ImageCache;
  /** The widest page image shown per page, so a page never drops back to a smaller one. */
  readonly shownWidths = new Map<string, number>();
  private readonly inflight = new Map<string, Promise<PageResult | undefined>>();

  constructor(
    readonly api: ApiClient,
    readonly jobId: string,
  ) {
    this.images = new ImageCache(api, jobId);
  }

  /** Whether the store still shows this job (answers for another job are dropped). */
  private get live(): boolean {
    return store.getState().jobId === this.jobId;
  }

  /** Gives the image URLs back; the instance stays usable, as React may mount the same viewer again. */
  dispose(): void {
    this.images.clear();
  }

  /** Re-reads the list of finished pages (calls while one runs fold into one more run after it). */
  readonly refreshPages = coalesced(async () => {
    try {
      const { pages } = await this.api.pages(this.jobId);
      if (!this.live) return;
      store.getState().setPages(pages satisfies readonly PageRef[]);
      const s = store.getState();
      if (s.currentKey) void this.loadResult(s.currentKey);
      // Search covers the whole document, pages that arrived since included.
      if (s.query) void this.loadAll();
    } catch (e) {
      if (this.live) store.getState().setError(`Could not list the pages: ${message(e)}`);
    }
  });

  /** A page's result, fetched once. */
  loadResult(key: string): Promise<PageResult | undefined> {
    const have = store.getState().results[key];
    if (have) return Promise.resolve(have);
    const running = this.inflight.get(key);
    if (running) return running;
    const ref = store.getState().pages.find((p) => pageKey(p.file, p.page) === key);
    if (!ref) return Promise.resolve(undefined);
    const p = this.api
      .page(this.jobId, ref.file, ref.page)
      .then((stored) => {
        if (!this.live) return undefined;
        store.getState().setResult(key, stored.result);
        return stored.result;
      })
      .catch((e: unknown) => {
        if (this.live) store.getState().setError(`Could not load page ${ref.page}: ${message(e)}`);
        return undefined;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  /** Every page's result (for search), three requests at a time; calls while it runs fold as above. */
  readonly loadAll = coalesced(async () => {
    const keys = store.getState().pages.map((p) => pageKey(p.file, p.page));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < keys.length && this.live) await this.loadResult(keys[next++]!);
    };
    await Promise.all([worker(), worker(), worker()]);
  });

  /** Shows a page and fetches its result if it is not in yet. */
  goTo(key: string): void {
    store.getState().goTo(key);
    void this.loadResult(key);
  }

  step(delta: number): void {
    const s = store.getState();
    const i = s.pages.findIndex((p) => pageKey(p.file, p.page) === s.currentKey);
    const p = s.pages[Math.min(s.pages.length - 1, Math.max(0, i + delta))];
    if (p) this.goTo(pageKey(p.file, p.page));
  }

  /**
   * Selects and reveals the next word under the "high" confidence band after the active one, going on through the
   * following pages (fetching their results) and wrapping around; `direction` -1 goes backwards.
   */
  async nextToReview(direction: 1 | -1 = 1): Promise<void> {
    const s = store.getState();
    const keys = s.pages.map((p) => pageKey(p.file, p.page));
    if (keys.length === 0) return;
    const start = Math.max(0, keys.indexOf(s.currentKey ?? ''));
    const activeOrder = s.active && s.currentKey ? orderOf(s.results[s.currentKey], s.active) : undefined;
    // One step past the page count: the page we started on is searched again from its other end.
    for (let i = 0; i <= keys.length; i++) {
      const key = keys[(((start + i * direction) % keys.length) + keys.length) % keys.length]!;
      const result = await this.loadResult(key);
      if (!this.live) return;
      if (!result) continue;
      const words = pageWords(result);
      const after = i === 0 && activeOrder !== undefined ? activeOrder : direction === 1 ? -1 : words.length;
      const w = nextLowConfidence(words, after, direction);
      if (w) {
        this.reveal(key, w);
        return;
      }
    }
    store.getState().setNotice('Every word is at 90% confidence or more.');
  }

  reveal(key: string, w: PageWord): void {
    const st = store.getState();
    st.reveal(key, w.key);
    st.select([w.key]);
  }

  /** Saves a word's new text: shown at once, sent with `correct`, undone with a message if the server refuses. */
  async saveWord(key: string, w: PageWord, text: string): Promise<void> {
    const s = store.getState();
    const ref = s.pages.find((p) => pageKey(p.file, p.page) === key);
    const result = s.results[key];
    if (!ref || !result || text === w.text) return;
    const c = { block: w.block, line: w.line, word: w.word, text };
    s.setResult(key, applyCorrections(result, { words: [c] }));
    s.beginSave(key);
    try {
      const stored = await this.api.correct(this.jobId, ref.file, ref.page, { words: [c] });
      if (!this.live) return;
      const st = store.getState();
      // Each answer holds every save before it; only the last answer may replace what is on screen.
      if (st.endSave(key) === 0) st.setResult(key, stored.result);
      st.setPages(
        st.pages.map((p) => (p === ref || pageKey(p.file, p.page) === key ? { ...p, corrected: true } : p)),
      );
      st.setNotice(`Saved “${shorten(text)}”.`);
      st.setError(null);
    } catch (e) {
      if (!this.live) return;
      const st = store.getState();
      st.endSave(key);
      const now = st.results[key];
      if (now) st.setResult(key, restoreWord(now, c, w.text, w.confidence));
      st.setError(`Could not save “${shorten(text)}”: ${message(e)}`);
    }
  }
}

function orderOf(result: PageResult | undefined, key: string): number | undefined {
  return result ? pageWords(result).find((w) => w.key === key)?.order : undefined;
}
