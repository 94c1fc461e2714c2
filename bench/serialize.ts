// score.py's geometric reading order: rows by vertical overlap, left to right inside a row.
import type { Box } from './boxes.ts';
import { normText } from './text.ts';

export interface Item {
  text: string;
  box: Box | null;
}

interface Row {
  items: Array<Item & { box: Box }>;
  y0: number;
  y1: number;
}

/** Rows by vertical overlap (>= half the smaller height), then x; JS sorts are stable, like Python's. */
export function serialize(items: readonly Item[]): string {
  const kept = items
    .filter((it): it is Item & { box: Box } => it.box !== null && normText(it.text) !== '')
    .sort((a, b) => (a.box[1] + a.box[3]) / 2 - (b.box[1] + b.box[3]) / 2);
  const rows: Row[] = [];
  for (const it of kept) {
    const b = it.box;
    const h = Math.max(b[3] - b[1], 1e-6);
    let best: Row | undefined;
    let bestOv = 0;
    for (const row of rows) {
      let ov = Math.min(b[3], row.y1) - Math.max(b[1], row.y0);
      ov /= Math.max(Math.min(h, row.y1 - row.y0), 1e-6);
      if (ov > bestOv) {
        best = row;
        bestOv = ov;
      }
    }
    if (best !== undefined && bestOv >= 0.5) {
      best.items.push(it);
      const n = best.items.length; // band = running mean of member extents
      best.y0 += (b[1] - best.y0) / n;
      best.y1 += (b[3] - best.y1) / n;
    } else rows.push({ items: [it], y0: b[1], y1: b[3] });
  }
  rows.sort((a, b) => (a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2);
  return rows
    .map((r) =>
      r.items
        .sort((a, b) => a.box[0] - b.box[0])
        .map((it) => normText(it.text))
        .join(' '),
    )
    .join('\n');
}
