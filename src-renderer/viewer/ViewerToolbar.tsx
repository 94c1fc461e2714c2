// The viewer's toolbar: pages, zoom and fit, turning, which boxes to draw, review, search, copy.
import { pageKey, useViewerStore, type Overlay } from './useViewerStore.ts';
import type { ViewerData } from './viewer-data.ts';
import { Icon, type IconName } from './ViewerIcons.tsx';

function ToolButton({
  icon,
  label,
  keys,
  onClick,
  disabled,
  pressed,
  text,
  testId,
}: {
  readonly icon: IconName;
  readonly label: string;
  readonly keys?: string;
  readonly onClick: () => void;
  readonly disabled?: boolean;
  readonly pressed?: boolean;
  readonly text?: string;
  readonly testId?: string;
}): React.JSX.Element {
  return (
    <button
      type="button"
      className={`pv-tool${text ? ' has-text' : ''}`}
      aria-label={label}
      title={keys ? `${label} (${keys})` : label}
      aria-pressed={pressed}
      aria-keyshortcuts={keys}
      disabled={disabled}
      onClick={onClick}
      data-testid={testId}
    >
      <Icon name={icon} />
      {text && <span>{text}</span>}
    </button>
  );
}

const OVERLAYS: readonly { value: Overlay; label: string }[] = [
  { value: 'words', label: 'Words' },
  { value: 'lines', label: 'Lines' },
  { value: 'off', label: 'Off' },
];

export function ViewerToolbar({
  data,
  onCopy,
  searchRef,
}: {
  readonly data: ViewerData;
  readonly onCopy: () => void;
  readonly searchRef: React.RefObject<HTMLInputElement | null>;
}): React.JSX.Element {
  const pages = useViewerStore((s) => s.pages);
  const currentKey = useViewerStore((s) => s.currentKey);
  const fit = useViewerStore((s) => s.fit);
  const overlay = useViewerStore((s) => s.overlay);
  const selectedCount = useViewerStore((s) => s.selected.size);
  const hasResult = useViewerStore((s) => !!(s.currentKey && s.results[s.currentKey]));
  const st = useViewerStore.getState;
  const index = pages.findIndex((p) => pageKey(p.file, p.page) === currentKey);
  const none = !hasResult;

  return (
    <div className="pv-toolbar" role="toolbar" aria-label="Page viewer tools">
      <div className="pv-group" aria-label="Pages">
        <ToolButton
          icon="prev"
          label="Previous page"
          keys="PageUp"
          disabled={index <= 0}
          onClick={() => data.step(-1)}
        />
        <span className="pv-page-no" aria-live="polite">
          {pages.length === 0 ? '–' : `${index + 1} / ${pages.length}`}
        </span>
        <ToolButton
          icon="next"
          label="Next page"
          keys="PageDown"
          disabled={index < 0 || index >= pages.length - 1}
          onClick={() => data.step(1)}
        />
      </div>
      <div className="pv-group" aria-label="Zoom">
        <ToolButton
          icon="zoomOut"
          label="Zoom out"
          keys="-"
          disabled={none}
          onClick={() => st().zoomBy(1 / 1.25)}
        />
        <ZoomValue disabled={none} />
        <ToolButton
          icon="zoomIn"
          label="Zoom in"
          keys="+"
          disabled={none}
          onClick={() => st().zoomBy(1.25)}
        />
        <ToolButton
          icon="fitWidth"
          label="Fit width"
          keys="0"
          pressed={fit === 'width'}
          disabled={none}
          onClick={() => st().setFit('width')}
        />
        <ToolButton
          icon="fitPage"
          label="Fit page"
          keys="9"
          pressed={fit === 'page'}
          disabled={none}
          onClick={() => st().setFit('page')}
        />
        <ToolButton
          icon="rotate"
          label="Turn clockwise"
          keys="r"
          disabled={none}
          onClick={() => st().rotate(1)}
        />
      </div>
      <div className="pv-group pv-segmented" role="radiogroup" aria-label="Boxes (b)">
        {OVERLAYS.map((o) => (
          <button
            key={o.value}
            type="button"
            role="radio"
            aria-checked={overlay === o.value}
            className={overlay === o.value ? 'is-on' : undefined}
            onClick={() => st().setOverlay(o.value)}
            data-testid={`overlay-${o.value}`}
          >
            {o.label}
          </button>
        ))}
      </div>
      <ToolButton
        icon="review"
        label="Next word to review"
        keys="n"
        text="Review"
        disabled={none}
        onClick={() => void data.nextToReview(1)}
        testId="next-review"
      />
      <span className="pv-spacer" />
      <SearchField data={data} inputRef={searchRef} />
      <ToolButton
        icon="copy"
        label={selectedCount > 0 ? `Copy ${selectedCount} selected words` : 'Copy the page text'}
        keys="Control+C"
        text={selectedCount > 0 ? `Copy ${selectedCount}` : 'Copy'}
        disabled={none}
        onClick={onCopy}
        testId="copy-text"
      />
    </div>
  );
}

/** Its own component: the zoom changes every frame of a gesture, the rest of the toolbar does not. */
function ZoomValue({ disabled }: { readonly disabled: boolean }): React.JSX.Element {
  const zoom = useViewerStore((s) => Math.round(s.view.zoom * 100));
  return (
    <button
      type="button"
      className="pv-zoom-value"
      title="Actual size (100%)"
      disabled={disabled}
      onClick={() => useViewerStore.getState().setZoom(1)}
      data-testid="zoom-value"
    >
      {zoom}%
    </button>
  );
}

function SearchField({
  data,
  inputRef,
}: {
  readonly data: ViewerData;
  readonly inputRef: React.RefObject<HTMLInputElement | null>;
}): React.JSX.Element {
  const query = useViewerStore((s) => s.query);
  const hits = useViewerStore((s) => s.hits.length);
  const hitIndex = useViewerStore((s) => s.hitIndex);
  const st = useViewerStore.getState;
  const onChange = (q: string): void => {
    // Search covers every page: fetch the results not in yet (hits update as they arrive).
    if (q.trim()) void data.loadAll();
    st().setQuery(q);
    const s = st();
    const hit = s.hits[s.hitIndex];
    if (hit) s.reveal(hit.pageKey, hit.keys[0]!);
  };
  return (
    <div className={`pv-search${query ? ' has-query' : ''}`} role="search">
      <Icon name="search" />
      <input
        ref={inputRef}
        type="search"
        placeholder="Search document"
        aria-label="Search in the document"
        aria-keyshortcuts="/ Control+F"
        data-testid="viewer-search"
        value={query}
        onChange={(e) => onChange(e.currentTarget.value)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter') {
            e.preventDefault();
            st().stepHit(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            st().clearSearch();
            document.querySelector<HTMLElement>('.pv-viewport')?.focus();
          }
        }}
      />
      {query && (
        <>
          <span className="pv-search-count" aria-live="polite" data-testid="search-count">
            {hits === 0 ? 'No matches' : `${hitIndex + 1} / ${hits}`}
          </span>
          <button
            type="button"
            className="pv-tool"
            aria-label="Previous match"
            title="Previous match (Shift+Enter)"
            disabled={hits === 0}
            onClick={() => st().stepHit(-1)}
          >
            <Icon name="up" />
          </button>
          <button
            type="button"
            className="pv-tool"
            aria-label="Next match"
            title="Next match (Enter)"
            disabled={hits === 0}
            onClick={() => st().stepHit(1)}
          >
            <Icon name="down" />
          </button>
        </>
      )}
    </div>
  );
}
