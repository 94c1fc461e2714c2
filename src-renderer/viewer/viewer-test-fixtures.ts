// Page results for the viewer's unit tests: a grid of words laid out like a printed page.
import type { Box, PageResult, Quad } from '../../src-shared/ocr-result.ts';

export function quadOf(b: Box): Quad {
  return [
    [b[0], b[1]],
    [b[2], b[1]],
    [b[2], b[3]],
    [b[0], b[3]],
  ];
}

/**
 * `lines` is one array of words per line (blocks split at empty arrays); word i of a line sits at x = 100 + 160·i,
 * line j at y = 100 + 60·j, each 140×40. `confidence(text)` picks each word's confidence (0.95 by default).
 */
export function makePage(
  lines: readonly (readonly string[])[],
  opts: {
    width?: number;
    height?: number;
    rotation?: 0 | 90 | 180 | 270;
    confidence?: (text: string) => number;
  } = {},
): PageResult {
  const conf = opts.confidence ?? (() => 0.95);
  const blocks: PageResult['blocks'] = [];
  let current: PageResult['blocks'][number] | undefined;
  lines.forEach((words, j) => {
    if (words.length === 0) {
      current = undefined;
      return;
    }
    const y = 100 + 60 * j;
    const ws = words.map((text, i) => {
      const box: Box = [100 + 160 * i, y, 240 + 160 * i, y + 40];
      return { text, confidence: conf(text), box, quad: quadOf(box) };
    });
    const box: Box = [100, y, 240 + 160 * (words.length - 1), y + 40];
    const line = {
      text: words.join(' '),
      confidence: Math.min(...ws.map((w) => w.confidence)),
      box,
      quad: quadOf(box),
      words: ws,
    };
    if (!current) {
      current = { box, lines: [] };
      blocks.push(current);
    }
    current.lines.push(line);
  });
  return {
    page: 1,
    width: opts.width ?? 2000,
    height: opts.height ?? 2800,
    rotation: opts.rotation ?? 0,
    blocks,
    text: blocks.map((b) => b.lines.map((l) => l.text).join('\n')).join('\n\n'),
    timings: { loadMs: 0, detectMs: 0, classifyMs: 0, recognizeMs: 0, layoutMs: 0, totalMs: 0 },
  };
}
