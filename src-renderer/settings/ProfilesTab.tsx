// Profiles: list, add, edit, remove.
import { useState } from 'react';
import type { Profile } from '../../src-shared/api-schemas.ts';
import { useApi } from '../session/useSessionStore.ts';
import { IconEdit, IconPlus, IconTrash } from '../shell/Icons.tsx';
import { useDialogStore } from '../shell/useDialogStore.ts';
import { noticeError } from '../shell/useNoticeStore.ts';
import { ProfileForm } from './ProfileForm.tsx';
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
      <div className="section-head">
        <p className="hint">
          A profile bundles job options; pick one in the toolbar for new jobs, or give it to a hot folder.
        </p>
        <button
          type="button"
          className="button button-primary"
          onClick={() => setEditing('new')}
          data-testid="profile-add"
        >
          <IconPlus size={15} /> New profile
        </button>
      </div>
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
              <div className="item-actions">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Edit profile ${p.name}`}
                  onClick={() => setEditing(p)}
                >
                  <IconEdit size={16} />
                </button>
                <button
                  type="button"
                  className="icon-button icon-danger"
                  aria-label={`Delete profile ${p.name}`}
                  onClick={() =>
                    useDialogStore.getState().confirm({
                      title: 'Delete profile',
                      message: `Delete the profile “${p.name}”? Jobs that used it keep their options.`,
                      confirmLabel: 'Delete',
                      danger: true,
                      onConfirm: () =>
                        void store
                          .deleteProfile(api, p.name)
                          .catch((e: unknown) => noticeError('Delete failed', e)),
                    })
                  }
                >
                  <IconTrash size={16} />
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
