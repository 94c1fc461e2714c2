// The main area: the selected job's header (status, files, warnings, error) over the page viewer, or a welcome
// panel when nothing is selected.
import type { Job } from '../../src-shared/api-schemas.ts';
import { jobTitle } from '../queue/job-filter.ts';
import { useQueueStore } from '../queue/useQueueStore.ts';
import { useApi, useSessionStore } from '../session/useSessionStore.ts';
import { openPicker } from '../upload/pickers.ts';
import { PageViewer } from '../viewer/PageViewer.tsx';
import { formatBytes, plural } from './format.ts';
import { IconAlert, IconFolder, IconUpload } from './Icons.tsx';

function JobHeader({ job }: { job: Job }): React.JSX.Element {
  const size = job.files.reduce((n, f) => n + f.size, 0);
  const files = plural(job.files.length, 'file');
  return (
    <header className="job-header">
      <div className="job-header-title">
        <h1 title={jobTitle(job)}>{jobTitle(job)}</h1>
        <span className={`badge badge-${job.status}`}>{job.status}</span>
      </div>
      <div className="job-header-meta">
        <span>
          {files} · {formatBytes(size)}
        </span>
        {job.pagesTotal !== null && <span>{plural(job.pagesTotal, 'page')}</span>}
        {job.profile && <span>Profile {job.profile}</span>}
        <span className="mono" title="Job id">
          {job.id}
        </span>
      </div>
      {job.error && (
        <div className="banner banner-error" role="alert">
          <IconAlert size={16} />
          <code className="error-code">{job.error.code}</code>
          <span>{job.error.message}</span>
        </div>
      )}
      {job.warnings.length > 0 && (
        <div className="banner banner-warning">
          <IconAlert size={16} />
          <span>{job.warnings.join(' · ')}</span>
        </div>
      )}
    </header>
  );
}

function Welcome(): React.JSX.Element {
  const api = useApi();
  const bridge = useSessionStore((s) => s.bridge);
  return (
    <div className="welcome">
      <div className="welcome-card">
        <IconUpload size={40} />
        <h1>Drop scans anywhere in this window</h1>
        <p>
          Images and PDFs become searchable PDF/A, Word, text, hOCR, ALTO and more. Everything stays on this
          machine.
        </p>
        <div className="welcome-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => openPicker('files', api, bridge)}
          >
            <IconUpload size={16} /> Open files… <kbd>O</kbd>
          </button>
          <button type="button" className="button" onClick={() => openPicker('folder', api, bridge)}>
            <IconFolder size={16} /> Open folder… <kbd>Shift O</kbd>
          </button>
        </div>
        <p className="welcome-hint">
          Press <kbd>?</kbd> for keyboard shortcuts · hot folders and profiles are in Settings <kbd>,</kbd>
        </p>
      </div>
    </div>
  );
}

export function JobView(): React.JSX.Element {
  const api = useApi();
  const job = useQueueStore((s) => (s.selectedId ? s.jobs[s.selectedId] : undefined));
  if (!job) return <Welcome />;
  return (
    <div className="job-view">
      <JobHeader job={job} />
      <div className="viewer-host">
        {/* A fresh viewer per job: nothing of the previous job (images, selection) outlives the switch. */}
        <PageViewer key={job.id} api={api} job={job} />
      </div>
    </div>
  );
}
