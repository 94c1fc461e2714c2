// The page on screen: image and boxes in one layer placed by a single CSS matrix (page pixels -> screen), written
// straight to the element on every view change so pan and zoom cost one compositor update, not a React render.
// Drag pans, Shift+drag selects words, a click on a word edits it, the wheel pans and Ctrl+wheel zooms.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Job } from '../../src-shared/api-schemas.ts';
import type { PageResult, Point, Rotation } from '../../src-shared/ocr-result.ts';
import {
  addTurns,
  boxesIntersect,
  cssMatrix,
  imageWidthFor,
  pageToScreenAffine,
  hitTest,
  rectOf,
  screenRectToBox,
  screenToPage,
  type Rect,
  type View,
} from './geometry.ts';
import { THUMB_WIDTH } from './image-cache.ts';
import { pageWords } from './page-words.ts';
import { pageKey, useViewerStore } from './useViewerStore.ts';
import type { ViewerData } from './viewer-data.ts';
import { WordEditor } from './WordEditor.tsx';
import { wordElementId, WordLayer } from './WordLayer.tsx';
import { WordTooltip } from './WordTooltip.tsx';

const store = useViewerStore;
/** Pixels a press may move and still count as a click. */
const CLICK_SLOP = 4;
/** Screen pixels around a word that still count as on it (words are small targets when zoomed out). */
const HIT_SLOP = 4;

interface Gesture {
  readonly id: number;
  readonly x0: number;
  readonly y0: number;
  x: number;
  y: number;
  mode: 'press' | 'pan' | 'band';
  readonly word: string | null;
  readonly additive: boolean;
}

function local(el: HTMLElement, e: { clientX: number; clientY: number }): [number, number] {
  const r = el.getBoundingClientRect();
  return [e.clientX - r.left, e.clientY - r.top];
}

function wordAt(target: EventTarget | null): string | null {
  return target instanceof Element
    ? (target.closest<HTMLElement>('[data-key]')?.dataset['key'] ?? null)
    : null;
}

/** The word under a viewport point: the box the event hit, else the nearest word within HIT_SLOP. */
function wordNear(
  target: EventTarget | null,
  at: Point,
  result: PageResult,
  turn: Rotation,
  view: View,
): string | null {
  const direct = wordAt(target);
  if (direct) return direct;
  const words = pageWords(result);
  const i = hitTest(words, screenToPage(at, result, turn, view), HIT_SLOP / view.zoom);
  return i >= 0 ? words[i]!.key : null;
}

