// PDFs built in code for the PDF input tests: born-digital pages (standard-font text), scans (a PNG of text
// rendered by sharp from SVG), scans with an invisible (Tr 3) OCR layer, and an encrypted copy made by qpdf.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  PDFDocument,
  StandardFonts,
  TextRenderingMode,
  degrees,
  setTextRenderingMode,
  type PDFPage,
} from 'pdf-lib';
import sharp from 'sharp';
import { run } from '../exports/pdf/pdf-test-fixtures.ts';

export const LETTER = [612, 792] as const;

export const BORN_DIGITAL_LINES = [
  'Quarterly report on the harbour works',
  'The quick brown fox jumps over the lazy dog.',
  'Invoice 4711 was paid on 12 March 2024.',
];
export const SCAN_LINES = ['HARBOUR MASTER', 'SHIPPING NOTICE', 'PIER SEVEN CLOSED'];

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A letter-size page image of large black text, as a scanner would make it (PNG, `dpi` pixels per inch). */
export async function scanPng(lines: readonly string[], dpi = 150): Promise<Buffer> {
  const w = Math.round(8.5 * dpi);
  const h = Math.round(11 * dpi);
  const size = Math.round(dpi * 0.4);
  const text = lines
    .map(
      (l, i) =>
        `<text x="${Math.round(dpi)}" y="${Math.round(dpi * 1.5 + i * size * 1.8)}" font-family="DejaVu Sans, sans-serif" font-size="${size}" fill="#000">${xml(l)}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#fff"/>${text}</svg>`;
  return sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).png().toBuffer();
}

export async function addBornDigitalPage(
  pdf: PDFDocument,
  lines: readonly string[] = BORN_DIGITAL_LINES,
  opts: { size?: readonly [number, number]; rotate?: 0 | 90 | 180 | 270 } = {},
): Promise<PDFPage> {
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([...(opts.size ?? LETTER)] as [number, number]);
  lines.forEach((l, i) => page.drawText(l, { x: 72, y: page.getHeight() - 100 - i * 20, size: 12, font }));
  if (opts.rotate) page.setRotation(degrees(opts.rotate));
  return page;
}

/** A scan page: the PNG over the whole page, optionally with `hidden` lines as an invisible text layer. */
export async function addScanPage(
  pdf: PDFDocument,
  png: Uint8Array,
  hidden?: readonly string[],
): Promise<PDFPage> {
  const image = await pdf.embedPng(png);
  const page = pdf.addPage([...LETTER]);
  page.drawImage(image, { x: 0, y: 0, width: LETTER[0], height: LETTER[1] });
  if (hidden) {
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    // Tr is graphics state: set around drawText's own q/Q it applies to the text inside.
    page.pushOperators(setTextRenderingMode(TextRenderingMode.Invisible));
    hidden.forEach((l, i) => page.drawText(l, { x: 72, y: 792 - 108 - i * 20.7, size: 20, font }));
    page.pushOperators(setTextRenderingMode(TextRenderingMode.Fill));
  }
  return page;
}

export async function savePdf(pdf: PDFDocument, dir: string, name: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, await pdf.save());
  return file;
}

/** Born-digital page 1 and a scan page 2. */
export async function mixedPdf(dir: string, name = 'mixed.pdf'): Promise<string> {
  const pdf = await PDFDocument.create();
  await addBornDigitalPage(pdf);
  await addScanPage(pdf, await scanPng(SCAN_LINES));
  return savePdf(pdf, dir, name);
}

/** An AES-256 copy of `file` made by qpdf; an empty user password opens without one. */
export function encryptPdf(file: string, out: string, userPassword: string): void {
  const r = run('qpdf', ['--encrypt', userPassword, 'owner-secret', '256', '--', file, out]);
  if (r.status !== 0) throw new Error(`qpdf --encrypt failed: ${r.stderr}`);
}
