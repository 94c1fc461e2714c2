// One entry point for the file formats made from an OCR result, and the table of their names and media types,
// so the CLI, the API and hot folders name and serve outputs alike.
import path from 'node:path';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import type { DocumentResult } from '../../../src-shared/ocr-result.ts';
import { exportAlto } from './alto.ts';
import { exportDocx, type DocumentMetadata } from './docx.ts';
import { exportHocr } from './hocr.ts';
import { exportJson } from './json.ts';
import { exportMarkdown } from './markdown.ts';
import { exportText } from './text.ts';
import { zipBundle } from './zip-bundle.ts';

export const EXPORT_FORMATS = ['txt', 'hocr', 'alto', 'json', 'md', 'docx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** File extension and media type of each output, the ZIP bundle included. */
export const FORMAT_EXTENSIONS = {
  txt: { extension: '.txt', mediaType: 'text/plain; charset=utf-8' },
  hocr: { extension: '.hocr', mediaType: 'application/xhtml+xml' },
  alto: { extension: '.xml', mediaType: 'application/xml' },
  json: { extension: '.json', mediaType: 'application/json' },
  md: { extension: '.md', mediaType: 'text/markdown; charset=utf-8' },
  docx: {
    extension: '.docx',
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  zip: { extension: '.zip', mediaType: 'application/zip' },
} as const satisfies Record<ExportFormat | 'zip', { extension: string; mediaType: string }>;

export interface ExportOptions {
  readonly metadata?: DocumentMetadata;
  /** BCP 47 language tag of the text, where known (hOCR, ALTO). */
  readonly language?: string;
  /** Image file named in hOCR and ALTO; default: the source file's name. */
  readonly imageName?: string;
  /** DOCX: PNG or JPEG bytes of each page's image, by page index. */
  readonly pageImages?: readonly (Uint8Array | undefined)[];
  /** DOCX paper; default A4. */
  readonly paper?: 'a4' | 'letter';
}

export function isExportFormat(f: string): f is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(f);
}

/** The document in one format: text formats as a string, binary ones as bytes. */
export async function exportDocument(
  doc: DocumentResult,
  format: ExportFormat,
  options: ExportOptions = {},
): Promise<string | Uint8Array> {
  const { language, imageName } = options;
  const xmlOpts = { ...(language === undefined ? {} : { language }), ...(imageName ? { imageName } : {}) };
  switch (format) {
    case 'txt':
      return exportText(doc);
    case 'hocr': {
      const title = options.metadata?.title;
      return exportHocr(doc, title === undefined ? xmlOpts : { ...xmlOpts, title });
    }
    case 'alto':
      return exportAlto(doc, xmlOpts);
    case 'json':
      return exportJson(doc);
    case 'md':
      return exportMarkdown(doc);
    case 'docx':
      return exportDocx(doc, options);
    default:
      throw new OcrDeskError('INVALID_ARGUMENT', `unknown export format: ${String(format)}`, { format });
  }
}

/** Several formats of one document in a ZIP, each named after the source file (`scan.txt`, `scan.docx`, ...). */
export async function exportBundle(
  doc: DocumentResult,
  formats: readonly ExportFormat[],
  options: ExportOptions = {},
): Promise<Uint8Array> {
  const stem = path.parse(path.basename(doc.source)).name || 'document';
  const entries = [];
  for (const format of formats) {
    const bytes = await exportDocument(doc, format, options);
    entries.push({ name: `${stem}${FORMAT_EXTENSIONS[format].extension}`, bytes });
  }
  return zipBundle(entries);
}
