// Keyboard shortcuts inside the viewer (not while typing in its fields): the toolbar's titles name the same keys.
import { useCallback } from 'react';
import { pageWords } from './page-words.ts';
import { useViewerStore } from './useViewerStore.ts';
import type { ViewerData } from './viewer-data.ts';

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')
  );
}

export function useViewerKeys(
  data: ViewerData,
  focusSearch: () => void,
): (e: React.KeyboardEvent<HTMLElement>) => void {
  return useCallback(
    (e: React.KeyboardEvent<HTMLElement>) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        focusSearch();
        return;
      }
      if (typing(e.target) || e.altKey) return;
      const s = useViewerStore.getState();
      const result = s.currentKey ? s.results[s.currentKey] : undefined;
      const moveWord = (delta: number): void => {
        if (!result || !s.currentKey) return;
        const words = pageWords(result);
        const at = words.findIndex((w) => w.key === s.active);
        const w = words[at < 0 ? (delta > 0 ? 0 : words.length - 1) : at + delta];
        if (!w) return;
        s.reveal(s.currentKey, w.key);
        s.select([w.key]);
      };
      const handlers: Record<string, (() => void) | undefined> = mod
        ? { a: () => s.selectAll() }
        : {
            '/': focusSearch,
            n: () => void data.nextToReview(1),
            N: () => void data.nextToReview(-1),
            '+': () => s.zoomBy(1.25),
            '=': () => s.zoomBy(1.25),
            '-': () => s.zoomBy(1 / 1.25),
            '0': () => s.setFit('width'),
            '9': () => s.setFit('page'),
            r: () => s.rotate(1),
            R: () => s.rotate(-1),
            b: () => s.cycleOverlay(),
            PageDown: () => data.step(1),
            PageUp: () => data.step(-1),
            ']': () => data.step(1),
            '[': () => data.step(-1),
            ArrowRight: () => moveWord(1),
            ArrowLeft: () => moveWord(-1),
            ArrowDown: () => s.panBy(0, -s.viewport.height * 0.15),
            ArrowUp: () => s.panBy(0, s.viewport.height * 0.15),
            Enter: () => s.active && s.startEdit(s.active),
            F2: () => s.active && s.startEdit(s.active),
            Escape: () => (s.query ? s.clearSearch() : s.clearSelection()),
          };
      const h = handlers[e.key];
      if (!h) return;
      e.preventDefault();
      h();
    },
    [data, focusSearch],
  );
}
