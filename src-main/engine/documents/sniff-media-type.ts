// Input type from magic bytes only: users and hot folders mislabel files, so the extension is never trusted.
import type { SupportedMediaType } from '../../../src-shared/media-types.ts';

/** How many leading bytes `sniffMediaType` looks at (PDF allows junk before `%PDF-` within 1024 bytes). */
export const SNIFF_BYTES = 1024;

export type SniffedMediaType = SupportedMediaType | 'application/pdf';

function startsWith(head: Uint8Array, magic: readonly number[], offset = 0): boolean {
  if (head.length < offset + magic.length) return false;
  return magic.every((b, i) => head[offset + i] === b);
}

function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}

function indexOf(head: Uint8Array, needle: readonly number[], limit: number): number {
  const end = Math.min(head.length, limit) - needle.length;
  for (let i = 0; i <= end; i++) if (startsWith(head, needle, i)) return i;
  return -1;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const TIFF_LE = [0x49, 0x49, 0x2a, 0x00];
const TIFF_BE = [0x4d, 0x4d, 0x00, 0x2a];
const BIGTIFF_LE = [0x49, 0x49, 0x2b, 0x00];
const BIGTIFF_BE = [0x4d, 0x4d, 0x00, 0x2b];
const PDF = ascii('%PDF-');
// BITMAPINFOHEADER sizes (core, v1..v5): 'BM' alone is too weak, plenty of text starts with "BM".
const BMP_DIB_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

function isBmp(head: Uint8Array): boolean {
  if (!startsWith(head, ascii('BM')) || head.length < 18) return false;
  const dib = (head[14] ?? 0) | ((head[15] ?? 0) << 8) | ((head[16] ?? 0) << 16) | ((head[17] ?? 0) << 24);
  return BMP_DIB_HEADER_SIZES.has(dib);
}

/** The media type the leading bytes of a file declare, or undefined when they match nothing we know. */
export function sniffMediaType(head: Uint8Array): SniffedMediaType | undefined {
  if (startsWith(head, PNG)) return 'image/png';
  if (startsWith(head, JPEG)) return 'image/jpeg';
  if ([TIFF_LE, TIFF_BE, BIGTIFF_LE, BIGTIFF_BE].some((m) => startsWith(head, m))) return 'image/tiff';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'image/gif';
  if (isBmp(head)) return 'image/bmp';
  if (indexOf(head, PDF, SNIFF_BYTES) >= 0) return 'application/pdf';
  return undefined;
}

function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let printable = 0;
  for (const b of head) {
    if (b === 0) return false;
    // Tab, LF, FF, CR, printable ASCII, and any byte of a UTF-8/Latin-1 sequence.
    if (b === 9 || b === 10 || b === 12 || b === 13 || (b >= 0x20 && b !== 0x7f)) printable++;
  }
  return printable / head.length >= 0.95;
}

/** A short human description of bytes `sniffMediaType` did not recognise, for error messages. */
export function describeUnknownBytes(head: Uint8Array): string {
  if (head.length === 0) return 'empty';
  if (startsWith(head, ascii('ftyp'), 4)) return 'looks like an HEIF/AVIF or MP4 file';
  if (
    startsWith(head, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]) ||
    startsWith(head, [0xff, 0x4f, 0xff, 0x51])
  )
    return 'looks like a JPEG 2000 image';
  if (startsWith(head, [0xff, 0x0a]) || startsWith(head, ascii('\0\0\0\x0cJXL ')))
    return 'looks like a JPEG XL image';
  if (startsWith(head, ascii('PK\x03\x04'))) return 'looks like a ZIP archive (or an Office document)';
  if (startsWith(head, [0x1f, 0x8b])) return 'looks like gzip-compressed data';
  if (startsWith(head, ascii('RIFF'))) return 'looks like a RIFF file that is not WebP';
  if (looksLikeText(head)) {
    const start = new TextDecoder('latin1').decode(head.subarray(0, 256)).trimStart().toLowerCase();
    if (start.startsWith('<svg') || (start.startsWith('<?xml') && start.includes('<svg')))
      return 'looks like SVG';
    if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'looks like HTML';
    if (start.startsWith('<?xml')) return 'looks like XML';
    return 'looks like text';
  }
  return 'unrecognised binary data';
}
