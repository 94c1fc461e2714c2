// Where the shell finds its data, models, GUI and bundles. Pure: the Electron facts (packaged?, resourcesPath,
// userData) come in as arguments, so the rules are tested under plain Node.
import path from 'node:path';

export interface ShellFacts {
  readonly packaged: boolean;
  /** app.getAppPath(): the project folder unpackaged, …/resources/app.asar packaged. */
  readonly appPath: string;
  /** process.resourcesPath: where electron-builder's extraResources land. */
  readonly resourcesPath: string;
  readonly env: NodeJS.ProcessEnv;
}

/** OCRDESK_HOME wins, as for the CLI (tests and portable setups); otherwise Electron's userData. */
export function shellDataDir(env: NodeJS.ProcessEnv, userData: string): string {
  return env['OCRDESK_HOME'] ? path.resolve(env['OCRDESK_HOME']) : userData;
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
