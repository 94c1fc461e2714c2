// Top toolbar: open, profile for new jobs, export, settings, help.
import { useQueueStore } from '../queue/useQueueStore.ts';
import { useApi, useSessionStore } from '../session/useSessionStore.ts';
import { useSettingsStore } from '../settings/useSettingsStore.ts';
import { openPicker } from '../upload/pickers.ts';
import { useUploadStore } from '../upload/useUploadStore.ts';
import { ChoiceSelect, profileChoices } from './ChoiceSelect.tsx';
import { IconExport, IconFolder, IconHelp, IconLogo, IconSettings, IconUpload } from './Icons.tsx';
import { useDialogStore } from './useDialogStore.ts';

export function Toolbar(): React.JSX.Element {
  const api = useApi();
  const bridge = useSessionStore((s) => s.bridge);
  const profiles = useSettingsStore((s) => s.profiles);
  const profile = useUploadStore((s) => s.profile);
  const selected = useQueueStore((s) => (s.selectedId ? s.jobs[s.selectedId] : undefined));
  const show = useDialogStore((s) => s.show);
  const canExport = selected?.status === 'completed';
  return (
    <header className="toolbar" role="toolbar" aria-label="Main toolbar">
      <div className="brand">
        <IconLogo />
        <span>OCR Desk</span>
      </div>
      <div className="toolbar-group">
        <button
          type="button"
          className="tool"
          onClick={() => openPicker('files', api, bridge)}
          aria-keyshortcuts="o"
          title="Open files (O)"
        >
          <IconUpload /> <span>Open</span>
        </button>
        <button
          type="button"
          className="tool"
          onClick={() => openPicker('folder', api, bridge)}
          aria-keyshortcuts="Shift+O"
          title="Open folder (Shift+O)"
        >
          <IconFolder /> <span>Folder</span>
        </button>
        <label className="tool-select">
          <span>Profile</span>
          <ChoiceSelect
            value={profile}
            choices={profileChoices(profiles, 'Default')}
            onChange={(p) => useUploadStore.getState().setProfile(p)}
            aria-label="Profile for new jobs"
            data-testid="profile-select"
          />
        </label>
      </div>
      <div className="toolbar-spacer" />
      <div className="toolbar-group">
        <button
          type="button"
          className="tool tool-primary"
          data-testid="export-button"
          disabled={!canExport}
          onClick={() => show('export')}
          aria-keyshortcuts="e"
          title={canExport ? 'Export the selected job (E)' : 'Select a completed job to export it'}
        >
          <IconExport /> <span>Export</span>
        </button>
        <button
          type="button"
          className="tool"
          data-testid="settings-button"
          onClick={() => show('settings')}
          aria-keyshortcuts=","
          title="Settings (,)"
        >
          <IconSettings /> <span>Settings</span>
        </button>
        <button
          type="button"
          className="tool tool-icon"
          onClick={() => show('shortcuts')}
          aria-label="Keyboard shortcuts"
          aria-keyshortcuts="?"
          title="Keyboard shortcuts (?)"
        >
          <IconHelp />
        </button>
      </div>
    </header>
  );
}
