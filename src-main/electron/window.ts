// The one window: the engine's GUI from its own URL (so the API's Host/Origin guard sees same-origin calls),
// in a sandboxed, context-isolated renderer without Node; the preload adds window.ocrdesk and nothing else.
import { BrowserWindow } from 'electron';

export function createMainWindow(opts: { url: string; preload: string; icon: string }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    title: 'OCR Desk',
    show: false,
    backgroundColor: '#f8fafc',
    // Windows and macOS take the icon from the executable; Linux window managers need it here.
    ...(process.platform === 'linux' && { icon: opts.icon }),
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${opts.url}/`);
  return win;
}
