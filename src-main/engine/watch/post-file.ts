// A file posted into a hot folder's input over the API (ownOCR's postfolder / postfolderu). It is written under a
// name the watcher ignores, fsynced, then linked or renamed into place, so the watcher never sees half a file.
import { randomUUID } from 'node:crypto';
import { copyFile, link, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { refuseUnreadable, safeFileName } from '../queue/job-service.ts';
import type { Store } from '../store/store.ts';
import { isIgnoredName } from './hot-folders.ts';

export interface PostedFile {
  readonly fileName: string;
  readonly path: string;
}

/**
 * Moves `source` into the folder's input as `name`; an existing file of that name is replaced when `overwrite`,
 * else the new one becomes `name (1).ext`, `name (2).ext`, ...
 */
export async function postToHotFolder(
  store: Store,
  folderId: string,
  source: string,
  name: string,
  overwrite: boolean,
): Promise<PostedFile> {
  const folder = store.hotFolders.get(folderId);
  const fileName = safeFileName(name);
  if (isIgnoredName(fileName)) {
    throw new OcrDeskError('VALIDATION_FAILED', `the folder would ignore a file named ${fileName}`, {
      fileName,
    });
  }
  const ext = path.extname(fileName).toLowerCase();
  if (folder.extensions && !folder.extensions.includes(ext)) {
    throw new OcrDeskError(
      'VALIDATION_FAILED',
      `this folder takes only ${folder.extensions.join(', ')} files`,
      {
        fileName,
        extensions: folder.extensions,
      },
    );
  }
  await refuseUnreadable(source, fileName);
  const temp = path.join(folder.inputDir, `.${randomUUID()}.part`);
  try {
    // copy, not rename: the upload area and the watched folder are often on different disks.
    await copyFile(source, temp);
    const fh = await open(temp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    let target = path.join(folder.inputDir, fileName);
    if (overwrite) {
      await rename(temp, target);
    } else {
      const { name: stem, ext: suffix } = path.parse(fileName);
      // link() fails instead of replacing: two posts of the same name can never overwrite each other.
      for (let i = 1; ; i++) {
        try {
          await link(temp, target);
          break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
          target = path.join(folder.inputDir, `${stem} (${i})${suffix}`);
        }
      }
    }
    return { fileName: path.basename(target), path: target };
  } catch (e) {
    if (e instanceof OcrDeskError) throw e;
    throw new OcrDeskError('OUTPUT_FAILED', `cannot write into ${folder.inputDir}: ${(e as Error).message}`, {
      inputDir: folder.inputDir,
    });
  } finally {
    await rm(temp, { force: true });
    await rm(source, { force: true });
  }
}
