// Hot folders: each with its counters and last error, kept fresh while the tab is open; add, edit, remove.
import { useEffect, useState } from 'react';
import type { HotFolder } from '../../src-shared/api-schemas.ts';
import { useApi } from '../session/useSessionStore.ts';
import { IconAlert, IconHotFolder } from '../shell/Icons.tsx';
import { HotFolderForm } from './HotFolderForm.tsx';
import { ItemActions } from './ItemActions.tsx';
import { SectionHead } from './SectionHead.tsx';
import { useSettingsStore } from './useSettingsStore.ts';

export function HotFoldersTab(): React.JSX.Element {
  const api = useApi();
  const folders = useSettingsStore((s) => s.hotFolders);
  const [editing, setEditing] = useState<HotFolder | 'new' | undefined>();
  const store = useSettingsStore.getState();
  useEffect(() => {
    const refresh = (): void =>
      void useSettingsStore
        .getState()
        .refreshHotFolders(api)
        .catch(() => undefined);
    refresh();
    const t = setInterval(refresh, 3000);
    return () => clearInterval(t);
  }, [api]);
  return (
    <div className="settings-sections">
      <SectionHead
        hint="Files saved into a watched folder are recognised automatically; outputs go to its output folder."
        addLabel="Add hot folder"
        addTestId="hot-add"
        onAdd={() => setEditing('new')}
      />
      {editing && (
        <HotFolderForm
          key={editing === 'new' ? 'new' : editing.id}
          initial={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(undefined)}
          onSave={async (input) => {
            await store.saveHotFolder(api, input, editing === 'new' ? undefined : editing.id);
            setEditing(undefined);
          }}
        />
      )}
      {folders.length === 0 && !editing ? (
        <p className="empty">No hot folders yet.</p>
      ) : (
        <ul className="item-list" aria-label="Hot folders">
          {folders.map((f) => (
            <li key={f.id} className={f.enabled ? 'item' : 'item item-off'} data-testid="hot-folder-row">
              <span className="item-icon">
                <IconHotFolder />
              </span>
              <div className="item-main">
                <div className="mono path" title={f.inputDir}>
                  {f.inputDir}
                </div>
                <div className="item-sub">
                  → <span className="mono">{f.outputDir}</span> ·{' '}
                  {f.profile ? `profile ${f.profile}` : 'engine defaults'}
                  {!f.enabled && ' · disabled'}
                  {f.polling && ' · polling'}
                </div>
                <div className="counters" data-testid="hot-counters">
                  <span className="counter">{f.counters.processing} in progress</span>
                  <span className={f.counters.done ? 'counter counter-ok' : 'counter'}>
                    {f.counters.done} done
                  </span>
                  <span className={f.counters.failed ? 'counter counter-bad' : 'counter'}>
                    {f.counters.failed} failed
                  </span>
                </div>
                {f.lastError && (
                  <div className="item-error">
                    <IconAlert size={14} /> {f.lastError}
                  </div>
                )}
              </div>
              <ItemActions
                noun="hot folder"
                subject={f.inputDir}
                verb="Remove"
                message={`Stop watching ${f.inputDir}? Its files and outputs stay where they are.`}
                onEdit={() => setEditing(f)}
                onRemove={() => store.deleteHotFolder(api, f.id)}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
