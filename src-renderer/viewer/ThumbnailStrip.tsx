// Page thumbnails: small images fetched when they scroll into view, turned like the page on screen, with the
// page number, the word count and a mark on corrected pages; pages still being read show as placeholders.
import { memo, useEffect, useRef, useState } from 'react';
import type { Job } from '../../src-shared/api-schemas.ts';
import type { Rotation } from '../../src-shared/ocr-result.ts';
import { addTurns, displaySize } from './geometry.ts';
import { THUMB_WIDTH } from './image-cache.ts';
import { pageKey, useViewerStore, type PageRef } from './useViewerStore.ts';
import type { ViewerData } from './viewer-data.ts';

const BOX = 104;

export function ThumbnailStrip({
  data,
  job,
}: {
  readonly data: ViewerData;
  readonly job: Job;
}): React.JSX.Element {
  const pages = useViewerStore((s) => s.pages);
  const currentKey = useViewerStore((s) => s.currentKey);
  const userTurn = useViewerStore((s) => s.userTurn);
  const listRef = useRef<HTMLOListElement>(null);
  const multiFile = job.files.length > 1;
  const running = job.status === 'queued' || job.status === 'processing';
  const waiting = running && job.pagesTotal !== null ? Math.max(0, job.pagesTotal - pages.length) : 0;

  useEffect(() => {
    listRef.current
      ?.querySelector<HTMLElement>('[aria-current="page"]')
      ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [currentKey]);

  return (
    <nav className="pv-thumbs" aria-label="Pages">
      <ol ref={listRef} className="pv-thumb-list">
        {pages.map((p) => {
          const key = pageKey(p.file, p.page);
          return (
            <Thumb
              key={key}
              data={data}
              page={p}
              turn={addTurns(p.rotation, userTurn)}
              current={key === currentKey}
              label={
                multiFile ? `${job.files[p.file]?.name ?? `file ${p.file + 1}`} · ${p.page}` : String(p.page)
              }
            />
          );
        })}
        {Array.from({ length: Math.min(waiting, 20) }, (_, i) => (
          <li key={`wait-${i}`} className="pv-thumb is-waiting" aria-hidden="true">
            <span className="pv-thumb-button">
              <span className="pv-thumb-frame" style={{ width: BOX * 0.77, height: BOX }}>
                {i === 0 && <span className="pv-spinner" />}
              </span>
              <span className="pv-thumb-label">…</span>
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}

const Thumb = memo(function Thumb({
  data,
  page,
  turn,
  current,
  label,
}: {
  readonly data: ViewerData;
  readonly page: PageRef;
  readonly turn: Rotation;
  readonly current: boolean;
  readonly label: string;
}) {
  const el = useRef<HTMLLIElement>(null);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const node = el.current;
    if (!node) return;
    let cancelled = false;
    const io = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        io.disconnect();
        data.images.get(page.file, page.page, THUMB_WIDTH).then(
          (u) => !cancelled && setUrl(u),
          () => undefined,
        );
      },
      { rootMargin: '400px' },
    );
    io.observe(node);
    return () => {
      cancelled = true;
      io.disconnect();
    };
  }, [data, page.file, page.page]);

  // The frame has the turned page's shape; the image inside keeps its own and is turned into it.
  const d = displaySize(page, turn);
  const scale = Math.min(BOX / d.width, BOX / d.height);
  const odd = turn === 90 || turn === 270;
  return (
    <li ref={el} className={`pv-thumb${current ? ' is-current' : ''}`}>
      <button
        type="button"
        className="pv-thumb-button"
        aria-current={current ? 'page' : undefined}
        aria-label={`Page ${label}, ${page.words} words${page.corrected ? ', corrected' : ''}`}
        onClick={() => data.goTo(pageKey(page.file, page.page))}
      >
        <span className="pv-thumb-frame" style={{ width: d.width * scale, height: d.height * scale }}>
          {url && (
            <img
              src={url}
              alt=""
              draggable={false}
              style={{
                width: (odd ? d.height : d.width) * scale,
                height: (odd ? d.width : d.height) * scale,
                transform: `translate(-50%, -50%) rotate(${turn}deg)`,
              }}
            />
          )}
          {page.corrected && <span className="pv-thumb-mark" title="Corrected" />}
        </span>
        <span className="pv-thumb-label">{label}</span>
      </button>
    </li>
  );
});
