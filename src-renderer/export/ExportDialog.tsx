// Export: formats (searchable PDF with its PDF/A level, DOCX, TXT, hOCR, ALTO, JSON, Markdown, or one ZIP),
// document metadata, then a download (browser) or the native save dialog (Electron), with progress and a result.
import { Fragment, useEffect } from 'react';
import type { OutputFormat } from '../../src-shared/api-schemas.ts';
import { jobTitle } from '../queue/job-filter.ts';
import { useQueueStore } from '../queue/useQueueStore.ts';
import { useApi, useSessionStore } from '../session/useSessionStore.ts';
import { formatBytes } from '../shell/format.ts';
import { IconCheck } from '../shell/Icons.tsx';
import { Modal } from '../shell/Modal.tsx';
import { useDialogStore } from '../shell/useDialogStore.ts';
import { ChoiceSelect } from '../shell/ChoiceSelect.tsx';
import { OPTIMIZE_CHOICES, PDFA_CHOICES } from './pdf-choices.ts';
import { useExportStore } from './useExportStore.ts';

const FORMATS: ReadonlyArray<{ id: OutputFormat; label: string; hint: string }> = [
  { id: 'pdf', label: 'Searchable PDF', hint: 'Page images with an invisible text layer' },
  { id: 'docx', label: 'Word (DOCX)', hint: 'Editable text with paragraphs' },
  { id: 'txt', label: 'Plain text', hint: 'Reading order, a form feed between pages' },
  { id: 'md', label: 'Markdown', hint: 'Headings and paragraphs' },
  { id: 'hocr', label: 'hOCR', hint: 'HTML with word boxes' },
  { id: 'alto', label: 'ALTO XML', hint: 'ALTO 4, for libraries and archives' },
  { id: 'json', label: 'JSON', hint: 'Blocks, lines, words, boxes, confidences' },
];

export function ExportDialog(): React.JSX.Element | null {
  const api = useApi();
  const bridge = useSessionStore((s) => s.bridge);
  const close = useDialogStore((s) => s.close);
  const job = useQueueStore((s) => (s.selectedId ? s.jobs[s.selectedId] : undefined));
  const x = useExportStore();
  useEffect(() => {
    if (job) useExportStore.getState().begin(job);
    // Only when the dialog opens for a job, not on every progress update of it.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- job's identity changes with each event
  }, [job?.id]);
  if (!job) return null;
  const busy = x.phase === 'writing' || x.phase === 'saving';
  const field = (key: keyof typeof x.metadata, label: string, placeholder: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        type="text"
        value={x.metadata[key]}
        placeholder={placeholder}
        maxLength={1000}
        disabled={busy}
        onChange={(e) => x.setMetadata({ [key]: e.currentTarget.value })}
        data-testid={`export-${key}`}
      />
    </label>
  );
  return (
    <Modal
      title={`Export “${jobTitle(job)}”`}
      onClose={close}
      wide
      testId="export-dialog"
      footer={
        <>
          <span className="footer-note">
            {bridge ? 'You choose where to save each file.' : 'Files go to your downloads.'}
          </span>
          <button type="button" className="button" onClick={close}>
            {x.phase === 'done' ? 'Close' : 'Cancel'}
          </button>
          <button
            type="button"
            className="button button-primary"
            data-testid="export-run"
            disabled={busy || x.formats.length === 0}
            onClick={() => void x.run(api, bridge)}
          >
            {busy
              ? 'Exporting…'
              : x.zip
                ? 'Export ZIP'
                : `Export ${x.formats.length || ''} file${x.formats.length === 1 ? '' : 's'}`}
          </button>
        </>
      }
    >
      <div className="export-grid">
        <fieldset className="fieldset" disabled={busy}>
          <legend>Formats</legend>
          {FORMATS.map((f) => (
            <Fragment key={f.id}>
              <label className="check-row">
                <input
                  type="checkbox"
                  checked={x.formats.includes(f.id)}
                  onChange={() => x.toggleFormat(f.id)}
                  data-testid={`export-format-${f.id}`}
                />
                <span className="check-label">
                  {f.label}
                  <small>{f.hint}</small>
                </span>
              </label>
              {f.id === 'pdf' && x.formats.includes('pdf') && (
                <label className="field field-inline field-nested">
                  <span>PDF level</span>
                  <ChoiceSelect
                    value={x.pdfa}
                    choices={PDFA_CHOICES}
                    onChange={x.setPdfa}
                    aria-label="PDF/A level"
                    data-testid="export-pdfa"
                  />
                </label>
              )}
              {f.id === 'pdf' && x.formats.includes('pdf') && (
                <label className="field field-inline field-nested">
                  <span>Images</span>
                  <ChoiceSelect
                    value={x.optimize}
                    choices={OPTIMIZE_CHOICES}
                    onChange={x.setOptimize}
                    aria-label="PDF image optimisation"
                    data-testid="export-optimize"
                  />
                </label>
              )}
            </Fragment>
          ))}
          <label className="check-row check-row-zip">
            <input
              type="checkbox"
              checked={x.zip}
              onChange={(e) => x.setZip(e.currentTarget.checked)}
              data-testid="export-zip"
            />
            <span className="check-label">
              One ZIP file
              <small>The chosen formats and the job&apos;s other outputs in one archive</small>
            </span>
          </label>
        </fieldset>
        <fieldset className="fieldset" disabled={busy}>
          <legend>Document metadata</legend>
          {field('title', 'Title', jobTitle(job))}
          {field('author', 'Author', 'Name or organisation')}
          {field('subject', 'Subject', 'What the document is about')}
          {field('keywords', 'Keywords', 'Comma separated')}
          <p className="hint">
            Written into the PDF and DOCX (and the XMP of PDF/A); the job keeps its own settings.
          </p>
        </fieldset>
      </div>
      {x.phase !== 'idle' && (
        <div className="export-status" role="status" aria-live="polite" data-testid="export-status">
          {busy && (
            <>
              <progress
                className="progress"
                max={x.step.total}
                value={x.step.done}
                aria-label="Export progress"
              />
              <span>{x.step.label}</span>
            </>
          )}
          {x.phase === 'done' && (
            <ul className="export-results">
              {x.results.map((r) => (
                <li key={r.name}>
                  <IconCheck size={16} /> <strong>{r.name}</strong> {formatBytes(r.size)}
                  <span className="muted">
                    {r.where === 'downloaded' ? ' · downloaded' : ` · saved to ${r.where}`}
                  </span>
                  {bridge && r.where !== 'downloaded' && (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => void bridge.revealInFolder(r.where)}
                    >
                      Show in folder
                    </button>
                  )}
                </li>
              ))}
              {x.results.length === 0 && <li>Nothing saved (the save dialog was closed).</li>}
            </ul>
          )}
          {x.phase === 'failed' && x.error && (
            <div className="banner banner-error" role="alert">
              <code className="error-code">{x.error.code}</code> {x.error.message}
            </div>
          )}
        </div>
      )}
    </Modal>
  );
}
