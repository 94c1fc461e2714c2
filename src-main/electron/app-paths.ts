// Where the shell finds its data, models, GUI and bundles. Pure: the Electron facts (packaged?, resourcesPath,
// userData) come in as arguments, so the rules are tested under plain Node.
import path from 'node:path';
import { defaultDataDir } from '../engine/config/paths.ts';

export interface ShellFacts {
  readonly packaged: boolean;
  /** app.getAppPath(): the project folder unpackaged, …/resources/app.asar packaged. */
  readonly appPath: string;
  /** process.resourcesPath: where electron-builder's extraResources land. */
  readonly resourcesPath: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Chromium's own data (caches, window state): OCRDESK_HOME wins (tests and portable setups); else userData. */
export function shellDataDir(env: NodeJS.ProcessEnv, userData: string): string {
  return env['OCRDESK_HOME'] ? path.resolve(env['OCRDESK_HOME']) : userData;
}

/**
 * The engine's data folder (jobs, database, token, server.json): the same as the CLI's, so `ocrdesk jobs` and
 * scripts find the desktop app's engine and queue, and `ocrdesk serve` refuses to run a second engine on it.
 */
export function shellEngineHome(env: NodeJS.ProcessEnv): string {
  return defaultDataDir(env);
}

/**
 * Packaged, the models are real files in resources/models (extraResources: onnxruntime cannot read inside an
 * asar archive), with a manifest that names them beside itself. Unpackaged, the project's models/ folder, whose
 * manifest points into the npm package. OCRDESK_MODELS (another model pack) wins, as for the CLI.
 */
export function shellModelDir(f: ShellFacts): string {
  if (f.env['OCRDESK_MODELS']) return path.resolve(f.env['OCRDESK_MODELS']);
  return f.packaged ? path.join(f.resourcesPath, 'models') : path.join(f.appPath, 'models');
}

/** `npm run build:gui` output; inside app.asar when packaged (read through Electron's asar fs). */
export function shellGuiDir(f: ShellFacts): string {
  return path.join(f.appPath, 'dist', 'renderer');
}

/** Bundles from scripts/build-electron.mjs live beside main.cjs; `dir` is main.cjs's folder. */
export function bundlePaths(dir: string): {
  preload: string;
  engine: string;
  windowIcon: string;
  trayIcon: string;
} {
  return {
    preload: path.join(dir, 'preload.cjs'),
    engine: path.join(dir, 'engine.mjs'),
    windowIcon: path.join(dir, 'icons', 'icon.png'),
    trayIcon: path.join(dir, 'icons', 'tray.png'),
  };
}
