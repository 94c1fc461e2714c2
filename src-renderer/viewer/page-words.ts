// The words of a page result in reading order, and what the viewer derives from them: copied text, search hits,
// the next word that needs review, and corrections applied the way the server applies them.
import type { Corrections } from '../../src-shared/api-schemas.ts';
import type { Box, PageResult, Quad } from '../../src-shared/ocr-result.ts';

export interface PageWord {
  /** "block.line.word": the word's address in the result, also its DOM key. */
  readonly key: string;
  readonly block: number;
  readonly line: number;
  readonly word: number;
  /** Position in reading order on the page. */
  readonly order: number;
  readonly text: string;
  readonly confidence: number;
  readonly box: Box;
  readonly quad: Quad;
}

export interface PageLine {
  readonly key: string;
  readonly text: string;
  readonly confidence: number;
  readonly box: Box;
  readonly quad: Quad;
}

export function wordKey(block: number, line: number, word: number): string {
  return `${block}.${line}.${word}`;
}

const wordsCache = new WeakMap<PageResult, readonly PageWord[]>();

/**
 * The page's words in reading order (blocks, lines and words come in that order, src-shared/ocr-result.ts).
 * Results are never mutated (corrections make new objects), so the list is computed once per result.
 */
export function pageWords(result: PageResult): readonly PageWord[] {
  const cached = wordsCache.get(result);
  if (cached) return cached;
  const out: PageWord[] = [];
  result.blocks.forEach((b, bi) =>
    b.lines.forEach((l, li) =>
      l.words.forEach((w, wi) =>
        out.push({
          key: wordKey(bi, li, wi),
          block: bi,
          line: li,
          word: wi,
          order: out.length,
          text: w.text,
          confidence: w.confidence,
          box: w.box,
          quad: w.quad,
        }),
      ),
    ),
  );
  wordsCache.set(result, out);
  return out;
}

export function pageLines(result: PageResult): PageLine[] {
  return result.blocks.flatMap((b, bi) =>
    b.lines.map((l, li) => ({
      key: `${bi}.${li}`,
      text: l.text,
      confidence: l.confidence,
      box: l.box,
      quad: l.quad,
    })),
  );
}

/** Colour bands of the legend; "low" and "mid" are what "next low-confidence" visits. */
export const CONFIDENCE_HIGH = 0.9;
export const CONFIDENCE_MID = 0.7;
export type ConfidenceBand = 'high' | 'mid' | 'low';

export function confidenceBand(c: number): ConfidenceBand {
  return c >= CONFIDENCE_HIGH ? 'high' : c >= CONFIDENCE_MID ? 'mid' : 'low';
}

export function percent(c: number): number {
  return Math.round(c * 100);
}

export function wordLabel(w: { readonly text: string; readonly confidence: number }): string {
  return `${w.text || '(empty)'}, confidence ${percent(w.confidence)}%`;
}

/**
 * Text of the page in reading order, or of the chosen words only: words joined by spaces within a line, lines by
 * newlines, blocks by a blank line (the same layout as the page's `text` and the TXT export).
 */
export function textInReadingOrder(result: PageResult, only?: ReadonlySet<string>): string {
  const blocks: string[] = [];
  result.blocks.forEach((b, bi) => {
    const lines: string[] = [];
    b.lines.forEach((l, li) => {
      const words = l.words.filter((_, wi) => !only || only.has(wordKey(bi, li, wi))).map((w) => w.text);
      if (words.length > 0) lines.push(words.join(' '));
    });
    if (lines.length > 0) blocks.push(lines.join('\n'));
  });
  return blocks.join('\n\n');
}

/** Case- and accent-insensitive form used by search. */
export function foldForSearch(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** One search hit: the words of one line that the match covers, in reading order. */
export interface SearchHit {
  readonly keys: readonly string[];
}

interface SearchLine {
  readonly block: number;
  readonly line: number;
  /** The line's words folded and joined by single spaces, and each word's span in it. */
  readonly text: string;
  readonly spans: readonly { readonly start: number; readonly end: number }[];
}

const searchCache = new WeakMap<PageResult, readonly SearchLine[]>();

/** Folding may change lengths, so each word's span is taken after folding; built once per result. */
function searchLines(result: PageResult): readonly SearchLine[] {
  const cached = searchCache.get(result);
  if (cached) return cached;
  const out: SearchLine[] = [];
  result.blocks.forEach((b, bi) =>
    b.lines.forEach((l, li) => {
      const spans: { start: number; end: number }[] = [];
      let text = '';
      l.words.forEach((w, wi) => {
        if (wi > 0) text += ' ';
        const start = text.length;
        text += foldForSearch(w.text);
        spans.push({ start, end: text.length });
      });
      out.push({ block: bi, line: li, text, spans });
    }),
  );
  searchCache.set(result, out);
  return out;
}

/**
 * Occurrences of `query` on a page, matched within each line's text (words joined by single spaces, so a query
 * may span words). Runs of whitespace in the query match the space between words.
 */
export function findInPage(result: PageResult, query: string): SearchHit[] {
  const q = foldForSearch(query.trim().replace(/\s+/g, ' '));
  if (!q) return [];
  const hits: SearchHit[] = [];
  for (const l of searchLines(result)) {
    for (let at = l.text.indexOf(q); at >= 0; at = l.text.indexOf(q, at + 1)) {
      const end = at + q.length;
      const keys = l.spans.flatMap((s, wi) =>
        s.start < end && at < s.end ? [wordKey(l.block, l.line, wi)] : [],
      );
      if (keys.length > 0) hits.push({ keys });
    }
  }
  return hits;
}

/** The next word under CONFIDENCE_HIGH after position `after` (-1: from the start); undefined when none. */
export function nextLowConfidence(
  words: readonly PageWord[],
  after: number,
  direction: 1 | -1 = 1,
): PageWord | undefined {
  if (direction === 1) return words.find((w) => w.order > after && w.confidence < CONFIDENCE_HIGH);
  for (let i = Math.min(after, words.length) - 1; i >= 0; i--) {
    if (words[i]!.confidence < CONFIDENCE_HIGH) return words[i];
  }
  return undefined;
}

/**
 * Corrections applied as the server applies them (src-main/engine/server/routes-jobs.ts): new text, confidence 1,
 * the line's text rebuilt from its words and the page's from its lines. Used for the optimistic update.
 */
export function applyCorrections(result: PageResult, corrections: Corrections): PageResult {
  const next = structuredClone(result);
  for (const c of corrections.words) {
    const line = next.blocks[c.block]?.lines[c.line];
    const word = line?.words[c.word];
    if (!line || !word) continue;
    word.text = c.text;
    word.confidence = 1;
    line.text = line.words.map((w) => w.text).join(' ');
  }
  next.text = next.blocks.map((b) => b.lines.map((l) => l.text).join('\n')).join('\n\n');
  return next;
}

/** The page with one word's text and confidence set back (a failed save undone without touching other edits). */
export function restoreWord(
  result: PageResult,
  at: { readonly block: number; readonly line: number; readonly word: number },
  text: string,
  confidence: number,
): PageResult {
  const next = applyCorrections(result, { words: [{ ...at, text }] });
  const w = next.blocks[at.block]?.lines[at.line]?.words[at.word];
  if (w) w.confidence = confidence;
  return next;
}
