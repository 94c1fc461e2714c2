// The sidebar's drop target and the hidden pickers behind "Open files" / "Open folder". Drops anywhere in the
// window land here too (Workspace forwards them), so the whole app is a drop target.
import { useState } from 'react';
import { useSessionStore } from '../session/useSessionStore.ts';
import { IconFolder, IconUpload } from '../shell/Icons.tsx';
import { filesFromDataTransfer, filesFromInput } from './collect-files.ts';
import { FILE_INPUT_ID, FOLDER_INPUT_ID, openPicker } from './pickers.ts';
import { useUploadStore } from './useUploadStore.ts';

const ACCEPT = '.png,.jpg,.jpeg,.tif,.tiff,.webp,.gif,.bmp,.pdf,image/*,application/pdf';

/** Sends a drop's files (folders walked) to the upload queue. */
export async function acceptDrop(dt: DataTransfer): Promise<void> {
  const { api, token } = useSessionStore.getState();
  if (!api) return;
  const files = await filesFromDataTransfer(dt);
  if (files.length) useUploadStore.getState().add(api, token, files);
}

export function DropZone(): React.JSX.Element {
  const { api, token, bridge } = useSessionStore();
  const [over, setOver] = useState(false);
  const add = (list: FileList | null): void => {
    const files = filesFromInput(list);
    if (api && files.length) useUploadStore.getState().add(api, token, files);
  };
  return (
    <div
      className={over ? 'drop-zone drop-zone-over' : 'drop-zone'}
      data-testid="drop-zone"
      role="region"
      aria-label="Drop files or folders here to recognise them"
      onDragEnter={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => setOver(false)}
      onDrop={() => setOver(false)}
    >
      <IconUpload size={22} />
      <div className="drop-zone-text">
        <strong>Drop scans or folders</strong>
        <span>PNG, JPEG, TIFF, WebP, GIF, PDF</span>
      </div>
      <div className="drop-zone-actions">
        <button
          type="button"
          className="button button-small button-primary"
          onClick={() => api && openPicker('files', api, bridge)}
          aria-keyshortcuts="o"
        >
          Open files…
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={() => api && openPicker('folder', api, bridge)}
          aria-label="Open folder"
          title="Open folder (Shift+O)"
          aria-keyshortcuts="Shift+O"
        >
          <IconFolder size={16} />
        </button>
      </div>
      <input
        id={FILE_INPUT_ID}
        data-testid="file-input"
        type="file"
        multiple
        accept={ACCEPT}
        hidden
        aria-label="Choose files to recognise"
        onChange={(e) => {
          add(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
      <input
        id={FOLDER_INPUT_ID}
        data-testid="folder-input"
        type="file"
        multiple
        hidden
        aria-label="Choose a folder to recognise"
        // React has no typed prop for these non-standard attributes; every engine the GUI runs in supports them.
        {...{ webkitdirectory: '', directory: '' }}
        onChange={(e) => {
          add(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
    </div>
  );
}
