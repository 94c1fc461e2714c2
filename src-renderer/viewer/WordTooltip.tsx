// What the pointer is over: the word's text and confidence, next to the pointer (screen space).
import { confidenceBand, pageWords, percent } from './page-words.ts';
import { useViewerStore } from './useViewerStore.ts';

export function WordTooltip(): React.JSX.Element | null {
  const hovered = useViewerStore((s) => s.hovered);
  const editing = useViewerStore((s) => s.editing);
  const result = useViewerStore((s) => (s.currentKey ? s.results[s.currentKey] : undefined));
  const viewport = useViewerStore((s) => s.viewport);
  if (!hovered || editing || !result) return null;
  const w = pageWords(result).find((x) => x.key === hovered.key);
  if (!w) return null;
  // Flip to the pointer's other side near the right and bottom edges.
  const flipX = hovered.x > viewport.width - 240;
  const flipY = hovered.y > viewport.height - 80;
  return (
    <div
      className="pv-tooltip"
      role="tooltip"
      data-testid="word-tooltip"
      style={{
        left: hovered.x + (flipX ? -12 : 14),
        top: hovered.y + (flipY ? -12 : 18),
        transform: `translate(${flipX ? '-100%' : '0'}, ${flipY ? '-100%' : '0'})`,
      }}
    >
      <span className="pv-tooltip-text">{w.text || '(empty)'}</span>
      <span className={`pv-tooltip-conf pv-c-${confidenceBand(w.confidence)}`}>
        <span className="pv-dot" aria-hidden="true" />
        {percent(w.confidence)}% confidence
      </span>
    </div>
  );
}
