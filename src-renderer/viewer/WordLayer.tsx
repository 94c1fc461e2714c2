// Word and line boxes in page pixels, inside the layer that one CSS transform moves: panning and zooming never
// re-render or re-lay out these elements. Every word keeps its element (data-testid word-box) in every overlay mode,
// for hover, clicks, tests and screen readers; the mode only changes how they are drawn.
import { memo, useMemo } from 'react';
import type { PageResult } from '../../src-shared/ocr-result.ts';
import { quadFrame } from './geometry.ts';
import {
  confidenceBand,
  pageLines,
  pageWords,
  wordLabel,
  type PageLine,
  type PageWord,
} from './page-words.ts';
import { useViewerStore } from './useViewerStore.ts';

/** DOM id of a word's box, for aria-activedescendant (one viewer per document). */
export function wordElementId(key: string): string {
  return `pv-word-${key.replaceAll('.', '-')}`;
}

function frameStyle(q: PageWord['quad']): React.CSSProperties {
  const f = quadFrame(q);
  return {
    left: f.left,
    top: f.top,
    width: f.width,
    height: f.height,
    // Deskewed pages give level quads; text the engine read at an angle keeps its angle.
    ...(Math.abs(f.angle) > 0.002 && { transform: `rotate(${f.angle}rad)` }),
  };
}

interface WordBoxProps {
  readonly w: PageWord;
  readonly selected: boolean;
  readonly hit: boolean;
  readonly currentHit: boolean;
}

const WordBox = memo(function WordBox({ w, selected, hit, currentHit }: WordBoxProps) {
  const cls = ['pv-word', `pv-c-${confidenceBand(w.confidence)}`];
  if (selected) cls.push('is-selected');
  if (hit) cls.push('is-hit');
  if (currentHit) cls.push('is-current-hit');
  return (
    <div
      className={cls.join(' ')}
      data-testid="word-box"
      data-key={w.key}
      id={wordElementId(w.key)}
      role="option"
      aria-selected={selected}
      aria-label={wordLabel(w)}
      style={frameStyle(w.quad)}
    />
  );
});

const LineBox = memo(function LineBox({ l }: { readonly l: PageLine }) {
  return (
    <div
      className={`pv-line pv-c-${confidenceBand(l.confidence)}`}
      data-testid="line-box"
      style={frameStyle(l.quad)}
      aria-hidden="true"
    />
  );
});

export const WordLayer = memo(function WordLayer({
  result,
  pageLabel,
}: {
  readonly result: PageResult;
  readonly pageLabel: string;
}) {
  const words = pageWords(result);
  const lines = useMemo(() => pageLines(result), [result]);
  const overlay = useViewerStore((s) => s.overlay);
  const selected = useViewerStore((s) => s.selected);
  const hits = useViewerStore((s) => s.hits);
  const hitIndex = useViewerStore((s) => s.hitIndex);
  const currentKey = useViewerStore((s) => s.currentKey);
  const { hitKeys, currentKeys } = useMemo(() => {
    const here = hits.filter((h) => h.pageKey === currentKey);
    const current = hits[hitIndex];
    return {
      hitKeys: new Set(here.flatMap((h) => h.keys)),
      currentKeys: new Set(current && current.pageKey === currentKey ? current.keys : []),
    };
  }, [hits, hitIndex, currentKey]);
  return (
    <div
      className={`pv-boxes pv-show-${overlay}`}
      role="listbox"
      aria-multiselectable="true"
      aria-label={`Words on ${pageLabel}`}
    >
      {overlay === 'lines' && lines.map((l) => <LineBox key={l.key} l={l} />)}
      {words.map((w) => (
        <WordBox
          key={w.key}
          w={w}
          selected={selected.has(w.key)}
          hit={hitKeys.has(w.key)}
          currentHit={currentKeys.has(w.key)}
        />
      ))}
    </div>
  );
});
