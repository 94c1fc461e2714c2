// Settings: general (theme, engine, connection), profiles, hot folders.
import { useEffect } from 'react';
import { useApi } from '../session/useSessionStore.ts';
import { Modal } from '../shell/Modal.tsx';
import { type SettingsTab, useDialogStore } from '../shell/useDialogStore.ts';
import { GeneralTab } from './GeneralTab.tsx';
import { HotFoldersTab } from './HotFoldersTab.tsx';
import { ProfilesTab } from './ProfilesTab.tsx';
import { useSettingsStore } from './useSettingsStore.ts';

const TABS: ReadonlyArray<{ id: SettingsTab; label: string }> = [
  { id: 'general', label: 'General' },
  { id: 'profiles', label: 'Profiles' },
  { id: 'hot-folders', label: 'Hot folders' },
];

export function SettingsDialog(): React.JSX.Element {
  const api = useApi();
  const close = useDialogStore((s) => s.close);
  const tab = useDialogStore((s) => s.settingsTab);
  const setTab = useDialogStore((s) => s.setSettingsTab);
  useEffect(() => {
    const s = useSettingsStore.getState();
    void s.refreshEngine(api);
    void s.refreshProfiles(api).catch(() => undefined);
  }, [api]);
  return (
    <Modal title="Settings" onClose={close} wide testId="settings-dialog">
      <div className="tabs" role="tablist" aria-label="Settings sections">
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            className={tab === t.id ? 'tab tab-on' : 'tab'}
            onClick={() => setTab(t.id)}
            data-testid={`settings-tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'general' && <GeneralTab />}
        {tab === 'profiles' && <ProfilesTab />}
        {tab === 'hot-folders' && <HotFoldersTab />}
      </div>
    </Modal>
  );
}
