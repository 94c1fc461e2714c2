// What the tray says about the queue. Pure, so the wording is tested without a tray.

export interface QueueCounts {
  readonly queued: number;
  readonly processing: number;
  readonly failed: number;
}

export const NO_JOBS: QueueCounts = { queued: 0, processing: 0, failed: 0 };

function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One line for the tooltip and the menu's status item, e.g. "1 processing, 3 queued". */
export function queueSummary(c: QueueCounts): string {
  const parts: string[] = [];
  if (c.processing > 0) parts.push(`${c.processing} processing`);
  if (c.queued > 0) parts.push(`${c.queued} queued`);
  if (parts.length === 0) parts.push('idle');
  // Failures stay visible until the user deals with them, even when the queue is empty.
  if (c.failed > 0) parts.push(plural(c.failed, 'failed job'));
  return parts.join(', ');
}

export function trayTooltip(c: QueueCounts): string {
  return `OCR Desk: ${queueSummary(c)}`;
}

/** Text beside the macOS menu-bar icon: the jobs still to do, nothing when there are none. */
export function trayTitle(c: QueueCounts): string {
  const open = c.queued + c.processing;
  return open > 0 ? String(open) : '';
}

/** Counts from the engine's per-status totals; anything missing or malformed counts as 0. */
export function countsFromStatuses(byStatus: Readonly<Record<string, unknown>>): QueueCounts {
  const n = (k: string): number => {
    const v = byStatus[k];
    return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0;
  };
  return { queued: n('queued'), processing: n('processing'), failed: n('failed') };
}
