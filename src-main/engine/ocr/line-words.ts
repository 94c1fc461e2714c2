// A recognised strip becomes a line of words in page coordinates.
import type { Line, Quad, Word } from '../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../documents/raster.ts';
import type { DecodedLine } from './ctc-decode.ts';
import { clampQuad, quadToBox, roundPoint, subQuad } from './geometry.ts';
import { inkMask, splitAtGaps, tightenToInk, wordSpans } from './word-boxes.ts';

/** Margins around a word's ink, as fractions of its ink height. */
const WORD_MARGIN_X = 0.05;
const WORD_MARGIN_Y = 0.15;

/**
 * Words and line in page coordinates: word extents from the CTC steps, tightened to the ink, then given the
 * small margin that word boxes conventionally carry (annotations, hOCR viewers), so glyph edges stay inside.
 */
export function lineFromDecoded(
  decoded: DecodedLine,
  strip: RasterImage,
  q: Quad,
  stride: number,
  page: { readonly width: number; readonly height: number },
): Line {
  const W = strip.width;
  const H = strip.height;
  const mask = inkMask(strip);
  const d = splitAtGaps(decoded, mask, W, H, stride);
  const spans = wordSpans(d, stride, W);
  const rects = spans.map((span, i) => {
    // Let the ink search reach halfway to the neighbouring words, no further.
    const reach = (span.x1 - span.x0) * 0.15;
    const left = i > 0 ? Math.min(span.x0, (spans[i - 1]!.x1 + span.x0) / 2) : Math.max(0, span.x0 - reach);
    const right =
      i + 1 < spans.length
        ? Math.max(span.x1, (span.x1 + spans[i + 1]!.x0) / 2)
        : Math.min(W, span.x1 + reach);
    const r = tightenToInk(mask, W, H, left, right) ?? { x0: span.x0, x1: span.x1, y0: 0, y1: H };
    const h = r.y1 - r.y0;
    return {
      x0: Math.max(0, r.x0 - WORD_MARGIN_X * h),
      x1: Math.min(W, r.x1 + WORD_MARGIN_X * h),
      y0: Math.max(0, r.y0 - WORD_MARGIN_Y * h),
      y1: Math.min(H, r.y1 + WORD_MARGIN_Y * h),
    };
  });
  const toQuad = (r: { x0: number; x1: number; y0: number; y1: number }): Quad =>
    finishQuad(subQuad(q, r.x0 / W, r.x1 / W, r.y0 / H, r.y1 / H), page);
  const words: Word[] = d.words.map((w, i) => {
    const quad = toQuad(rects[i]!);
    return { text: w.text, confidence: round3(w.confidence), box: quadToBox(quad), quad };
  });
  const lineQuad = toQuad({
    x0: Math.min(...rects.map((r) => r.x0)),
    x1: Math.max(...rects.map((r) => r.x1)),
    y0: Math.min(...rects.map((r) => r.y0)),
    y1: Math.max(...rects.map((r) => r.y1)),
  });
  return { text: d.text, confidence: round3(d.confidence), box: quadToBox(lineQuad), quad: lineQuad, words };
}

function finishQuad(q: Quad, page: { readonly width: number; readonly height: number }): Quad {
  const c = clampQuad(q, page.width, page.height);
  return [roundPoint(c[0]), roundPoint(c[1]), roundPoint(c[2]), roundPoint(c[3])];
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
