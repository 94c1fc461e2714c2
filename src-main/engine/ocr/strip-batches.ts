// Group strips of similar width so padding (wasted compute) stays small inside each batch.

export interface Batch {
  readonly indices: readonly number[];
  /** Width every strip of the batch is padded to. */
  readonly width: number;
}

/**
 * @param widths      strip widths in pixels
 * @param maxBatch    most strips in one batch
 * @param multiple    padded width is rounded up to this (the model's stride)
 * @param minWidth    no batch narrower than this
 * @param maxPadding  a strip joins a batch only if the batch's width is at most this factor of its own
 */
export function batchByWidth(
  widths: readonly number[],
  maxBatch: number,
  multiple: number,
  minWidth: number,
  maxPadding = 1.3,
): Batch[] {
  const order = widths.map((_, i) => i).sort((a, b) => widths[a]! - widths[b]!);
  const batches: Batch[] = [];
  let current: number[] = [];
  const close = (): void => {
    if (current.length === 0) return;
    const widest = Math.max(minWidth, widths[current[current.length - 1]!]!);
    batches.push({ indices: current, width: Math.ceil(widest / multiple) * multiple });
    current = [];
  };
  for (const i of order) {
    const first = current[0];
    const tooWide = first !== undefined && widths[i]! > Math.max(minWidth, widths[first]!) * maxPadding;
    if (current.length >= maxBatch || tooWide) close();
    current.push(i);
  }
  close();
  return batches;
}
