// The viewer's one store: which page, how it is viewed, the page results fetched so far, selection, editing and
// search. Actions here are synchronous and pure over the state; fetching lives in viewer-data.ts.
import { create } from 'zustand';
import type { PageSummary } from '../../src-shared/api-schemas.ts';
import type { PageResult, Rotation } from '../../src-shared/ocr-result.ts';
import {
  addTurns,
  clampPan,
  fitPage,
  fitWidth,
  revealBox,
  topOfPage,
  zoomAround,
  type PageSize,
  type View,
} from './geometry.ts';
import { findInPage, pageWords, type SearchHit } from './page-words.ts';

/** A finished page as the page list gives it (size, word count, corrected, its turn). */
export type PageRef = PageSummary;

export type Overlay = 'words' | 'lines' | 'off';
export type FitMode = 'width' | 'page' | null;

export interface DocumentHit extends SearchHit {
  readonly pageKey: string;
}

export interface ViewerState {
  jobId: string | null;
  pages: readonly PageRef[];
  /** "file:page" of the page on screen. */
  currentKey: string | null;
  results: Readonly<Record<string, PageResult>>;
  view: View;
  /** While set, the view follows the viewport's size (fit width / fit page). */
  fit: FitMode;
  /** Quarter turns the user added on top of the page's own rotation. */
  userTurn: Rotation;
  viewport: PageSize;
  overlay: Overlay;
  /** Selected word keys on the current page, and the one keyboard actions start from. */
  selected: ReadonlySet<string>;
  active: string | null;
  editing: string | null;
  hovered: { key: string; x: number; y: number } | null;
  query: string;
  hits: readonly DocumentHit[];
  hitIndex: number;
  /** Saves in flight per page: a server answer is applied only when it is the last one. */
  pendingSaves: Readonly<Record<string, number>>;
  error: string | null;
  notice: string | null;

  readonly reset: (jobId: string | null) => void;
  readonly setPages: (pages: readonly PageRef[]) => void;
  readonly setResult: (key: string, result: PageResult) => void;
  readonly goTo: (key: string) => void;
  readonly setViewport: (size: PageSize) => void;
  readonly setView: (view: View) => void;
  readonly panBy: (dx: number, dy: number) => void;
  readonly zoomBy: (factor: number, anchor?: readonly [number, number]) => void;
  readonly setFit: (mode: 'width' | 'page') => void;
  readonly setZoom: (zoom: number) => void;
  readonly rotate: (quarterTurns: number) => void;
  readonly setOverlay: (o: Overlay) => void;
  readonly cycleOverlay: () => void;
  readonly select: (keys: readonly string[], mode?: 'replace' | 'toggle' | 'add') => void;
  readonly clearSelection: () => void;
  readonly selectAll: () => void;
  readonly startEdit: (key: string) => void;
  readonly stopEdit: () => void;
  readonly setHovered: (h: ViewerState['hovered']) => void;
  readonly clearSearch: () => void;
  readonly setQuery: (q: string) => void;
  readonly stepHit: (delta: number) => void;
  readonly reveal: (key: string, wordKey: string) => void;
  readonly beginSave: (key: string) => void;
  readonly endSave: (key: string) => number;
  readonly setError: (message: string | null) => void;
  readonly setNotice: (message: string | null) => void;
}

export function pageKey(file: number, page: number): string {
  return `${file}:${page}`;
}

const INITIAL = {
  jobId: null,
  pages: [],
  currentKey: null,
  results: {},
  view: { zoom: 1, panX: 0, panY: 0 },
  fit: 'width',
  userTurn: 0,
  viewport: { width: 800, height: 600 },
  overlay: 'words',
  selected: new Set<string>(),
  active: null,
  editing: null,
  hovered: null,
  query: '',
  hits: [],
  hitIndex: -1,
  pendingSaves: {},
  error: null,
  notice: null,
} satisfies Partial<ViewerState>;

/** The current page's size and total turn, when its result is in. */
export function currentGeometry(s: ViewerState): { size: PageSize; turn: Rotation } | undefined {
  const r = s.currentKey ? s.results[s.currentKey] : undefined;
  return r ? { size: r, turn: addTurns(r.rotation, s.userTurn) } : undefined;
}

/** The view for a page just shown: fitted as the fit mode says, or at the current zoom with its top in view. */
function fitted(s: ViewerState, mode: FitMode, view: View): View {
  const g = currentGeometry(s);
  if (!g) return view;
  if (mode === 'width') return fitWidth(s.viewport, g.size, g.turn);
  if (mode === 'page') return fitPage(s.viewport, g.size, g.turn);
  return clampPan(topOfPage(s.viewport, g.size, g.turn, view.zoom), s.viewport, g.size, g.turn);
}

function clamped(s: ViewerState, view: View): View {
  const g = currentGeometry(s);
  return g ? clampPan(view, s.viewport, g.size, g.turn) : view;
}

function documentHits(pages: readonly PageRef[], results: ViewerState['results'], q: string): DocumentHit[] {
  if (!q.trim()) return [];
  return pages.flatMap((p) => {
    const key = pageKey(p.file, p.page);
    const r = results[key];
    return r ? findInPage(r, q).map((h) => ({ ...h, pageKey: key })) : [];
  });
}

