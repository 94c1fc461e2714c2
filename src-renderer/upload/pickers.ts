// "Open files" and "Open folder": Electron's native dialog for files when the shell is there (the engine reads
// the paths itself), else the page's hidden file inputs.
import type { ApiClient } from '../../src-shared/api-client.ts';
import type { DesktopBridge } from '../../src-shared/desktop-bridge.ts';
import { useUploadStore } from './useUploadStore.ts';

export const FILE_INPUT_ID = 'open-files-input';
export const FOLDER_INPUT_ID = 'open-folder-input';

export function openPicker(
  kind: 'files' | 'folder',
  api: ApiClient,
  bridge: DesktopBridge | undefined,
): void {
  // Folders go through the page's directory input even in Electron: the engine takes files, not folders.
  if (bridge && kind === 'files') {
    void bridge.pickFiles({ directories: false }).then((paths) => {
      if (paths.length) void useUploadStore.getState().addPaths(api, paths);
    });
    return;
  }
  document.getElementById(kind === 'files' ? FILE_INPUT_ID : FOLDER_INPUT_ID)?.click();
}
