import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeMarkdownLine, exportMarkdown } from './markdown.ts';
import {
  block,
  doc,
  line,
  multilingualPage,
  page,
  rotatedPage,
  titledPage,
  wordsAt,
} from './test-fixtures.ts';

void test('Markdown: headings from the layout, blocks as paragraphs, a rule between pages', () => {
  const out = exportMarkdown(doc([titledPage(1), rotatedPage(2), multilingualPage(3)]));
  const expected = [
    '# Annual Report',
    '',
    '## Results and outlook',
    '',
    'The quick brown fox jumps over',
    'the lazy dog while the',
    'committee reviews every figure',
    'in this short report',
    '',
    '---',
    '',
    'Rotated words here',
    'second line',
    '',
    'skewed by ten',
    '',
    '---',
    '',
  ].join('\n');
  assert.ok(out.startsWith(expected), out);
  assert.ok(out.includes('日本語の テキスト 中文 한국어\n第二行 文字'));
  assert.ok(out.includes('emoji 😀 ok 𠀋\n'));
  assert.ok(out.endsWith('\n') && !out.endsWith('\n\n'));
});

void test('Markdown: OCR text that looks like markup stays text', () => {
  const cases: [string, string][] = [
    ['# not a heading', '\\# not a heading'],
    ['###### six', '\\###### six'],
    ['#hashtag', '#hashtag'],
    ['1. not a list', '1\\. not a list'],
    ['2024) also not', '2024\\) also not'],
    ['- dash', '\\- dash'],
    ['+ plus', '\\+ plus'],
    ['* star', '\\* star'],
    ['> quote', '\\> quote'],
    ['---', '\\---'],
    ['- - -', '\\- - -'],
    ['___', '\\_\\_\\_'],
    ['=====', '\\====='],
    ['~~~ fence', '\\~~~ fence'],
    ['```js', '\\`\\`\\`js'],
    ['| a | b |', '\\| a | b |'],
    ['    indented code', 'indented code'],
    ['<b>bold</b> tag', '\\<b>bold\\</b> tag'],
    ['*emph* and _under_ and `code`', '\\*emph\\* and \\_under\\_ and \\`code\\`'],
    ['see [link](x) \\ back', 'see \\[link\\](x) \\\\ back'],
    ['&amp; and &#169; but AT&T', '\\&amp; and \\&#169; but AT&T'],
    ['-5 degrees', '-5 degrees'],
    ['plain words 3.5 x', 'plain words 3.5 x'],
  ];
  for (const [input, want] of cases) assert.equal(escapeMarkdownLine(input), want, input);
});

void test('Markdown: a heading keeps a trailing # and escapes markup; empty pages still get their rule', () => {
  const big = (text: string, y: number, h: number) => block([line(wordsAt(text.split(' '), 10, y, h))]);
  const p = page(1, 1000, 1000, [
    big('Item *No* #', 10, 60),
    big('body text here', 200, 20),
    big('more body', 240, 20),
  ]);
  const out = exportMarkdown(doc([p, page(2, 100, 100, []), page(3, 100, 100, [])]));
  assert.equal(out, '# Item \\*No\\* \\#\n\nbody text here\n\nmore body\n\n---\n\n\n\n---\n\n');
  // An empty first page: the document must not open with '---' (front matter to many renderers).
  assert.ok(!exportMarkdown(doc([page(1, 10, 10, []), titledPage(2)])).startsWith('---'));
});
