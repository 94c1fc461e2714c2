// Files from a drop or a picker, whole folders included (webkitGetAsEntry walks dropped directories; a directory
// <input> gives files with their relative paths). Hidden and OS files are left out, as the hot folders do.
export interface PickedFile {
  readonly file: File;
  /** Path inside a dropped or picked folder ("scans/a.png"), else the file name. */
  readonly path: string;
}

const IGNORED = /^(\.|~\$|Thumbs\.db$|desktop\.ini$)|\.(part|crdownload|tmp)$/i;

export function isIgnoredName(name: string): boolean {
  return IGNORED.test(name);
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries answers in batches (100 in Chromium) until it returns an empty one.
  return new Promise((resolve, reject) => {
    const out: FileSystemEntry[] = [];
    const next = (): void =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(out);
        else {
          out.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  if (isIgnoredName(entry.name)) return;
  const p = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ file, path: p });
  } else if (entry.isDirectory) {
    const children = await readAll((entry as FileSystemDirectoryEntry).createReader());
    children.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    for (const c of children) await walk(c, p, out);
  }
}

export async function filesFromDataTransfer(dt: DataTransfer): Promise<PickedFile[]> {
  // Entries must be taken synchronously, before the first await: the DataTransfer is emptied after the event.
  const entries = [...dt.items]
    .filter((i) => i.kind === 'file')
    .map((i) => ({ entry: i.webkitGetAsEntry?.() ?? null, file: i.getAsFile() }));
  const fallback = [...dt.files];
  if (entries.length === 0)
    return fallback.filter((f) => !isIgnoredName(f.name)).map((f) => ({ file: f, path: f.name }));
  const out: PickedFile[] = [];
  for (const [i, { entry, file }] of entries.entries()) {
    if (entry) await walk(entry, '', out);
    else {
      const f = file ?? fallback[i];
      if (f && !isIgnoredName(f.name)) out.push({ file: f, path: f.name });
    }
  }
  return out;
}

export function filesFromInput(list: FileList | null): PickedFile[] {
  return [...(list ?? [])]
    .filter(
      (f) =>
        !isIgnoredName(f.name) && !(f.webkitRelativePath || '').split('/').some((s) => s.startsWith('.')),
    )
    .map((f) => ({ file: f, path: f.webkitRelativePath || f.name }));
}
