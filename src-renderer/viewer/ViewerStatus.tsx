// The status line under the page: what is on it, the colour legend, progress of a running job, notices and errors.
import { useEffect, useMemo } from 'react';
import type { Job } from '../../src-shared/api-schemas.ts';
import { CONFIDENCE_HIGH, CONFIDENCE_MID, pageWords, percent } from './page-words.ts';
import { pageKey, useViewerStore } from './useViewerStore.ts';
import { Icon } from './ViewerIcons.tsx';

export function ViewerStatus({ job }: { readonly job: Job }): React.JSX.Element {
  const result = useViewerStore((s) => (s.currentKey ? s.results[s.currentKey] : undefined));
  const ref = useViewerStore((s) => s.pages.find((p) => pageKey(p.file, p.page) === s.currentKey));
  const selected = useViewerStore((s) => s.selected.size);
  const notice = useViewerStore((s) => s.notice);
  const error = useViewerStore((s) => s.error);
  const saving = useViewerStore((s) => Object.values(s.pendingSaves).some((n) => n > 0));

  // Notices fade after a few seconds; errors stay until dismissed or replaced.
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => useViewerStore.getState().setNotice(null), 3500);
    return () => clearTimeout(t);
  }, [notice]);

  const stats = useMemo(() => {
    if (!result) return null;
    const words = pageWords(result);
    const review = words.filter((w) => w.confidence < CONFIDENCE_HIGH).length;
    const mean = words.length ? words.reduce((a, w) => a + w.confidence, 0) / words.length : 0;
    return { words: words.length, review, mean };
  }, [result]);

  const running = job.status === 'queued' || job.status === 'processing';
  return (
    <div className="pv-status">
      <span className="pv-status-page">
        {stats ? (
          <>
            <strong>{stats.words}</strong> words
            {stats.words > 0 && <> · mean {percent(stats.mean)}%</>}
            {' · '}
            <strong>{stats.review}</strong> to review
            {ref?.corrected && <> · corrected</>}
            {selected > 0 && <> · {selected} selected</>}
          </>
        ) : (
          '\u00a0'
        )}
      </span>
      <span className="pv-legend" aria-label="Box colours by confidence">
        <span className="pv-legend-item pv-c-high">
          <span className="pv-dot" aria-hidden="true" />≥ {percent(CONFIDENCE_HIGH)}%
        </span>
        <span className="pv-legend-item pv-c-mid">
          <span className="pv-dot" aria-hidden="true" />
          {percent(CONFIDENCE_MID)}–{percent(CONFIDENCE_HIGH) - 1}%
        </span>
        <span className="pv-legend-item pv-c-low">
          <span className="pv-dot" aria-hidden="true" />
          &lt; {percent(CONFIDENCE_MID)}%
        </span>
      </span>
      {running && (
        <span className="pv-progress" data-testid="viewer-progress">
          <span className="pv-progress-bar" style={{ width: `${Math.round(job.percent)}%` }} />
          <span className="pv-progress-text">
            {job.status === 'queued'
              ? 'Queued'
              : `Reading page ${Math.min(job.pagesDone + 1, job.pagesTotal ?? Infinity)}${job.pagesTotal ? ` of ${job.pagesTotal}` : ''}`}
          </span>
        </span>
      )}
      <span className="pv-spacer" />
      <span className="pv-notice" role="status" aria-live="polite">
        {saving ? 'Saving…' : notice}
      </span>
      {error && (
        <span className="pv-error" role="alert" data-testid="viewer-error">
          {error}
          <button
            type="button"
            className="pv-tool"
            aria-label="Dismiss"
            onClick={() => useViewerStore.getState().setError(null)}
          >
            <Icon name="close" />
          </button>
        </span>
      )}
      <span id="pv-keys-help" className="pv-keys">
        Drag to pan · Ctrl+wheel zoom · click a word to edit · n review · / search
      </span>
    </div>
  );
}
