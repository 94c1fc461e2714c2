// Add or edit a hot folder: where files come in, where outputs go, with which profile, what happens to originals.
import { useState } from 'react';
import type { HotFolder, HotFolderInput } from '../../src-shared/api-schemas.ts';
import { useSessionStore } from '../session/useSessionStore.ts';
import { ChoiceSelect, profileChoices } from '../shell/ChoiceSelect.tsx';
import { IconFolder } from '../shell/Icons.tsx';
import { FormFooter } from './FormFooter.tsx';
import { useSave } from './useSave.ts';
import { useSettingsStore } from './useSettingsStore.ts';

export function HotFolderForm({
  initial,
  onSave,
  onCancel,
}: {
  initial: HotFolder | undefined;
  onSave: (input: HotFolderInput) => Promise<void>;
  onCancel: () => void;
}): React.JSX.Element {
  const bridge = useSessionStore((s) => s.bridge);
  const profiles = useSettingsStore((s) => s.profiles);
  const [inputDir, setInputDir] = useState(initial?.inputDir ?? '');
  const [outputDir, setOutputDir] = useState(initial?.outputDir ?? '');
  const [profile, setProfile] = useState(initial?.profile ?? '');
  const [afterSuccess, setAfterSuccess] = useState<HotFolder['afterSuccess']>(
    initial?.afterSuccess ?? 'move',
  );
  const [afterFailure, setAfterFailure] = useState<HotFolder['afterFailure']>(
    initial?.afterFailure ?? 'move',
  );
  const [stableSeconds, setStableSeconds] = useState(String((initial?.stableMs ?? 5000) / 1000));
  const [polling, setPolling] = useState(initial?.polling ?? false);
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const { error, setError, saving, save } = useSave();

  const browse = async (set: (p: string) => void): Promise<void> => {
    const [dir] = (await bridge?.pickFiles({ directories: true })) ?? [];
    if (dir) set(dir);
  };
  const dirField = (label: string, value: string, set: (v: string) => void, testId: string, hint: string) => (
    <label className="field">
      <span>{label}</span>
      <span className="input-with-button">
        <input
          value={value}
          onChange={(e) => set(e.currentTarget.value)}
          placeholder={hint}
          required
          spellCheck={false}
          data-testid={testId}
        />
        {bridge && (
          <button
            type="button"
            className="button button-small"
            onClick={() => void browse(set)}
            aria-label={`Choose ${label}`}
          >
            <IconFolder size={14} />
          </button>
        )}
      </span>
    </label>
  );
  const submit = async (): Promise<void> => {
    const stable = Number(stableSeconds);
    if (!Number.isFinite(stable) || stable < 0 || stable > 600)
      return setError('Wait between 0 and 600 seconds.');
    setError('');
    await save(() =>
      onSave({
        inputDir: inputDir.trim(),
        outputDir: outputDir.trim(),
        profile: profile || null,
        afterSuccess,
        afterFailure,
        stableMs: Math.round(stable * 1000),
        polling,
        enabled,
      }),
    );
  };
  return (
    <form
      className="subform"
      aria-label={initial ? 'Edit hot folder' : 'New hot folder'}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="form-grid">
        {dirField('Watch folder', inputDir, setInputDir, 'hot-input', '/path/on/the/engine/machine/in')}
        {dirField('Output folder', outputDir, setOutputDir, 'hot-output', '/path/on/the/engine/machine/out')}
        <label className="field">
          <span>Profile</span>
          <ChoiceSelect
            value={profile}
            choices={profileChoices(profiles, 'Engine defaults')}
            onChange={setProfile}
            data-testid="hot-profile"
          />
        </label>
        <label className="field">
          <span>Take a file once unchanged for (seconds)</span>
          <input
            type="number"
            min={0}
            max={600}
            step={0.5}
            value={stableSeconds}
            onChange={(e) => setStableSeconds(e.currentTarget.value)}
            data-testid="hot-stable"
          />
        </label>
        <label className="field">
          <span>After success, the original is</span>
          <select
            value={afterSuccess}
            onChange={(e) => setAfterSuccess(e.currentTarget.value as HotFolder['afterSuccess'])}
          >
            <option value="move">moved to done/</option>
            <option value="leave">left in place</option>
            <option value="delete">deleted</option>
          </select>
        </label>
        <label className="field">
          <span>After failure, the original is</span>
          <select
            value={afterFailure}
            onChange={(e) => setAfterFailure(e.currentTarget.value as HotFolder['afterFailure'])}
          >
            <option value="move">moved to failed/ (with the error)</option>
            <option value="leave">left in place</option>
          </select>
        </label>
      </div>
      <div className="fieldset-row">
        <label className="check-row">
          <input type="checkbox" checked={polling} onChange={(e) => setPolling(e.currentTarget.checked)} />
          <span className="check-label">
            Poll for changes<small>For network shares, where change events do not arrive</small>
          </span>
        </label>
        <label className="check-row">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <span className="check-label">Enabled</span>
        </label>
      </div>
      <p className="hint">Folders are paths on the machine the engine runs on.</p>
      <FormFooter
        error={error}
        errorTestId="hot-error"
        saving={saving}
        saveLabel={initial ? 'Save hot folder' : 'Add hot folder'}
        saveTestId="hot-save"
        onCancel={onCancel}
      />
    </form>
  );
}