export function PageCanvas({
  data,
  job,
  viewportRef,
}: {
  readonly data: ViewerData;
  readonly job: Job;
  readonly viewportRef: React.RefObject<HTMLDivElement | null>;
}): React.JSX.Element {
  const layerRef = useRef<HTMLDivElement>(null);
  const gesture = useRef<Gesture | null>(null);
  const [band, setBand] = useState<Rect | null>(null);
  const currentKey = useViewerStore((s) => s.currentKey);
  const result = useViewerStore((s) => (s.currentKey ? s.results[s.currentKey] : undefined));
  const userTurn = useViewerStore((s) => s.userTurn);
  const pageCount = useViewerStore((s) => s.pages.length);
  const ref = useViewerStore((s) => s.pages.find((p) => pageKey(p.file, p.page) === s.currentKey));
  const active = useViewerStore((s) => s.active);
  const turn = addTurns(result?.rotation ?? 0, userTurn);
  const [image, setImage] = useState<{ key: string; url: string } | null>(null);

  // The viewport's size drives fitting; read it before the first paint so the first fit is right.
  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    store.getState().setViewport({ width: el.clientWidth, height: el.clientHeight });
    const ro = new ResizeObserver(() =>
      store.getState().setViewport({ width: el.clientWidth, height: el.clientHeight }),
    );
    ro.observe(el);
    return () => ro.disconnect();
  }, [viewportRef]);

  // Pan/zoom: one transform on the layer. While it moves, the layer is its own compositor layer (will-change),
  // so frames only re-composite; once it rests, box borders are re-set to one screen pixel and it re-rasters sharp.
  useLayoutEffect(() => {
    const layer = layerRef.current;
    if (!layer || !result) return;
    let settle: ReturnType<typeof setTimeout> | undefined;
    const rest = (zoom: number): void => {
      layer.classList.remove('is-moving');
      layer.style.setProperty('--iz', String(1 / zoom));
      layer.dataset['zoom'] = zoom.toFixed(4);
    };
    const paint = (s: { view: { zoom: number; panX: number; panY: number } }, moving: boolean): void => {
      layer.style.transform = cssMatrix(pageToScreenAffine(result, turn, s.view));
      if (!moving) return rest(s.view.zoom);
      layer.classList.add('is-moving');
      clearTimeout(settle);
      settle = setTimeout(() => rest(s.view.zoom), 180);
    };
    paint(store.getState(), false);
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.view !== prev.view) paint(s, true);
    });
    return () => {
      unsubscribe();
      clearTimeout(settle);
    };
  }, [result, turn]);

  // The page image at the resolution the zoom needs (never smaller than what is already shown).
  useEffect(() => {
    if (!ref || !result) return;
    const key = pageKey(ref.file, ref.page);
    let cancelled = false;
    let requested = -1;
    const load = (zoom: number): void => {
      // Never smaller than what this page showed before (a correction or a page list refresh re-runs this
      // effect, and coming back to a page should not bring back a blurrier image); cache hits answer at once.
      const need = imageWidthFor(result, zoom, window.devicePixelRatio || 1) ?? Infinity;
      const size = Math.max(need, data.shownWidths.get(key) ?? -1);
      if (size <= requested) return;
      requested = size;
      data.images.get(ref.file, ref.page, Number.isFinite(size) ? size : undefined).then(
        (url) => {
          if (cancelled) return;
          data.shownWidths.set(key, Math.max(size, data.shownWidths.get(key) ?? -1));
          setImage({ key, url });
        },
        (e: unknown) => {
          if (!cancelled) store.getState().setError(`Could not load the page image: ${(e as Error).message}`);
        },
      );
    };
    load(store.getState().view.zoom);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.view.zoom === prev.view.zoom) return;
      clearTimeout(timer);
      timer = setTimeout(() => load(s.view.zoom), 250);
    });
    return () => {
      cancelled = true;
      unsubscribe();
      clearTimeout(timer);
    };
  }, [data, ref, result]);

  // Wheel: React's wheel listeners are passive, and zooming must stop the page from scrolling.
  useEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent): void => {
      if ((e.target as Element | null)?.closest('.pv-editor')) return;
      e.preventDefault();
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? el.clientHeight : 1;
      const s = store.getState();
      if (e.ctrlKey || e.metaKey) {
        s.zoomBy(Math.exp(-e.deltaY * unit * 0.0025), local(el, e));
      } else {
        const dx = e.shiftKey && !e.deltaX ? e.deltaY : e.deltaX;
        const dy = e.shiftKey && !e.deltaX ? 0 : e.deltaY;
        s.panBy(-dx * unit, -dy * unit);
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [viewportRef]);

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0 || !result) return;
    viewportRef.current?.focus({ preventScroll: true });
    const [x, y] = local(e.currentTarget, e);
    gesture.current = {
      id: e.pointerId,
      x0: x,
      y0: y,
      x,
      y,
      mode: 'press',
      word: wordNear(e.target, [x, y], result, turn, store.getState().view),
      additive: e.ctrlKey || e.metaKey || e.shiftKey,
    };
    e.currentTarget.setPointerCapture(e.pointerId);
    store.getState().setHovered(null);
  };

  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>): void => {
    const g = gesture.current;
    const [x, y] = local(e.currentTarget, e);
    if (!g || g.id !== e.pointerId) {
      // Hover: which word the pointer is over, for the tooltip.
      const s = store.getState();
      const key = e.buttons === 0 && result ? wordNear(e.target, [x, y], result, turn, s.view) : null;
      if (key) s.setHovered({ key, x, y });
      else if (s.hovered) s.setHovered(null);
      return;
    }
    if (g.mode === 'press' && Math.hypot(x - g.x0, y - g.y0) > CLICK_SLOP) {
      g.mode = e.shiftKey ? 'band' : 'pan';
      e.currentTarget.classList.add(g.mode === 'pan' ? 'is-panning' : 'is-selecting');
    }
    if (g.mode === 'pan') store.getState().panBy(x - g.x, y - g.y);
    if (g.mode === 'band') setBand(rectOf([g.x0, g.y0], [x, y]));
    g.x = x;
    g.y = y;
  };

  const onPointerUp = (e: React.PointerEvent<HTMLDivElement>): void => {
    const g = gesture.current;
    if (!g || g.id !== e.pointerId) return;
    gesture.current = null;
    e.currentTarget.classList.remove('is-panning', 'is-selecting');
    const s = store.getState();
    if (g.mode === 'band' && result && band) {
      const box = screenRectToBox(band, result, turn, s.view);
      const keys = pageWords(result)
        .filter((w) => boxesIntersect(w.box, box))
        .map((w) => w.key);
      s.select(keys, e.ctrlKey || e.metaKey ? 'add' : 'replace');
      setBand(null);
    } else if (g.mode === 'press') {
      if (g.word && g.additive) s.select([g.word], 'toggle');
      else if (g.word) s.startEdit(g.word);
      else s.clearSelection();
    }
  };

  const pageLabel = ref ? `page ${ref.page}` : 'page';
  const thumb = ref && data.images.peek(ref.file, ref.page, THUMB_WIDTH);
  const src = image && image.key === currentKey ? image.url : thumb;
  return (
    <div
      ref={viewportRef}
      className="pv-viewport"
      tabIndex={0}
      // Keys move through the words (arrows, n, Enter edits): screen readers follow the active one.
      role="application"
      aria-roledescription="page"
      aria-label={`Page image with word boxes${ref ? `, ${pageLabel}` : ''}`}
      aria-describedby="pv-keys-help"
      aria-activedescendant={active && result ? wordElementId(active) : undefined}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onPointerLeave={() => store.getState().setHovered(null)}
    >
      {result ? (
        <div
          ref={layerRef}
          key={currentKey}
          className="pv-layer"
          style={{ width: result.width, height: result.height }}
        >
          <div className="pv-paper" />
          {src && (
            <img
              className="pv-image"
              src={src}
              alt=""
              width={result.width}
              height={result.height}
              decoding="async"
              draggable={false}
            />
          )}
          <WordLayer result={result} pageLabel={pageLabel} />
        </div>
      ) : (
        <EmptyState job={job} pageCount={pageCount} loading={currentKey !== null} />
      )}
      {band && (
        <div
          className="pv-band"
          style={{ left: band.left, top: band.top, width: band.width, height: band.height }}
        />
      )}
      <WordTooltip />
      <WordEditor data={data} onClosed={() => viewportRef.current?.focus({ preventScroll: true })} />
    </div>
  );
}

function EmptyState({
  job,
  pageCount,
  loading,
}: {
  readonly job: Job;
  readonly pageCount: number;
  readonly loading: boolean;
}): React.JSX.Element {
  let title: string;
  let detail: string | null = null;
  let busy = false;
  if (loading) {
    title = 'Loading the page…';
    busy = true;
  } else if (job.status === 'failed') {
    title = 'This job failed before any page was read';
    detail = job.error ? `${job.error.code}: ${job.error.message}` : job.message;
  } else if (job.status === 'canceled') {
    title = 'This job was canceled before any page was read';
  } else if (job.status === 'completed' && pageCount === 0) {
    title = 'No pages with text';
    detail = 'Every page was blank or left out by the page range.';
  } else {
    title = job.status === 'queued' ? 'Waiting in the queue…' : 'Reading the first page…';
    detail = job.queuePosition ? `Position ${job.queuePosition} in the queue` : job.stage;
    busy = true;
  }
  return (
    <div className="pv-empty" role="status">
      {busy && <span className="pv-spinner" aria-hidden="true" />}
      <p className="pv-empty-title">{title}</p>
      {detail && <p className="pv-empty-detail">{detail}</p>}
    </div>
  );
}
