// A ZIP of chosen outputs. Entry names come from users' file names, so each is reduced to one safe file name
// (no folders, no '..', nothing Windows refuses) and made unique, so unpacking cannot write outside its folder
// or overwrite one entry with another.
import { strToU8, zipSync, type Zippable } from 'fflate';

export interface BundleEntry {
  readonly name: string;
  /** The file's bytes; a string is written as UTF-8. */
  readonly bytes: Uint8Array | string;
}

export interface ZipBundleOptions {
  /** Modification time stamped on every entry (ZIP cannot store times before 1980); default: now. */
  readonly mtime?: Date;
}

// Formats that are compressed already: storing them again costs time and saves nothing.
const STORED = /\.(pdf|docx|xlsx|pptx|odt|zip|gz|png|jpe?g|jp2|gif|webp|tiff?)$/i;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;
const MAX_NAME = 200;
// Made on Unix, a plain rw-r--r-- file. Entries marked MS-DOS (fflate's default) get their UTF-8 names pushed
// through a code-page conversion by Info-ZIP's unzip, which garbles every non-ASCII name.
const UNIX = 3;
const REGULAR_FILE_644 = (0o100644 << 16) >>> 0;

/** One file name, safe on every platform: path parts dropped, forbidden characters replaced. */
export function safeEntryName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  let s = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a name
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[\s.]+|[\s.]+$/g, ''); // no '..', no hidden or dot-only names, nothing Windows trims
  if (s === '') s = 'file';
  if (WINDOWS_RESERVED.test(s)) s = `_${s}`;
  // fflate gathers entries in a plain object, where this one name would set the prototype and vanish.
  if (s === '__proto__') s = '_proto_';
  if (s.length > MAX_NAME) {
    const ext = /\.[^.]{1,10}$/.exec(s)?.[0] ?? '';
    s = s.slice(0, MAX_NAME - ext.length) + ext;
  }
  return s;
}

function withSuffix(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
}

/** The entries as one ZIP file, in the given order; clashing names get -2, -3, ... before the extension. */
export function zipBundle(entries: readonly BundleEntry[], options: ZipBundleOptions = {}): Uint8Array {
  const mtime = options.mtime ?? new Date();
  const files: Zippable = {};
  const taken = new Set<string>();
  for (const e of entries) {
    const safe = safeEntryName(e.name);
    let name = safe;
    // Case-insensitive: on Windows and macOS "A.txt" and "a.txt" are the same file.
    for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = withSuffix(safe, n);
    taken.add(name.toLowerCase());
    const bytes = typeof e.bytes === 'string' ? strToU8(e.bytes) : e.bytes;
    files[name] = [bytes, { level: STORED.test(name) ? 0 : 6, mtime, os: UNIX, attrs: REGULAR_FILE_644 }];
  }
  return zipSync(files);
}
