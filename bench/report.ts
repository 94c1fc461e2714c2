// The benchmark's tables: one row per engine and subset, then ratios of OCR Desk against each peer.
import type { Summary } from './score.ts';

export interface EngineResult {
  /** Folder name of its predictions. */
  name: string;
  label: string;
  images: number;
  /** The whole set by wall clock (OCR Desk: the one child process, model loading included). */
  wallS: number;
  pagesPerMin: number;
  /** Seconds per page by image id (OCR Desk: page timings.totalMs; Tesseract: its process's wall time). */
  secondsPerPage: Record<string, number>;
  peakRssMb: number | null;
  /** 'all' and one entry per dataset. */
  summary: Record<string, Summary>;
  /** The floor under nsCER that no reading order goes below (order-free.ts), by subset as `summary`. */
  orderFreeNs: Record<string, number | null>;
  failures: string[];
  notes: string[];
}

export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

const f = (v: number | null | undefined, d = 3): string =>
  v === null || v === undefined ? '–' : v.toFixed(d);

export function markdownTable(results: readonly EngineResult[]): string {
  const rows = [
    '| engine | subset | images | CER | CERci | WER | nsCER | nsCER order-free floor | BoWF1ci | wBoxR | lBoxR | median s/page | pages/min | peak RSS MB |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    for (const [subset, m] of Object.entries(r.summary)) {
      const all = subset === 'all';
      const secs = Object.entries(r.secondsPerPage)
        .filter(([id]) => all || id.startsWith(`${subset}/`))
        .map(([, s]) => s);
      rows.push(
        `| ${r.label} | ${subset} | ${m.images} | ${f(m.cer)} | ${f(m.cer_ci)} | ${f(m.wer)} | ${f(m.cer_nospace_ci)} | ${f(r.orderFreeNs[subset])} | ${f(m.bow_f1_ci)} | ${f(m.word_box_r)} | ${f(m.line_box_r)} | ${f(median(secs), 2)} | ${all ? f(r.pagesPerMin, 1) : ''} | ${all ? f(r.peakRssMb, 0) : ''} |`,
      );
    }
  }
  return rows.join('\n');
}

const ratio = (a: number | null | undefined, b: number | null | undefined): string =>
  a === null || a === undefined || !b ? '–' : `${(a / b).toFixed(2)}×`;

/** OCR Desk against Tesseract default (CER and pages/min) and against the 2-core mode (pages/min). */
export function ratioLines(ours: EngineResult, peers: readonly EngineResult[]): string[] {
  return peers.map((p) => {
    const a = ours.summary['all'];
    const b = p.summary['all'];
    return `OCR Desk vs ${p.label}: CER ${ratio(a?.cer, b?.cer)} (lower is better), CERci ${ratio(a?.cer_ci, b?.cer_ci)}, pages/min ${ratio(ours.pagesPerMin, p.pagesPerMin)} (higher is better)`;
  });
}
