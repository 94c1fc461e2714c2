// Markdown (CommonMark): each block a paragraph, blocks set clearly larger than the page's text as headings, a
// thematic break between pages. OCR text is data, not markup: anything that would turn into formatting is escaped.
import type { DocumentResult, PageResult } from '../../../src-shared/ocr-result.ts';
import { blockHeadingLevels, blockLineTexts, joinLines } from './page-structure.ts';

/** Characters that start emphasis, code, links or raw HTML anywhere in a line, and entity references. */
function escapeInline(s: string): string {
  return s.replace(/[\\`*_[\]<]/g, '\\$&').replace(/&(?=#?[a-z0-9]+;)/gi, '\\&');
}

/**
 * One line of paragraph text, safe at the start of a Markdown line: no heading, quote, list, code fence, table,
 * thematic break or setext underline can begin it, and no indentation turns it into code.
 */
export function escapeMarkdownLine(text: string): string {
  const s = escapeInline(text.trim());
  const ordered = /^(\d{1,9})([.)])(?=\s|$)/.exec(s);
  if (ordered) return `${ordered[1]}\\${s.slice(ordered[1]?.length ?? 0)}`;
  if (/^(#{1,6}(\s|$)|>|[-+](\s|$)|~~~|\||=+\s*$|-+\s*$)/.test(s)) return `\\${s}`;
  // "- - -" and "\* \* \*" (already escaped) are thematic breaks too when spaced out.
  if (/^([-_]\s*){3,}$/.test(s)) return `\\${s}`;
  return s;
}

function heading(level: number, text: string): string {
  // A run of '#' at the end would be read as the closing sequence and dropped.
  const body = escapeInline(text).replace(/(^|\s)(#+)\s*$/, '$1\\$2');
  return `${'#'.repeat(level)} ${body}`;
}

function pageMarkdown(page: PageResult): string[] {
  const levels = blockHeadingLevels(page);
  const parts: string[] = [];
  page.blocks.forEach((block, i) => {
    const lines = blockLineTexts(block.lines);
    if (lines.length === 0) return;
    const level = levels[i];
    parts.push(
      level === undefined ? lines.map(escapeMarkdownLine).join('\n') : heading(level, joinLines(lines)),
    );
  });
  return parts;
}

/** The document as Markdown; pages separated by `---` on a line of its own. */
export function exportMarkdown(doc: DocumentResult): string {
  // Not trimmed at the start: a `---` on the very first line would read as YAML front matter to many renderers.
  const body = doc.pages.map((p) => pageMarkdown(p).join('\n\n')).join('\n\n---\n\n');
  return body.endsWith('\n') ? body : `${body}\n`;
}
