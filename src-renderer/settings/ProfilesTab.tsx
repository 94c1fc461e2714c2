// Profiles: list, add, edit, remove.
import { useState } from 'react';
import type { Profile } from '../../src-shared/api-schemas.ts';
import { useApi } from '../session/useSessionStore.ts';
import { ItemActions } from './ItemActions.tsx';
import { ProfileForm } from './ProfileForm.tsx';
import { SectionHead } from './SectionHead.tsx';
import { useSettingsStore } from './useSettingsStore.ts';

function summary(p: Profile): string {
  const o = p.options;
  const parts = [
    o.outputs?.map((f) => f.toUpperCase()).join(', '),
    o.pdfa && (o.pdfa === 'none' ? 'plain PDF' : `PDF/A-${o.pdfa}`),
    o.mode && o.mode !== 'auto' && `mode ${o.mode}`,
    o.deskew && 'deskew',
    o.autoRotate && 'auto-rotate',
    o.despeckle && 'despeckle',
    o.binarize && 'binarise',
  ];
  return parts.filter(Boolean).join(' · ') || 'Engine defaults';
}

export function ProfilesTab(): React.JSX.Element {
  const api = useApi();
  const profiles = useSettingsStore((s) => s.profiles);
  const [editing, setEditing] = useState<Profile | 'new' | undefined>();
  const store = useSettingsStore.getState();
  return (
    <div className="settings-sections">
      <SectionHead
        hint="A profile bundles job options; pick one in the toolbar for new jobs, or give it to a hot folder."
        addLabel="New profile"
        addTestId="profile-add"
        onAdd={() => setEditing('new')}
      />
      {editing && (
        <ProfileForm
          key={editing === 'new' ? 'new' : editing.name}
          initial={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(undefined)}
          onSave={async (p) => {
            await store.saveProfile(api, p, editing === 'new' ? undefined : editing.name);
            setEditing(undefined);
          }}
        />
      )}
      {profiles.length === 0 && !editing ? (
        <p className="empty">No profiles yet.</p>
      ) : (
        <ul className="item-list" aria-label="Profiles">
          {profiles.map((p) => (
            <li key={p.name} className="item" data-testid="profile-row">
              <div className="item-main">
                <strong>{p.name}</strong>
                {p.description && <span className="muted"> — {p.description}</span>}
                <div className="item-sub">{summary(p)}</div>
              </div>
              <ItemActions
                noun="profile"
                subject={p.name}
                verb="Delete"
                message={`Delete the profile “${p.name}”? Jobs that used it keep their options.`}
                onEdit={() => setEditing(p)}
                onRemove={() => store.deleteProfile(api, p.name)}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
