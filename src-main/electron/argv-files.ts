// Files given on the command line ("Open with OCR Desk", a second launch, `ocr-desk scan.png`) become a job.
// Pure apart from stat, so it is tested on real temp files under plain Node.
import { statSync } from 'node:fs';
import path from 'node:path';

export interface ArgvContext {
  /** Where relative paths are resolved: the launching process's working directory. */
  readonly cwd: string;
  /**
   * Unpackaged (`electron .`), argv holds the app folder after Electron's and Node's own options; everything up
   * to it is the runtime's, not the user's. Packaged, argv[0] is the app and the rest is the user's.
   */
  readonly appPath?: string;
}

/** Absolute paths of the existing regular files named in `argv`, in order, without duplicates. */
export function filesFromArgv(argv: readonly string[], ctx: ArgvContext): string[] {
  let args = argv.slice(1);
  if (ctx.appPath !== undefined) {
    const app = path.resolve(ctx.appPath);
    const at = args.findIndex((a) => !a.startsWith('-') && path.resolve(ctx.cwd, a) === app);
    // Without the app folder in argv we cannot tell the runtime's values from the user's: take nothing.
    if (at < 0) return [];
    args = args.slice(at + 1);
  }
  const out: string[] = [];
  let afterDashes = false;
  for (const a of args) {
    if (!afterDashes && a === '--') {
      afterDashes = true;
      continue;
    }
    // Chromium and Electron switches (--no-sandbox, --inspect=0, --allow-file-access-from-files, -psn_0_1234).
    if (!afterDashes && a.startsWith('-')) continue;
    const p = path.resolve(ctx.cwd, a);
    if (!out.includes(p) && isFile(p)) out.push(p);
  }
  return out;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The second instance's files as the first one receives them (`additionalData` is untyped IPC). */
export function filesFromHandover(data: unknown): string[] {
  if (typeof data !== 'object' || data === null || !('files' in data) || !Array.isArray(data.files))
    return [];
  return data.files.filter((f): f is string => typeof f === 'string' && path.isAbsolute(f) && isFile(f));
}
