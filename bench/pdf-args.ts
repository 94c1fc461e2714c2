// The PDF leg's settings from the command line, shared by `npm run bench` and `npm run bench:pdf`.
import type { OptimizeLevel, PdfaLevel } from './pdf-engines.ts';

export const PDF_ARG_OPTIONS = {
  pdfs: { type: 'string', default: '3' },
  'pages-per-pdf': { type: 'string', default: '5' },
  'pdf-dpi': { type: 'string', default: '300' },
  'pdfa-levels': { type: 'string', default: '2b,1b' },
  /** OCR Desk's --optimize levels, each run at every PDF/A level (OCRmyPDF runs once per PDF/A level). */
  'optimize-levels': { type: 'string', default: 'lossless,lossy' },
  /** Passed to the CLI as --threads (onnxruntime intra-op threads); absent: the engine's default. */
  'ocrdesk-threads': { type: 'string' },
} as const;

export interface PdfBenchSettings {
  readonly pdfs: number;
  readonly pagesEach: number;
  readonly dpi: number;
  readonly levels: PdfaLevel[];
  readonly optimizeLevels: OptimizeLevel[];
  readonly ocrdeskThreads?: number;
}

function int(name: string, s: string, min: number, max: number): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} takes a whole number from ${min} to ${max}`);
  return n;
}

export function pdfBenchSettings(v: {
  pdfs: string;
  'pages-per-pdf': string;
  'pdf-dpi': string;
  'pdfa-levels': string;
  'optimize-levels': string;
  'ocrdesk-threads'?: string | undefined;
}): PdfBenchSettings {
  const levels = v['pdfa-levels'].split(',').map((l) => l.trim());
  for (const l of levels)
    if (l !== '1b' && l !== '2b') throw new Error(`--pdfa-levels: '${l}' is not 1b or 2b`);
  const optimize = v['optimize-levels'].split(',').map((l) => l.trim());
  for (const l of optimize) {
    if (l !== 'none' && l !== 'lossless' && l !== 'lossy')
      throw new Error(`--optimize-levels: '${l}' is not none, lossless or lossy`);
  }
  return {
    pdfs: int('pdfs', v.pdfs, 1, 100),
    pagesEach: int('pages-per-pdf', v['pages-per-pdf'], 1, 1000),
    dpi: int('pdf-dpi', v['pdf-dpi'], 50, 1200),
    levels: [...new Set(levels)] as PdfaLevel[],
    optimizeLevels: [...new Set(optimize)] as OptimizeLevel[],
    ...(v['ocrdesk-threads'] !== undefined && {
      ocrdeskThreads: int('ocrdesk-threads', v['ocrdesk-threads'], 0, 64),
    }),
  };
}
