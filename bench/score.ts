// TypeScript port of ../shared/eval/score.py (metrics, not the CLI): same normalisation, reading order,
// edit distances, bag of words and box matching, so both give the same numbers (checked in score.test.ts).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { asBox, matchBoxes, type Box } from './boxes.ts';
import { charDistance, wordDistance } from './levenshtein.ts';
import { serialize, type Item } from './serialize.ts';
import { normText, pySplit, stripSpaces } from './text.ts';

export type { Box } from './boxes.ts';
export type { Item } from './serialize.ts';

/** An item as found in JSON: box as [x0,y0,x1,y1] or a list of points. */
export interface RawItem {
  text?: string | null;
  box?: unknown;
}
/** Ground truth in the eval JSON shape (data/<set>/<stem>.json). */
export interface GroundTruth {
  words?: RawItem[] | null;
  lines?: RawItem[] | null;
  word_boxes?: string;
}
/** A prediction file's JSON: any of words, lines, text. */
export interface PredictionJson {
  words?: RawItem[] | null;
  lines?: RawItem[] | null;
  text?: string | null;
}
export interface Prediction {
  words: Item[];
  lines: Item[];
  text: string | null;
  missing: boolean;
}

export const SUM_KEYS = [
  'cer_edits',
  'cer_edits_ci',
  'wer_edits',
  'wer_edits_ci',
  'cer_raw_edits',
  'cer_raw_edits_ci',
  'wer_raw_edits',
  'wer_raw_edits_ci',
  'gt_chars',
  'gt_words',
  'bow_match',
  'bow_match_ci',
  'bow_gt',
  'bow_pred',
  'wbox_match',
  'wbox_gt',
  'wbox_pred',
  'lbox_match',
  'lbox_gt',
  'lbox_pred',
  'cer_ns_edits_ci',
  'gt_chars_ns',
] as const;
export type CountKey = (typeof SUM_KEYS)[number];
export type Counts = Partial<Record<CountKey, number>>;
export interface ImageCounts extends Counts {
  missing: boolean;
  has_boxes: boolean;
}

export interface Metrics {
  cer: number | null;
  cer_ci: number | null;
  wer: number | null;
  wer_ci: number | null;
  cer_raw: number | null;
  cer_raw_ci: number | null;
  wer_raw: number | null;
  wer_raw_ci: number | null;
  bow_p: number | null;
  bow_r: number | null;
  bow_f1: number;
  bow_p_ci: number | null;
  bow_r_ci: number | null;
  bow_f1_ci: number;
  cer_nospace_ci: number | null;
  /** Only where some GT word boxes are exact (FUNSD) and the prediction has word boxes. */
  word_box_p?: number | null;
  word_box_r?: number | null;
  line_box_p?: number | null;
  line_box_r?: number | null;
}
export interface ScoredImage {
  id: string;
  dataset: string;
  counts: ImageCounts;
  metrics: Metrics;
}
export interface Summary extends Metrics {
  cer_mean: number | null;
  images: number;
  missing: number;
  counts: Record<CountKey, number>;
}

export function loadItems(list: readonly RawItem[] | null | undefined): Item[] {
  return (list ?? []).map((it) => ({ text: it.text ?? '', box: asBox(it.box) }));
}

/** A prediction from parsed JSON, from plain text (a .txt file), or missing (undefined). */
export function toPrediction(p: PredictionJson | string | undefined): Prediction {
  if (p === undefined) return { words: [], lines: [], text: '', missing: true };
  if (typeof p === 'string') return { words: [], lines: [], text: p, missing: false };
  return { words: loadItems(p.words), lines: loadItems(p.lines), text: p.text ?? null, missing: false };
}

/** score.py's load_pred: PRED_DIR/<dataset>/<stem>.json, else .txt, else missing. */
export function readPrediction(predDir: string, dataset: string, stem: string): Prediction {
  const pj = path.join(predDir, dataset, `${stem}.json`);
  const pt = path.join(predDir, dataset, `${stem}.txt`);
  if (existsSync(pj)) return toPrediction(JSON.parse(readFileSync(pj, 'utf8')) as PredictionJson);
  if (existsSync(pt)) return toPrediction(readFileSync(pt, 'utf8').replace(/\r\n?/g, '\n'));
  return toPrediction(undefined);
}

