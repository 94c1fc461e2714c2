// Outputs appear whole or not at all: write a temp file beside the target, fsync, rename over it.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { OcrDeskError } from '../../../src-shared/errors.ts';

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const tmp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    const fh = await open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    throw new OcrDeskError(
      err.code === 'ENOSPC' || err.code === 'EDQUOT' ? 'DISK_FULL' : 'OUTPUT_FAILED',
      `cannot write ${target}: ${err.code ?? err.message}`,
      { file: target, errno: err.code },
      { cause: e },
    );
  }
}
