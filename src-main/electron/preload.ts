// The page's only door to the desktop (bundled as CommonJS: sandboxed preloads cannot load ES modules, and may
// require nothing but 'electron'). It hands over the API's address and token and a few shell actions, each a
// narrow IPC call the main process checks again; no Node, no ipcRenderer, no Electron objects reach the page.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { DESKTOP_BRIDGE_GLOBAL, type DesktopBridge } from '../../src-shared/desktop-bridge.ts';
import { type BridgeConfig, IPC } from './ipc-channels.ts';

// Synchronous so window.ocrdesk exists before the GUI's first script runs. The main process answers only
// frames on the engine's origin; anywhere else the bridge is not exposed at all.
const config = ipcRenderer.sendSync(IPC.config) as BridgeConfig | null;

if (config) {
  const bridge = {
    kind: 'electron',
    apiUrl: config.apiUrl,
    token: config.token,
    pickFiles: (options) =>
      ipcRenderer.invoke(IPC.pickFiles, { directories: options.directories === true }) as Promise<string[]>,
    saveFile: (suggestedName, data) =>
      ipcRenderer.invoke(IPC.saveFile, String(suggestedName), data) as Promise<string | undefined>,
    revealInFolder: (path) => ipcRenderer.invoke(IPC.revealInFolder, String(path)) as Promise<void>,
    pathForFile: (file) => {
      try {
        return webUtils.getPathForFile(file);
      } catch {
        // Not a File backed by the OS (made in the page): no path to give.
        return '';
      }
    },
  } satisfies DesktopBridge;
  contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_GLOBAL, bridge);
}