const CASES = [
  ['', (s: string): string => s],
  ['_ci', (s: string): string => s.toLowerCase()],
] as const;

export function textCounts(gtText: string, predText: string): Counts {
  const r: Counts = {};
  const gn = normText(gtText);
  const pn = normText(predText);
  for (const [suf, fn] of CASES) {
    const g = fn(gn);
    const p = fn(pn);
    r[`cer_edits${suf}`] = charDistance(g, p);
    r[`wer_edits${suf}`] = wordDistance(pySplit(g), pySplit(p));
  }
  const g = stripSpaces(gn.toLowerCase());
  r.cer_ns_edits_ci = charDistance(g, stripSpaces(pn.toLowerCase()));
  r.gt_chars_ns = [...g].length;
  r.gt_chars = [...gn].length;
  r.gt_words = pySplit(gn).length;
  return r;
}

function multiset(tokens: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tokens) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

export function bowCounts(gtText: string, predText: string): Counts {
  const r: Counts = {};
  const gn = normText(gtText);
  const pn = normText(predText);
  for (const [suf, fn] of CASES) {
    const g = multiset(pySplit(fn(gn)));
    const p = multiset(pySplit(fn(pn)));
    let n = 0;
    for (const [t, c] of g) n += Math.min(c, p.get(t) ?? 0);
    r[`bow_match${suf}`] = n;
  }
  r.bow_gt = pySplit(gn).length;
  r.bow_pred = pySplit(pn).length;
  return r;
}

const withBox = (items: readonly Item[]): Box[] =>
  items.filter((it) => it.box !== null && normText(it.text) !== '').map((it) => it.box!);

function gtBoxes(items: readonly Item[], what: string): Box[] {
  return items
    .filter((it) => normText(it.text) !== '')
    .map((it) => {
      if (it.box === null) throw new Error(`ground truth ${what} without a box: ${JSON.stringify(it.text)}`);
      return it.box;
    });
}

/** The prediction's text in geometric reading order (its lines, else its words, else its text) and as given. */
export function predictionTexts(pred: Prediction): { geometric: string; raw: string } {
  let geometric: string | null = null;
  if (pred.lines.length && pred.lines.every((it) => it.box !== null)) geometric = serialize(pred.lines);
  else if (pred.words.length && pred.words.every((it) => it.box !== null)) geometric = serialize(pred.words);
  let raw: string;
  if (pred.text !== null) raw = pred.text;
  else if (pred.lines.length) raw = pred.lines.map((it) => it.text).join('\n');
  else raw = pred.words.map((it) => it.text).join(' ');
  return { geometric: geometric ?? raw, raw };
}

/** score.py's score_image: raw counts for one image. */
export function scoreImage(gt: GroundTruth, pred: Prediction): ImageCounts {
  const gwords = loadItems(gt.words);
  const glines = loadItems(gt.lines);
  const gtText = serialize(glines);
  const hasBoxes = [...pred.words, ...pred.lines].some((it) => it.box !== null);
  const { geometric: predGeo, raw: predRaw } = predictionTexts(pred);
  const r: ImageCounts = { missing: pred.missing, has_boxes: hasBoxes, ...textCounts(gtText, predGeo) };
  const raw = textCounts(gtText, predRaw);
  r.cer_raw_edits = raw.cer_edits!;
  r.cer_raw_edits_ci = raw.cer_edits_ci!;
  r.wer_raw_edits = raw.wer_edits!;
  r.wer_raw_edits_ci = raw.wer_edits_ci!;
  Object.assign(r, bowCounts(gtText, predGeo));
  const pw = withBox(pred.words);
  const pl = withBox(pred.lines);
  if (gt.word_boxes === 'exact' && pred.words.length && pw.length) {
    const gb = gtBoxes(gwords, 'word');
    Object.assign(r, { wbox_match: matchBoxes(gb, pw), wbox_gt: gb.length, wbox_pred: pw.length });
  }
  if (pred.lines.length && pl.length) {
    const gb = gtBoxes(glines, 'line');
    Object.assign(r, { lbox_match: matchBoxes(gb, pl), lbox_gt: gb.length, lbox_pred: pl.length });
  }
  return r;
}