export const useViewerStore = create<ViewerState>()((set, get) => ({
  ...INITIAL,

  reset: (jobId) => set({ ...INITIAL, jobId, viewport: get().viewport, overlay: get().overlay }),

  setPages: (pages) =>
    set((s) => {
      const currentKey =
        s.currentKey && pages.some((p) => pageKey(p.file, p.page) === s.currentKey)
          ? s.currentKey
          : pages[0]
            ? pageKey(pages[0].file, pages[0].page)
            : null;
      return { pages, currentKey };
    }),

  setResult: (key, result) =>
    set((s) => {
      const next: Partial<ViewerState> = { results: { ...s.results, [key]: result } };
      const merged = { ...s, ...next };
      // The first result of the page on screen decides the fitted view.
      if (key === s.currentKey && !s.results[key]) next.view = fitted(merged, s.fit, s.view);
      if (s.query) {
        next.hits = documentHits(s.pages, merged.results, s.query);
        next.hitIndex = Math.min(s.hitIndex, next.hits.length - 1);
      }
      return next;
    }),

  goTo: (key) =>
    set((s) => {
      if (key === s.currentKey) return {};
      const merged = { ...s, currentKey: key };
      return {
        currentKey: key,
        selected: new Set(),
        active: null,
        editing: null,
        hovered: null,
        view: fitted(merged, s.fit, s.view),
      };
    }),

  setViewport: (viewport) =>
    set((s) => {
      const merged = { ...s, viewport };
      return { viewport, view: s.fit ? fitted(merged, s.fit, s.view) : clamped(merged, s.view) };
    }),

  setView: (view) => set((s) => ({ view: clamped(s, view), fit: null })),

  panBy: (dx, dy) =>
    set((s) => ({
      view: clamped(s, { ...s.view, panX: s.view.panX + dx, panY: s.view.panY + dy }),
      fit: null,
    })),

  zoomBy: (factor, anchor) =>
    set((s) => {
      const at = anchor ?? [s.viewport.width / 2, s.viewport.height / 2];
      return { view: clamped(s, zoomAround(s.view, factor, [at[0], at[1]])), fit: null };
    }),

  setZoom: (zoom) => get().zoomBy(zoom / get().view.zoom),

  setFit: (mode) => set((s) => ({ fit: mode, view: fitted(s, mode, s.view) })),

  rotate: (quarterTurns) =>
    set((s) => {
      const merged = { ...s, userTurn: addTurns(s.userTurn, quarterTurns * 90) };
      return {
        userTurn: merged.userTurn,
        view: fitted(merged, s.fit ?? 'page', s.view),
        fit: s.fit ?? 'page',
      };
    }),

  setOverlay: (overlay) => set({ overlay }),
  cycleOverlay: () =>
    set((s) => ({ overlay: s.overlay === 'words' ? 'lines' : s.overlay === 'lines' ? 'off' : 'words' })),

  select: (keys, mode = 'replace') =>
    set((s) => {
      const next = new Set(mode === 'replace' ? [] : s.selected);
      for (const k of keys) {
        if (mode === 'toggle' && next.has(k)) next.delete(k);
        else next.add(k);
      }
      const last = keys[keys.length - 1];
      return { selected: next, active: last !== undefined && next.has(last) ? last : s.active };
    }),
  clearSelection: () => set({ selected: new Set(), active: null }),
  selectAll: () =>
    set((s) => {
      const r = s.currentKey ? s.results[s.currentKey] : undefined;
      return r ? { selected: new Set(pageWords(r).map((w) => w.key)) } : {};
    }),

  startEdit: (key) => set({ editing: key, active: key, selected: new Set([key]), hovered: null }),
  stopEdit: () => set({ editing: null }),
  setHovered: (hovered) => set({ hovered }),

  clearSearch: () => set({ query: '', hits: [], hitIndex: -1 }),
  setQuery: (query) =>
    set((s) => {
      const hits = documentHits(s.pages, s.results, query);
      // Start at the first hit on or after the page on screen, so typing does not jump away from it.
      const order = s.pages.map((p) => pageKey(p.file, p.page));
      const here = order.indexOf(s.currentKey ?? '');
      const first = hits.findIndex((h) => order.indexOf(h.pageKey) >= here);
      return { query, hits, hitIndex: hits.length === 0 ? -1 : Math.max(0, first) };
    }),
  stepHit: (delta) => {
    const s = get();
    if (s.hits.length === 0) return;
    const hitIndex = (((s.hitIndex + delta) % s.hits.length) + s.hits.length) % s.hits.length;
    const hit = s.hits[hitIndex]!;
    set({ hitIndex });
    get().reveal(hit.pageKey, hit.keys[0]!);
  },

  reveal: (key, wk) => {
    if (key !== get().currentKey) get().goTo(key);
    set((s) => {
      const r = s.results[key];
      const g = currentGeometry(s);
      const w = r && pageWords(r).find((x) => x.key === wk);
      if (!g || !w) return {};
      return { view: clamped(s, revealBox(s.view, s.viewport, g.size, g.turn, w.box)), fit: null };
    });
  },

  beginSave: (key) =>
    set((s) => ({ pendingSaves: { ...s.pendingSaves, [key]: (s.pendingSaves[key] ?? 0) + 1 } })),
  endSave: (key) => {
    const left = Math.max(0, (get().pendingSaves[key] ?? 0) - 1);
    set((s) => ({ pendingSaves: { ...s.pendingSaves, [key]: left } }));
    return left;
  },
  setError: (error) => set({ error }),
  setNotice: (notice) => set({ notice }),
}));
