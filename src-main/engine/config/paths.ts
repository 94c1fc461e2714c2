// Where OCR Desk keeps its data: OCRDESK_HOME, else the platform's per-user data folder.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['OCRDESK_HOME']) return path.resolve(env['OCRDESK_HOME']);
  const home = os.homedir();
  if (process.platform === 'win32')
    return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'OCR Desk');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'OCR Desk');
  return path.join(env['XDG_DATA_HOME'] ?? path.join(home, '.local', 'share'), 'ocrdesk');
}

export interface DataPaths {
  readonly root: string;
  readonly database: string;
  readonly token: string;
  readonly jobs: string;
  /** Uploads land here first, then move into their job's folder. */
  readonly incoming: string;
}

export function dataPaths(root: string): DataPaths {
  const p = {
    root,
    database: path.join(root, 'ocrdesk.sqlite'),
    token: path.join(root, 'api-token'),
    jobs: path.join(root, 'jobs'),
    incoming: path.join(root, 'incoming'),
  };
  // User-only: the folder holds the API token and every uploaded document.
  for (const dir of [p.root, p.jobs, p.incoming]) mkdirSync(dir, { recursive: true, mode: 0o700 });
  return p;
}

export function jobDir(paths: DataPaths, jobId: string): string {
  return path.join(paths.jobs, jobId);
}

/** Preprocessed page images of a job (only pages whose pixels preprocessing changed). */
export function pagesDir(paths: DataPaths, jobId: string): string {
  return path.join(paths.jobs, jobId, 'pages');
}
