// The sidebar queue: filter by status and text, every job live, the selected one highlighted.
import { useMemo } from 'react';
import { IconSearch } from '../shell/Icons.tsx';
import { STATUS_FILTERS, statusCounts, visibleJobs } from './job-filter.ts';
import { JobRow } from './JobRow.tsx';
import { useQueueStore } from './useQueueStore.ts';

export const SEARCH_ID = 'queue-search';

export function QueuePanel(): React.JSX.Element {
  const jobs = useQueueStore((s) => s.jobs);
  const statusFilter = useQueueStore((s) => s.statusFilter);
  const text = useQueueStore((s) => s.text);
  const selectedId = useQueueStore((s) => s.selectedId);
  const loaded = useQueueStore((s) => s.loaded);
  const { setStatusFilter, setText } = useQueueStore.getState();
  const all = useMemo(() => Object.values(jobs), [jobs]);
  const counts = useMemo(() => statusCounts(all), [all]);
  const shown = useMemo(() => visibleJobs(all, statusFilter, text), [all, statusFilter, text]);
  return (
    <section className="queue" aria-label="Job queue">
      <div className="queue-filters">
        <div className="search">
          <IconSearch size={15} />
          <input
            id={SEARCH_ID}
            type="search"
            placeholder="Filter jobs"
            aria-label="Filter jobs by name, file or error"
            aria-keyshortcuts="/"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
        </div>
        <div className="segmented" role="radiogroup" aria-label="Show jobs">
          {STATUS_FILTERS.map((f) => (
            <button
              key={f.id}
              type="button"
              role="radio"
              aria-checked={statusFilter === f.id}
              className={statusFilter === f.id ? 'segment segment-on' : 'segment'}
              onClick={() => setStatusFilter(f.id)}
              data-testid={`filter-${f.id}`}
            >
              {f.label}
              {/* Counts where they call for attention; the whole list shows the rest. */}
              {f.id !== 'all' && f.id !== 'completed' && counts[f.id] > 0 && (
                <span className={`segment-count segment-count-${f.id}`}>{counts[f.id]}</span>
              )}
            </button>
          ))}
        </div>
      </div>
      {shown.length === 0 ? (
        <p className="queue-empty">
          {!loaded
            ? 'Loading…'
            : all.length === 0
              ? 'No jobs yet. Drop scans above to start.'
              : 'No job matches the filter.'}
        </p>
      ) : (
        <ul className="job-list" aria-label="Jobs">
          {shown.map((j) => (
            <JobRow key={j.id} job={j} selected={j.id === selectedId} />
          ))}
        </ul>
      )}
    </section>
  );
}
