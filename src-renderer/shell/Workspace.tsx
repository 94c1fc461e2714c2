// The signed-in app: toolbar on top, queue in the sidebar, the selected job in the main area, status at the
// bottom; the whole window accepts drops.
import { useRef, useState } from 'react';
import { ExportDialog } from '../export/ExportDialog.tsx';
import { QueuePanel } from '../queue/QueuePanel.tsx';
import { useQueueFeed } from '../queue/useQueueFeed.ts';
import { useApi, useSessionStore } from '../session/useSessionStore.ts';
import { SettingsDialog } from '../settings/SettingsDialog.tsx';
import { acceptDrop, DropZone } from '../upload/DropZone.tsx';
import { UploadList } from '../upload/UploadList.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { IconUpload } from './Icons.tsx';
import { JobView } from './JobView.tsx';
import { Notices } from './Notices.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';
import { StatusBar } from './StatusBar.tsx';
import { Toolbar } from './Toolbar.tsx';
import { useDialogStore } from './useDialogStore.ts';
import { useEngineStatus } from './useEngineStatus.ts';
import { useShortcuts } from './useShortcuts.ts';

const hasFiles = (e: React.DragEvent): boolean => [...e.dataTransfer.types].includes('Files');

export function Workspace(): React.JSX.Element {
  const api = useApi();
  const token = useSessionStore((s) => s.token);
  const dialog = useDialogStore((s) => s.open);
  useQueueFeed(api, token);
  useEngineStatus(api);
  useShortcuts();
  const [dragging, setDragging] = useState(false);
  // dragenter/dragleave fire for every child crossed; count them to know when the pointer left the window.
  const depth = useRef(0);
  return (
    <div
      className="app"
      onDragEnter={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current++;
        setDragging(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        depth.current = 0;
        setDragging(false);
        void acceptDrop(e.dataTransfer);
      }}
    >
      <Toolbar />
      <aside className="sidebar" aria-label="Queue">
        <DropZone />
        <UploadList />
        <QueuePanel />
      </aside>
      <main className="main" aria-label="Selected job">
        <JobView />
      </main>
      <StatusBar />
      {dragging && (
        <div className="drag-overlay" aria-hidden="true">
          <div className="drag-overlay-card">
            <IconUpload size={36} />
            <strong>Drop to recognise</strong>
            <span>Files and whole folders</span>
          </div>
        </div>
      )}
      {dialog === 'export' && <ExportDialog />}
      {dialog === 'settings' && <SettingsDialog />}
      {dialog === 'shortcuts' && <ShortcutHelp />}
      <ConfirmDialog />
      <Notices />
    </div>
  );
}
