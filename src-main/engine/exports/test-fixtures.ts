// Test helpers for the exporters: OCR results built in code (titles, rotated words, CJK and emoji, XML-special
// characters) and a small XML reader to parse outputs back after xmllint has checked them.
import { spawnSync } from 'node:child_process';
import type {
  Block,
  Box,
  DocumentResult,
  Line,
  PageResult,
  Quad,
  Rotation,
  Word,
} from '../../../src-shared/ocr-result.ts';

const TIMINGS = { loadMs: 0, detectMs: 0, classifyMs: 0, recognizeMs: 0, layoutMs: 0, totalMs: 0 };

function boxOf(points: readonly (readonly [number, number])[]): Box {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** An upright word. */
export function word(text: string, box: Box, confidence = 0.9): Word {
  const [x0, y0, x1, y1] = box;
  return {
    text,
    confidence,
    box,
    quad: [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
    ],
  };
}

/**
 * A word of the given width and height whose text runs `angle` degrees counter-clockwise, its top-left corner
 * at (x, y) in page pixels.
 */
export function rotatedWord(text: string, x: number, y: number, w: number, h: number, angle: number): Word {
  const a = (angle * Math.PI) / 180;
  // Along the text (y down, so counter-clockwise is up the page) and across it, towards the bottom of the glyphs.
  const ux = Math.cos(a);
  const uy = -Math.sin(a);
  const vx = Math.sin(a);
  const vy = Math.cos(a);
  const quad: Quad = [
    [x, y],
    [x + w * ux, y + w * uy],
    [x + w * ux + h * vx, y + w * uy + h * vy],
    [x + h * vx, y + h * vy],
  ];
  return { text, confidence: 0.8, box: boxOf(quad), quad };
}

/** Words placed left to right on one baseline, `gap` pixels apart, each `charW` pixels per character. */
export function wordsAt(
  texts: readonly string[],
  x: number,
  y: number,
  height: number,
  charW = height / 2,
): Word[] {
  let left = x;
  return texts.map((t, i) => {
    const w = word(t, [left, y, left + Math.max(1, [...t].length) * charW, y + height], 0.5 + (i % 5) / 10);
    left = w.box[2] + height / 2;
    return w;
  });
}

export function line(words: readonly Word[]): Line {
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last) throw new Error('a line needs words');
  const box = boxOf(words.flatMap((w) => w.quad));
  const quad: Quad = [first.quad[0], last.quad[1], last.quad[2], first.quad[3]];
  const confidence = words.reduce((s, w) => s + w.confidence, 0) / words.length;
  return { text: words.map((w) => w.text).join(' '), confidence, box, quad, words: [...words] };
}

export function block(lines: readonly Line[]): Block {
  return { box: boxOf(lines.flatMap((l) => l.quad)), lines: [...lines] };
}

export function page(
  n: number,
  width: number,
  height: number,
  blocks: Block[],
  rotation: Rotation = 0,
): PageResult {
  const text = blocks.map((b) => b.lines.map((l) => l.text).join('\n')).join('\n\n');
  return { page: n, width, height, rotation, blocks, text, timings: TIMINGS };
}

/** One line of upright words per entry, lines `height * 1.5` apart, starting at (x, y). */
function paragraph(lines: readonly string[], x: number, y: number, height: number): Block {
  return block(lines.map((l, i) => line(wordsAt(l.split(' '), x, y + i * height * 1.5, height))));
}

/** A title (60 px), a subtitle (36 px) and a body block (24 px). */
export function titledPage(n = 1): PageResult {
  return page(n, 1240, 1754, [
    paragraph(['Annual Report'], 100, 100, 60),
    paragraph(['Results and outlook'], 100, 220, 36),
    paragraph(
      [
        'The quick brown fox jumps over',
        'the lazy dog while the',
        'committee reviews every figure',
        'in this short report',
      ],
      100,
      320,
      24,
    ),
  ]);
}

