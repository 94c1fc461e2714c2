// The page viewer: thumbnails, the page image with word/line boxes coloured by confidence, zoom and pan, hover,
// select and copy in reading order, search, review of low-confidence words and inline corrections.
// Contract between the shell and the viewer (keep it): the shell passes the API client and the live job.
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { ApiClient } from '../../src-shared/api-client.ts';
import type { Job } from '../../src-shared/api-schemas.ts';
import { PageCanvas } from './PageCanvas.tsx';
import { textInReadingOrder } from './page-words.ts';
import { ThumbnailStrip } from './ThumbnailStrip.tsx';
import { useViewerKeys } from './useViewerKeys.ts';
import { useViewerStore } from './useViewerStore.ts';
import { ViewerData } from './viewer-data.ts';
import { ViewerStatus } from './ViewerStatus.tsx';
import { ViewerToolbar } from './ViewerToolbar.tsx';
import './viewer.css';

export interface PageViewerProps {
  readonly api: ApiClient;
  /** The selected job as the queue store has it now (status and pagesDone change while it runs). */
  readonly job: Job;
}

/** While a job runs, the page list is re-read this often even if the shell's job object does not change. */
const POLL_MS = 2000;

/** The selected words (or the whole page) in reading order, with how many words that is. */
function copyText(): { text: string; words: number } | null {
  const s = useViewerStore.getState();
  const result = s.currentKey ? s.results[s.currentKey] : undefined;
  if (!result) return null;
  const only = s.selected.size > 0 ? s.selected : undefined;
  const text = textInReadingOrder(result, only);
  return { text, words: text ? text.split(/\s+/).length : 0 };
}

export function PageViewer({ api, job }: PageViewerProps): React.JSX.Element {
  // One data source per job. Its constructor has no effects; the store reset and the cleanup live in the effect.
  const data = useMemo(() => new ViewerData(api, job.id), [api, job.id]);
  const viewportRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    useViewerStore.getState().reset(data.jobId);
    return () => data.dispose();
  }, [data]);

  // Pages appear as they finish: the shell's job changes with every page, and a slow poll covers a shell that
  // only reports status changes.
  const running = job.status === 'queued' || job.status === 'processing';
  useEffect(() => {
    void data.refreshPages();
    if (!running) return;
    const t = setInterval(() => void data.refreshPages(), POLL_MS);
    return () => clearInterval(t);
  }, [data, running, job.pagesDone, job.status, job.updatedAt]);

  const focusSearch = useCallback(() => {
    searchRef.current?.focus();
    searchRef.current?.select();
  }, []);
  const onKeyDown = useViewerKeys(data, focusSearch);

  // Ctrl+C anywhere in the viewer but its fields copies the selection (or the page) in reading order.
  const onCopyEvent = (e: React.ClipboardEvent<HTMLElement>): void => {
    const t = e.target as HTMLElement;
    if (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA') return;
    const c = copyText();
    if (!c) return;
    e.preventDefault();
    e.clipboardData.setData('text/plain', c.text);
    useViewerStore.getState().setNotice(`Copied ${c.words} word${c.words === 1 ? '' : 's'}.`);
  };
  const onCopyButton = (): void => {
    const c = copyText();
    if (!c) return;
    const done = (): void =>
      useViewerStore.getState().setNotice(`Copied ${c.words} word${c.words === 1 ? '' : 's'}.`);
    // The async clipboard needs permission in some shells; the copy event path (above) needs none.
    navigator.clipboard.writeText(c.text).then(done, () => {
      viewportRef.current?.focus();
      if (!document.execCommand('copy'))
        useViewerStore.getState().setError('The clipboard is not available.');
    });
  };

  return (
    <section
      data-testid="page-view"
      className="pv"
      aria-label={`Pages of ${job.name ?? job.files[0]?.name ?? 'the job'}`}
      onKeyDown={onKeyDown}
      onCopy={onCopyEvent}
    >
      <ViewerToolbar data={data} onCopy={onCopyButton} searchRef={searchRef} />
      <div className="pv-body">
        <ThumbnailStrip data={data} job={job} />
        <PageCanvas data={data} job={job} viewportRef={viewportRef} />
      </div>
      <ViewerStatus job={job} />
    </section>
  );
}
