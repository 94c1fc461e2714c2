// The PDF leg's table (one row per engine and PDF/A level) and its ratios against the issue's targets.
import { median } from './report.ts';
import type { OptimizeLevel, PdfaLevel } from './pdf-engines.ts';
import type { Summary } from './score.ts';

export interface PdfLegRow {
  readonly engine: 'ocrdesk' | 'ocrmypdf';
  readonly label: string;
  readonly level: PdfaLevel;
  /** OCR Desk's --optimize level (absent for OCRmyPDF). */
  readonly optimize?: OptimizeLevel;
  readonly pages: number;
  readonly wallS: number;
  readonly pagesPerMin: number;
  /** Per input PDF: its seconds over its pages. */
  readonly secondsPerPage: readonly number[];
  readonly inputBytes: number;
  /** Summed over the inputs it wrote an output for (inputBytes likewise). */
  readonly outputBytes: number;
  readonly peakTreeRssMb: number | null;
  readonly peakProcessRssMb: number | null;
  /** Preflight PDF/A-1b: passed, failed; null when Preflight did not run. */
  readonly preflight: { pass: number; fail: number; errors: string[] } | null;
  readonly summary: Record<string, Summary> | null;
  /** Pages whose lossless input image came out lossy (JPEG), of the pages with a lossless input image. */
  readonly lossyReencoded: { pages: number; of: number };
  readonly failures: readonly string[];
  readonly notes: readonly string[];
}

const f = (v: number | null | undefined, d = 3): string =>
  v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(d);

export function pdfTable(rows: readonly PdfLegRow[]): string {
  const out = [
    '| engine | pages | pages/min | median s/page | output bytes | × input | peak RSS MB (tree / largest process) | Preflight 1b pass/fail | lossless pages made JPEG | CER | CERci | nsCER | BoWF1ci | wBoxR (FUNSD) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const s = r.summary?.['all'];
    const funsd = r.summary?.['funsd'];
    const pre = r.preflight
      ? r.level === '1b'
        ? `${r.preflight.pass}/${r.preflight.fail}`
        : `(${r.preflight.pass}/${r.preflight.fail}, not a 1b file)`
      : '–';
    out.push(
      `| ${r.label} | ${r.pages} | ${f(r.pagesPerMin, 1)} | ${f(median(r.secondsPerPage), 2)} | ${r.outputBytes} | ${f(r.outputBytes / r.inputBytes, 3)} | ${f(r.peakTreeRssMb, 0)} / ${f(r.peakProcessRssMb, 0)} | ${pre} | ${r.lossyReencoded.pages}/${r.lossyReencoded.of} | ${f(s?.cer)} | ${f(s?.cer_ci)} | ${f(s?.cer_nospace_ci)} | ${f(s?.bow_f1_ci)} | ${f(funsd?.word_box_r)} |`,
    );
  }
  return out.join('\n');
}

const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || !b ? null : a / b;
const x = (v: number | null): string => (v === null ? '–' : `${v.toFixed(2)}×`);

/** OCR Desk / OCRmyPDF at each level, and whether each target of the issue is met. */
export function pdfRatioLines(rows: readonly PdfLegRow[]): string[] {
  const lines: string[] = [];
  for (const level of ['2b', '1b'] as const) {
    const peer = rows.find((r) => r.engine === 'ocrmypdf' && r.level === level);
    for (const ours of rows.filter((r) => r.engine === 'ocrdesk' && r.level === level)) {
      if (!peer) break;
      const size = ratio(ours.outputBytes, peer.outputBytes);
      const speed = ratio(ours.pagesPerMin, peer.pagesPerMin);
      const which = ours.optimize ? ` --optimize ${ours.optimize}` : '';
      lines.push(
        `PDF/A-${level}, OCR Desk${which} / OCRmyPDF: output size ${x(size)} (target ≤ 1.00×: ${size !== null && size <= 1 ? 'met' : 'missed'}), ` +
          `pages/min ${x(speed)} (target ≥ 3.00×: ${speed !== null && speed >= 3 ? 'met' : 'missed'}), ` +
          `median s/page ${x(ratio(median(ours.secondsPerPage), median(peer.secondsPerPage)))}, ` +
          `peak RSS (tree) ${x(ratio(ours.peakTreeRssMb, peer.peakTreeRssMb))}, ` +
          `CER ${x(ratio(ours.summary?.['all']?.cer, peer.summary?.['all']?.cer))} (lower is better)`,
      );
    }
  }
  for (const r of rows.filter((r) => r.level === '1b' && r.preflight)) {
    const { pass, fail } = r.preflight!;
    lines.push(
      `${r.label}: ${pass} of ${pass + fail} outputs pass Preflight${r.engine === 'ocrdesk' ? ` (target 100%: ${fail === 0 && pass > 0 ? 'met' : 'missed'})` : ''}` +
        (r.preflight!.errors.length ? `; errors: ${r.preflight!.errors.slice(0, 4).join(' | ')}` : ''),
    );
  }
  return lines;
}
