// The main-process side of the bridge's shell actions. Every handler checks that the call comes from the GUI on
// the engine's origin and re-validates its arguments: the page is treated as untrusted input.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  app,
  type BrowserWindow,
  dialog,
  type IpcMainEvent,
  type IpcMainInvokeEvent,
  ipcMain,
  shell,
} from 'electron';
import { type BridgeConfig, IPC } from './ipc-channels.ts';
import { isTrustedSender } from './navigation-policy.ts';

export function registerShellIpc(
  config: BridgeConfig,
  appOrigin: string,
  window: () => BrowserWindow | undefined,
): void {
  const trusted = (e: IpcMainEvent | IpcMainInvokeEvent): boolean => {
    const frame = e.senderFrame;
    // Only the top frame of our window: a subframe (there should be none) gets nothing.
    return frame !== null && frame.parent === null && isTrustedSender(frame.url, appOrigin);
  };
  const refuse = (): never => {
    throw new Error('refused: not the OCR Desk GUI');
  };

  ipcMain.on(IPC.config, (e) => {
    e.returnValue = trusted(e) ? config : null;
  });

  ipcMain.handle(IPC.pickFiles, async (e, opts: unknown): Promise<string[]> => {
    if (!trusted(e)) refuse();
    const directories =
      typeof opts === 'object' && opts !== null && (opts as { directories?: unknown }).directories === true;
    const options: Electron.OpenDialogOptions = {
      title: directories ? 'Choose folders to recognise' : 'Choose files to recognise',
      properties: [directories ? 'openDirectory' : 'openFile', 'multiSelections'],
      ...(!directories && {
        filters: [
          { name: 'Scans and PDFs', extensions: ['pdf', 'png', 'jpg', 'jpeg', 'tif', 'tiff', 'webp', 'gif'] },
          { name: 'All files', extensions: ['*'] },
        ],
      }),
    };
    const win = window();
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return r.canceled ? [] : r.filePaths;
  });

  ipcMain.handle(IPC.saveFile, async (e, name: unknown, data: unknown): Promise<string | undefined> => {
    if (!trusted(e)) refuse();
    if (typeof name !== 'string' || !(data instanceof Uint8Array)) throw new Error('saveFile(name, bytes)');
    // The page proposes a name, never a folder.
    const base = path.basename(name.replaceAll('\\', '/')) || 'ocrdesk-output';
    const options: Electron.SaveDialogOptions = { defaultPath: path.join(app.getPath('downloads'), base) };
    const win = window();
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (r.canceled || !r.filePath) return undefined;
    await writeFile(r.filePath, data);
    return r.filePath;
  });

  ipcMain.handle(IPC.revealInFolder, (e, p: unknown): void => {
    if (!trusted(e)) refuse();
    if (typeof p !== 'string' || !path.isAbsolute(p))
      throw new Error('revealInFolder takes an absolute path');
    // Shows the item in the file manager; it does not open or run it.
    shell.showItemInFolder(p);
  });
}