const div = (a: number, b: number): number | null => (b ? a / b : null);
const f1 = (p: number | null, r: number | null): number => (p && r ? (2 * p * r) / (p + r) : 0);

/** Raw counts (one image or a sum) to rates, as score.py's finalize. */
export function finalize(r: Counts): Metrics {
  const c = (k: CountKey): number => r[k] ?? 0;
  const bowP = div(c('bow_match'), c('bow_pred'));
  const bowR = div(c('bow_match'), c('bow_gt'));
  const bowPci = div(c('bow_match_ci'), c('bow_pred'));
  const bowRci = div(c('bow_match_ci'), c('bow_gt'));
  const o: Metrics = {
    cer: div(c('cer_edits'), c('gt_chars')),
    cer_ci: div(c('cer_edits_ci'), c('gt_chars')),
    wer: div(c('wer_edits'), c('gt_words')),
    wer_ci: div(c('wer_edits_ci'), c('gt_words')),
    cer_raw: div(c('cer_raw_edits'), c('gt_chars')),
    cer_raw_ci: div(c('cer_raw_edits_ci'), c('gt_chars')),
    wer_raw: div(c('wer_raw_edits'), c('gt_words')),
    wer_raw_ci: div(c('wer_raw_edits_ci'), c('gt_words')),
    bow_p: bowP,
    bow_r: bowR,
    bow_f1: f1(bowP, bowR),
    bow_p_ci: bowPci,
    bow_r_ci: bowRci,
    bow_f1_ci: f1(bowPci, bowRci),
    cer_nospace_ci: div(c('cer_ns_edits_ci'), c('gt_chars_ns')),
  };
  if (c('wbox_gt')) {
    o.word_box_p = div(c('wbox_match'), c('wbox_pred'));
    o.word_box_r = div(c('wbox_match'), c('wbox_gt'));
  }
  if (c('lbox_gt')) {
    o.line_box_p = div(c('lbox_match'), c('lbox_pred'));
    o.line_box_r = div(c('lbox_match'), c('lbox_gt'));
  }
  return o;
}

/** Score one prediction (parsed JSON, plain text, or undefined for missing) against one ground truth. */
export function scorePrediction(
  gt: GroundTruth,
  pred: PredictionJson | string | undefined,
): { counts: ImageCounts; metrics: Metrics } {
  const counts = scoreImage(gt, toPrediction(pred));
  return { counts, metrics: finalize(counts) };
}

/** Micro-averages over images (summed edits / summed GT units), plus the mean per-image CER. */
export function aggregate(rows: readonly ScoredImage[]): Summary {
  const s = Object.fromEntries(SUM_KEYS.map((k) => [k, 0])) as Record<CountKey, number>;
  for (const r of rows) for (const k of SUM_KEYS) s[k] += r.counts[k] ?? 0;
  const cers = rows.map((r) => r.metrics.cer).filter((v): v is number => v !== null);
  return {
    ...finalize(s),
    cer_mean: cers.length ? cers.reduce((a, b) => a + b, 0) / cers.length : null,
    images: rows.length,
    missing: rows.filter((r) => r.counts.missing).length,
    counts: s,
  };
}

/** 'all' plus one summary per dataset (sorted by name), as one split of score.py's JSON. */
export function summarize(rows: readonly ScoredImage[]): Record<string, Summary> {
  const out: Record<string, Summary> = { all: aggregate(rows) };
  for (const ds of [...new Set(rows.map((r) => r.dataset))].sort())
    out[ds] = aggregate(rows.filter((r) => r.dataset === ds));
  return out;
}
