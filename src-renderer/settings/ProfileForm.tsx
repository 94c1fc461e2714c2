// Add or edit a profile: a named set of job options (options it does not show are kept as they were).
import { useState } from 'react';
import type { JobOptions, OutputFormat, Profile } from '../../src-shared/api-schemas.ts';
import { OUTPUT_FORMATS } from '../../src-shared/api-schemas.ts';
import { OPTIMIZE_CHOICES, PDFA_CHOICES } from '../export/pdf-choices.ts';
import { ChoiceSelect, type Choice } from '../shell/ChoiceSelect.tsx';
import { FormFooter } from './FormFooter.tsx';
import { useSave } from './useSave.ts';

const MODE_CHOICES: ReadonlyArray<Choice<NonNullable<JobOptions['mode']>>> = [
  { id: 'auto', label: 'Auto: keep pages that already have text' },
  { id: 'force', label: 'Force: recognise every page' },
  { id: 'redo', label: 'Redo: replace earlier OCR' },
];

const NAME = /^[\w.-]{1,100}$/;

export function ProfileForm({
  initial,
  onSave,
  onCancel,
}: {
  initial: Profile | undefined;
  onSave: (p: Profile) => Promise<void>;
  onCancel: () => void;
}): React.JSX.Element {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [o, setO] = useState<JobOptions>(initial?.options ?? { outputs: ['pdf', 'txt'] });
  const { error, setError, saving, save } = useSave();
  const set = (patch: Partial<JobOptions>): void => setO({ ...o, ...patch });
  const outputs = o.outputs ?? [];
  const toggle = (f: OutputFormat): void =>
    set({ outputs: outputs.includes(f) ? outputs.filter((x) => x !== f) : [...outputs, f] });
  const flag = (key: 'deskew' | 'autoRotate' | 'despeckle' | 'binarize', label: string) => (
    <label className="check-row">
      <input
        type="checkbox"
        checked={o[key] ?? false}
        onChange={(e) => set({ [key]: e.currentTarget.checked })}
      />
      <span className="check-label">{label}</span>
    </label>
  );
  const submit = async (): Promise<void> => {
    if (!NAME.test(name)) return setError('Names use letters, digits, _ . and - (up to 100).');
    if (outputs.length === 0) return setError('Choose at least one output.');
    await save(() => onSave({ name, description, options: o }));
  };
  return (
    <form
      className="subform"
      aria-label={initial ? `Edit profile ${initial.name}` : 'New profile'}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="form-grid">
        <label className="field">
          <span>Name</span>
          <input
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            data-testid="profile-name"
          />
        </label>
        <label className="field">
          <span>Description</span>
          <input value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        </label>
        <label className="field">
          <span>Text layer</span>
          <ChoiceSelect value={o.mode ?? 'auto'} choices={MODE_CHOICES} onChange={(mode) => set({ mode })} />
        </label>
        <label className="field">
          <span>PDF level</span>
          <ChoiceSelect value={o.pdfa ?? '2b'} choices={PDFA_CHOICES} onChange={(pdfa) => set({ pdfa })} />
        </label>
        <label className="field">
          <span>PDF images</span>
          <ChoiceSelect
            value={o.optimize ?? 'lossless'}
            choices={OPTIMIZE_CHOICES}
            onChange={(optimize) => set({ optimize })}
          />
        </label>
        <label className="field">
          <span>PDF render DPI</span>
          <input
            type="number"
            min={72}
            max={1200}
            value={o.dpi ?? 300}
            onChange={(e) => set({ dpi: Number(e.currentTarget.value) })}
          />
        </label>
        <label className="field">
          <span>Minimum confidence</span>
          <input
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={o.minConfidence ?? 0}
            onChange={(e) => set({ minConfidence: Number(e.currentTarget.value) })}
          />
        </label>
      </div>
      <fieldset className="fieldset fieldset-row">
        <legend>Outputs</legend>
        {OUTPUT_FORMATS.map((f) => (
          <label key={f} className="check-chip">
            <input type="checkbox" checked={outputs.includes(f)} onChange={() => toggle(f)} />
            <span>{f.toUpperCase()}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="fieldset fieldset-row">
        <legend>Preprocessing</legend>
        {flag('deskew', 'Deskew')}
        {flag('autoRotate', 'Auto-rotate')}
        {flag('despeckle', 'Despeckle')}
        {flag('binarize', 'Binarise')}
      </fieldset>
      <FormFooter
        error={error}
        saving={saving}
        saveLabel="Save profile"
        saveTestId="profile-save"
        onCancel={onCancel}
      />
    </form>
  );
}
