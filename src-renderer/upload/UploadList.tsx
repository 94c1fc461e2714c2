// Uploads in flight and files the engine refused (with the API's code and message), above the queue.
import { formatBytes } from '../shell/format.ts';
import { IconAlert, IconX } from '../shell/Icons.tsx';
import { useUploadStore } from './useUploadStore.ts';

export function UploadList(): React.JSX.Element | null {
  const uploads = useUploadStore((s) => s.uploads);
  const clear = useUploadStore((s) => s.clearFinished);
  const visible = uploads.filter((u) => u.state !== 'done');
  if (visible.length === 0) return null;
  const rejected = visible.filter((u) => u.state === 'rejected').length;
  return (
    <section className="uploads" aria-label="Uploads">
      <header className="uploads-header">
        <span>
          {visible.length - rejected > 0 && `Uploading ${visible.length - rejected}`}
          {visible.length - rejected > 0 && rejected > 0 && ' · '}
          {rejected > 0 && `${rejected} rejected`}
        </span>
        {rejected > 0 && (
          <button type="button" className="icon-button" aria-label="Dismiss rejected files" onClick={clear}>
            <IconX size={14} />
          </button>
        )}
      </header>
      <ul>
        {visible.map((u) => (
          <li key={u.id} className={`upload upload-${u.state}`} data-testid="upload-row">
            <div className="upload-line">
              <span className="upload-name" title={u.name}>
                {u.state === 'rejected' && <IconAlert size={14} />} {u.name}
              </span>
              <span className="upload-size">{u.size ? formatBytes(u.size) : ''}</span>
            </div>
            {u.state === 'rejected' && u.error ? (
              <div className="upload-error" data-testid="upload-error">
                <code className="error-code">{u.error.code}</code> {u.error.message}
              </div>
            ) : (
              <progress
                className="progress"
                max={Math.max(u.size, 1)}
                value={u.loaded}
                aria-label={`Uploading ${u.name}`}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
