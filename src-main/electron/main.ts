// Electron main process (bundled to dist/electron/main.cjs): one instance, the engine in a utility process, one
// hardened window on the engine's GUI, a tray with the queue, files from argv, drops and "Open with" as jobs,
// and a quit that lets the page being recognised finish.
import { fileURLToPath } from 'node:url';
import { app, type BrowserWindow, dialog, Menu } from 'electron';
import { ApiClient } from '../../src-shared/api-client.ts';
import {
  bundlePaths,
  shellDataDir,
  shellEngineHome,
  shellGuiDir,
  shellModelDir,
  type ShellFacts,
} from './app-paths.ts';
import { filesFromArgv, filesFromHandover } from './argv-files.ts';
import { type RunningEngine, startEngine } from './engine-process.ts';
import { buildMenu } from './menu.ts';
import { QuitSequence } from './quit-sequence.ts';
import { harden } from './security.ts';
import { registerShellIpc } from './shell-ipc.ts';
import { QueueTray } from './tray.ts';
import { createMainWindow } from './window.ts';

/** A page takes seconds; a stuck engine must not hold the quit for ever. */
const QUIT_TIMEOUT_MS = 60_000;

// Before `ready`: where data lives (OCRDESK_HOME for tests and portable use), sandbox for every renderer.
app.setPath('userData', shellDataDir(process.env, app.getPath('userData')));
app.enableSandbox();

const argvFiles = filesFromArgv(process.argv, {
  cwd: process.cwd(),
  ...(!app.isPackaged && { appPath: app.getAppPath() }),
});
// A second launch hands its files to the first instance (additionalData, not argv: Chromium rewrites argv).
if (!app.requestSingleInstanceLock({ files: argvFiles })) app.quit();
else run();

function run(): void {
  let win: BrowserWindow | undefined;
  let engine: RunningEngine | undefined;
  let client: ApiClient | undefined;
  let tray: QueueTray | undefined;
  const pending: string[] = [...argvFiles];
  const bundles = bundlePaths(__dirname);

  const submit = (files: readonly string[]): void => {
    if (files.length === 0) return;
    if (!client) {
      pending.push(...files);
      return;
    }
    client.createJobFromPaths({ paths: [...files] }).catch((e: unknown) => {
      const detail = e instanceof Error ? e.message : String(e);
      const options = { type: 'warning' as const, message: 'OCR Desk could not add these files', detail };
      void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
    });
  };

  const showWindow = (): void => {
    // No window before the engine is up, nor while it is stopping for a quit.
    if (!engine || quit.stopping) return;
    if (!win || win.isDestroyed()) {
      win = createMainWindow({ url: engine.url, preload: bundles.preload, icon: bundles.windowIcon });
      win.on('closed', () => (win = undefined));
      return;
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  const openFiles = async (): Promise<void> => {
    const options: Electron.OpenDialogOptions = { properties: ['openFile', 'multiSelections'] };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    if (!r.canceled) submit(r.filePaths);
  };

  const quit = new QuitSequence(
    () => engine?.stop() ?? Promise.resolve(),
    QUIT_TIMEOUT_MS,
    (outcome) => {
      if (outcome !== 'stopped') console.error(`OCR Desk: the engine did not stop cleanly (${outcome})`);
      tray?.destroy();
      app.quit();
    },
  );
  app.on('before-quit', (e) => {
    if (quit.request()) return;
    e.preventDefault();
    tray?.setStatus('Stopping after the current page…');
  });
  process.once('SIGTERM', () => app.quit());
  process.once('SIGINT', () => app.quit());

  app.on('second-instance', (_e, _argv, _cwd, data) => {
    showWindow();
    submit(filesFromHandover(data));
  });
  // macOS: files dropped on the Dock icon or opened with the app (may arrive before `ready`).
  app.on('open-file', (e, file) => {
    e.preventDefault();
    submit([file]);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', showWindow);

  void app.whenReady().then(async () => {
    const facts: ShellFacts = {
      packaged: app.isPackaged,
      appPath: app.getAppPath(),
      resourcesPath: process.resourcesPath,
      env: process.env,
    };
    try {
      engine = await startEngine(bundles.engine, {
        home: shellEngineHome(process.env),
        modelDir: shellModelDir(facts),
        guiDir: shellGuiDir(facts),
      });
    } catch (e) {
      quit.markStopped();
      dialog.showErrorBox('OCR Desk could not start', e instanceof Error ? e.message : String(e));
      app.quit();
      return;
    }
    engine.onUnexpectedExit((code) => {
      quit.markStopped();
      dialog.showErrorBox('OCR Desk stopped', `The OCR engine ended unexpectedly (exit code ${code}).`);
      app.quit();
    });

    const origin = new URL(engine.url).origin;
    harden(origin, {
      onFileDropped: (url) => {
        try {
          submit([fileURLToPath(url)]);
        } catch {
          // file://host/… (a network share seen as a URL): not a local path the engine can read.
        }
      },
    });
    registerShellIpc({ apiUrl: engine.url, token: engine.token }, origin, () => win);
    client = new ApiClient(engine.url, engine.token);
    Menu.setApplicationMenu(buildMenu({ openFiles: () => void openFiles(), showWindow }));
    showWindow();
    try {
      tray = new QueueTray(bundles.trayIcon, {
        show: showWindow,
        openFiles: () => void openFiles(),
        quit: () => app.quit(),
      });
      engine.onQueue((c) => tray?.update(c));
    } catch (e) {
      // Some Linux desktops have no tray; the app works without it.
      console.error('OCR Desk: no tray icon:', e);
    }
    submit(pending.splice(0));
  });
}
