// One job in the queue: where it came from, status, stage, page progress, ETA, its error, and its actions.
import { memo } from 'react';
import type { Job } from '../../src-shared/api-schemas.ts';
import { useSessionStore } from '../session/useSessionStore.ts';
import { formatDuration, formatWhen, plural } from '../shell/format.ts';
import { IconHotFolder, IconMonitor, IconRetry, IconStop, IconTerminal, IconTrash } from '../shell/Icons.tsx';
import { isActive, jobTitle } from './job-filter.ts';
import { askDelete } from './job-actions.ts';
import { useQueueStore } from './useQueueStore.ts';

const SOURCE = {
  api: { icon: IconMonitor, label: 'Added from the GUI or the API' },
  'hot-folder': { icon: IconHotFolder, label: 'From a hot folder' },
  cli: { icon: IconTerminal, label: 'From the command line' },
} as const;

function progressText(job: Job): string {
  const pages = job.pagesTotal
    ? `${job.pagesDone}/${plural(job.pagesTotal, 'page')}`
    : job.pagesDone
      ? plural(job.pagesDone, 'page')
      : '';
  if (job.status === 'queued') {
    return job.queuePosition ? `Queued · #${job.queuePosition} in line` : 'Queued';
  }
  if (job.status === 'processing') {
    const stage = `${job.stage[0]?.toUpperCase() ?? ''}${job.stage.slice(1)}`;
    const done = job.pagesTotal ? ` ${job.pagesDone}/${job.pagesTotal}` : '';
    const eta = job.etaSeconds !== null ? ` · ${formatDuration(job.etaSeconds)} left` : '';
    return `${stage}${done}${eta}`;
  }
  const took =
    job.timings.processingMs !== null ? ` · ${formatDuration(job.timings.processingMs / 1000)}` : '';
  return `${pages || 'No pages'}${job.status === 'completed' ? took : ''}${job.fromCache ? ' · from cache' : ''}`;
}

export const JobRow = memo(function JobRow({ job, selected }: { job: Job; selected: boolean }) {
  const api = useSessionStore((s) => s.api);
  const q = useQueueStore.getState;
  const Source = SOURCE[job.source];
  const title = jobTitle(job);
  return (
    <li
      className={`job-row job-${job.status}${selected ? ' job-selected' : ''}`}
      data-testid="job-row"
      data-job-id={job.id}
      aria-current={selected ? 'true' : undefined}
    >
      <button
        type="button"
        className="job-main"
        onClick={() => q().select(job.id)}
        aria-label={`${title}, ${job.status}`}
      >
        <span className="job-source" title={Source.label}>
          <Source.icon size={16} />
        </span>
        <span className="job-text">
          <span className="job-line">
            <span className="job-name" title={title}>
              {title}
            </span>
            <span className={`badge badge-${job.status}`} data-testid="job-status">
              {job.status}
            </span>
          </span>
          <span className="job-line job-meta">
            <span data-testid="job-progress">{progressText(job)}</span>
            <span className="job-when">{formatWhen(job.createdAt)}</span>
          </span>
          {isActive(job) && (
            <span className="job-bar" aria-hidden="true">
              <span
                className={
                  job.status === 'queued' || job.percent === 0 ? 'job-bar-fill indeterminate' : 'job-bar-fill'
                }
                style={{ width: `${Math.max(job.percent, 3)}%` }}
              />
            </span>
          )}
          {job.error && (
            <span className="job-error" data-testid="job-error">
              <code className="error-code">{job.error.code}</code> {job.error.message}
            </span>
          )}
        </span>
      </button>
      {api && (
        <span className="job-actions">
          {isActive(job) && (
            <button
              type="button"
              className="icon-button"
              aria-label={`Cancel ${title}`}
              title="Cancel (C)"
              data-testid="job-cancel"
              onClick={() => void q().cancel(api, job.id)}
            >
              <IconStop size={16} />
            </button>
          )}
          {(job.status === 'failed' || job.status === 'canceled') && (
            <button
              type="button"
              className="icon-button"
              aria-label={`Retry ${title}`}
              title="Retry (R)"
              data-testid="job-retry"
              onClick={() => void q().retry(api, job.id)}
            >
              <IconRetry size={16} />
            </button>
          )}
          {job.status !== 'processing' && (
            <button
              type="button"
              className="icon-button icon-danger"
              aria-label={`Delete ${title}`}
              title="Delete (Del)"
              data-testid="job-delete"
              onClick={() => askDelete(api, job)}
            >
              <IconTrash size={16} />
            </button>
          )}
        </span>
      )}
    </li>
  );
});
