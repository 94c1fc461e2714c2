// A floor under nsCER that no reading order can go below: score.py compares both texts after serialising their
// boxes into rows, so a truth box spanning several printed rows (FUNSD's multi-line entities) lands in one row
// while an engine's per-row lines land in several, and text read right costs twice its length where the orders
// differ. Counting characters regardless of order separates recognition from that: a substitution is one
// character missing and one extra, a dropped or added character one of either, and no order is cheaper than
// the larger of the two.
import { normText, stripSpaces } from './text.ts';

function characters(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of stripSpaces(normText(text).toLowerCase())) m.set(c, (m.get(c) ?? 0) + 1);
  return m;
}

/** max(characters of the truth missing from the prediction, characters of the prediction not in the truth). */
export function orderFreeEdits(truth: string, prediction: string): number {
  const g = characters(truth);
  const p = characters(prediction);
  let missing = 0;
  let extra = 0;
  for (const [c, n] of g) missing += Math.max(0, n - (p.get(c) ?? 0));
  for (const [c, n] of p) extra += Math.max(0, n - (g.get(c) ?? 0));
  return Math.max(missing, extra);
}
