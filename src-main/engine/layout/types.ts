import type { Box } from '../../../src-shared/ocr-result.ts';

/** What the layout stage needs of a recognised line: its box in the upright page frame. */
export interface LayoutLine {
  readonly box: Box;
  readonly text: string;
}

/** Lines grouped into blocks (paragraphs), blocks and lines in reading order; indices into the input array. */
export interface LayoutResult {
  readonly blocks: ReadonlyArray<{ readonly lineIndices: readonly number[] }>;
}