/** A page that must be turned 90° clockwise to read: its lines run up the page. Plus one line skewed 10°. */
export function rotatedPage(n = 2): PageResult {
  const up = (texts: string[], x: number): Line => {
    let y = 1000;
    return line(
      texts.map((t) => {
        const w = rotatedWord(t, x, y, t.length * 15, 30, 90);
        y -= t.length * 15 + 20;
        return w;
      }),
    );
  };
  const skew = (texts: string[]): Line => {
    let x = 400;
    let y = 1100;
    return line(
      texts.map((t) => {
        const len = t.length * 15;
        const w = rotatedWord(t, x, y, len, 30, 10);
        x += (len + 20) * Math.cos(Math.PI / 18);
        y -= (len + 20) * Math.sin(Math.PI / 18);
        return w;
      }),
    );
  };
  return page(
    n,
    800,
    1200,
    [
      block([up(['Rotated', 'words', 'here'], 100), up(['second', 'line'], 140)]),
      block([skew(['skewed', 'by', 'ten'])]),
    ],
    90,
  );
}

/** Greek, Cyrillic, CJK (one token per word, as the recogniser splits them), Arabic, an emoji outside the BMP. */
export function multilingualPage(n = 3): PageResult {
  return page(n, 1000, 800, [
    paragraph(['Καλημέρα κόσμε', 'Привет мир'], 50, 50, 30),
    block([
      line(wordsAt(['日本語の', 'テキスト', '中文', '한국어'], 50, 300, 30, 30)),
      line(wordsAt(['第二行', '文字'], 50, 345, 30, 30)),
    ]),
    paragraph(['مرحبا بالعالم', 'emoji 😀 ok 𠀋'], 50, 500, 30),
  ]);
}

/** Characters that XML must escape, and ones XML 1.0 cannot carry at all (BEL, a lone surrogate, U+FFFE). */
export const NASTY_WORDS = [
  '<tag>',
  'a&b',
  '"quoted"',
  "'single'",
  ']]>',
  'bell\u0007',
  'half\uD800',
  'nonchar\uFFFE',
];
/** The same words as a reader gets them back: invalid characters stripped. */
export const NASTY_CLEAN = ['<tag>', 'a&b', '"quoted"', "'single'", ']]>', 'bell', 'half', 'nonchar'];

export function xmlSpecialPage(n = 4): PageResult {
  return page(n, 1000, 500, [block([line(wordsAt(NASTY_WORDS, 40, 40, 20))])]);
}

export function doc(pages: PageResult[], source = '/tmp/in/scan "one" & two.png'): DocumentResult {
  return { source, mediaType: 'image/png', pages };
}

/** Every word of the document in reading order. */
export function allWords(d: DocumentResult): Word[] {
  return d.pages.flatMap((p) => p.blocks.flatMap((b) => b.lines.flatMap((l) => l.words)));
}

/** A page-by-page list of words. */
export function pageWords(p: PageResult): Word[] {
  return p.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
}

// ---- a small XML reader (well-formedness is xmllint's job; this only walks what our exporters write) ----

export interface XmlElement {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|lt|gt|amp|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(
        e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)),
      );
    return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e] ?? '';
  });
}

export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const re =
    /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (const m of xml.matchAll(re)) {
    const top = stack[stack.length - 1];
    if (!top) throw new Error('unbalanced XML');
    if (m[1] !== undefined) {
      if (top.name !== m[1]) throw new Error(`</${m[1]}> closes <${top.name}>`);
      stack.pop();
    } else if (m[2] !== undefined) {
      const attrs: Record<string, string> = {};
      for (const a of (m[3] ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attrs[a[1] ?? ''] = decode(a[2] ?? a[3] ?? '');
      }
      const el: XmlElement = { name: m[2], attrs, children: [], text: '' };
      top.children.push(el);
      if (m[4] !== '/') stack.push(el);
    } else if (m[5] !== undefined) {
      top.text += decode(m[5]);
    }
  }
  if (stack.length !== 1) throw new Error('unclosed elements');
  return root;
}

/** All elements below `el` (depth first, document order) that match. */
export function findAll(el: XmlElement, match: (e: XmlElement) => boolean): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (match(c)) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

export function hasTool(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** xmllint's verdict on a file: exit status and messages. */
export function xmllint(args: readonly string[]): { status: number | null; stderr: string } {
  const r = spawnSync('xmllint', ['--noout', '--nonet', ...args], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}
