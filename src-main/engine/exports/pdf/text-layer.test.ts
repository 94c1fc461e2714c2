import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Box, Line, Quad } from '../../../../src-shared/ocr-result.ts';
import { CidMap } from './cid-map.ts';
import { buildGlyphlessFont } from './glyphless-font.ts';
import { MIN_GAP_EM, placeLine, textLayerOperators } from './text-layer.ts';

const quad = (b: Box): Quad => [
  [b[0], b[1]],
  [b[2], b[1]],
  [b[2], b[3]],
  [b[0], b[3]],
];

function line(words: [string, Box][]): Line {
  const box: Box = [
    Math.min(...words.map((w) => w[1][0])),
    Math.min(...words.map((w) => w[1][1])),
    Math.max(...words.map((w) => w[1][2])),
    Math.max(...words.map((w) => w[1][3])),
  ];
  return {
    text: words.map((w) => w[0]).join(' '),
    confidence: 1,
    box,
    quad: quad(box),
    words: words.map(([text, b]) => ({ text, confidence: 1, box: b, quad: quad(b) })),
  };
}

// 72 dpi: one pixel is one point; frame height 1000.
const frame = { sx: 1, sy: 1, height: 1000 };

void test('words keep their boxes; baseline at the line bottom; font size is the line height', () => {
  const placed = placeLine(
    line([
      ['Hello', [100, 100, 160, 120]],
      ['world', [170, 100, 230, 120]],
    ]),
    frame,
  )!;
  assert.deepEqual(placed.u, [1, 0]);
  assert.equal(placed.fontSize, 20);
  // Baselines at 1000 - 120: the bottom of the line box.
  assert.deepEqual(
    placed.runs.map((r) => [r.text, r.start, r.end, r.baseline, r.spaceAfter]),
    [
      ['Hello', 100, 160, 880, true],
      ['world', 170, 230, 880, false],
    ],
  );
});

void test('a gap narrower than the minimum is widened by shrinking both words', () => {
  const placed = placeLine(
    line([
      ['tight', [100, 100, 160, 120]],
      ['words', [161, 100, 221, 120]],
    ]),
    frame,
  )!;
  const [a, b] = placed.runs as [(typeof placed.runs)[0], (typeof placed.runs)[0]];
  assert.ok(Math.abs(b.start - a.end - MIN_GAP_EM * 20) < 1e-9, `gap ${b.start - a.end}`);
  assert.ok(a.end < 160 && b.start > 161);
});

void test('no space and no gap between CJK tokens; a space between a CJK token and Latin', () => {
  const placed = placeLine(
    line([
      ['漢字', [100, 100, 140, 120]],
      ['テスト', [143, 100, 200, 120]],
      ['OK', [215, 100, 240, 120]],
    ]),
    frame,
  )!;
  const [a, b] = placed.runs;
  assert.equal(a!.spaceAfter, false);
  assert.equal(a!.end, b!.start);
  assert.equal(b!.spaceAfter, true);
});

/** A line of `n` words, each `w` px wide with gaps of `gap`, tilted counter-clockwise by `deg`, height 20 px. */
function tiltedLine(deg: number, words: string[], w = 60, gap = 15): Line {
  const c = Math.cos((deg * Math.PI) / 180);
  const s = Math.sin((deg * Math.PI) / 180);
  // In page pixels y grows downwards, so a counter-clockwise tilt rises to the right.
  const at = (d: number, h: number): [number, number] => [100 + d * c + h * s, 500 - d * s + h * c];
  const q = (d0: number, d1: number): Quad => [at(d0, 0), at(d1, 0), at(d1, 20), at(d0, 20)];
  const boxOf = (qq: Quad): Box => [
    Math.min(...qq.map((p) => p[0])),
    Math.min(...qq.map((p) => p[1])),
    Math.max(...qq.map((p) => p[0])),
    Math.max(...qq.map((p) => p[1])),
  ];
  const total = words.length * w + (words.length - 1) * gap;
  const lq = q(0, total);
  return {
    text: words.join(' '),
    confidence: 1,
    box: boxOf(lq),
    quad: lq,
    words: words.map((text, i) => {
      const wq = q(i * (w + gap), i * (w + gap) + w);
      return { text, confidence: 1, box: boxOf(wq), quad: wq };
    }),
  };
}

void test('a rotated line gets a rotated text matrix along its quad', () => {
  const placed = placeLine(tiltedLine(30, ['tilted', 'text']), frame)!;
  const c = Math.cos(Math.PI / 6);
  const s = Math.sin(Math.PI / 6);
  assert.ok(Math.abs(placed.u[0] - c) < 1e-9 && Math.abs(placed.u[1] - s) < 1e-9, `u ${placed.u.join()}`);
  assert.ok(Math.abs(placed.fontSize - 20) < 1e-6);
  const [a, b] = placed.runs;
  assert.ok(Math.abs(a!.end - a!.start - 60) < 1e-6 && Math.abs(b!.start - a!.end - 15) < 1e-6);
  assert.ok(Math.abs(a!.baseline - b!.baseline) < 1e-6, 'one baseline along a rotated line');
});

void test('a skewed scan line is written level, each word on the baseline where it stands', () => {
  const placed = placeLine(tiltedLine(3, ['one', 'two', 'three']), frame)!;
  assert.deepEqual(placed.u, [1, 0]);
  const [a, b, c] = placed.runs;
  // Rising to the right: each baseline higher by (word + gap) · sin 3°.
  const step = 75 * Math.sin((3 * Math.PI) / 180);
  assert.ok(Math.abs(b!.baseline - a!.baseline - step) < 0.05, `${a!.baseline} → ${b!.baseline}`);
  assert.ok(Math.abs(c!.baseline - b!.baseline - step) < 0.05);
  // Word edges at mid-height: the word's own width along the axis, not its box's.
  assert.ok(Math.abs(a!.end - a!.start - 60 * Math.cos((3 * Math.PI) / 180)) < 1e-6);
});

void test('operators: one Tm and Tz per word and per gap, render mode 3', () => {
  const cids = new CidMap();
  const ops = textLayerOperators(
    {
      page: 1,
      width: 1000,
      height: 1000,
      rotation: 0,
      text: '',
      timings: { loadMs: 0, detectMs: 0, classifyMs: 0, recognizeMs: 0, layoutMs: 0, totalMs: 0 },
      blocks: [
        {
          box: [0, 0, 0, 0],
          lines: [
            line([
              ['ab', [100, 100, 120, 120]],
              ['c', [130, 100, 140, 120]],
            ]),
          ],
        },
      ],
    },
    frame,
    { resourceName: 'F0', cids },
  );
  assert.match(ops, /^BT\n3 Tr\n\/F0 20 Tf\n/);
  const shows = ops.split('\n').filter((l) => l.endsWith('Tj'));
  // 'ab' (2 glyphs of 10 pt at 100%: 20 pt wide), the space over the 10 pt gap, then 'c'.
  assert.deepEqual(shows, [
    '1 0 0 1 100 880 Tm 100 Tz <00020003> Tj',
    '1 0 0 1 120 880 Tm 100 Tz <0001> Tj',
    '1 0 0 1 130 880 Tm 100 Tz <0004> Tj',
  ]);
});

void test('ToUnicode maps characters outside the BMP to surrogate pairs', () => {
  const cids = new CidMap();
  assert.equal(cids.encode('a😀a'), '<000100020001>');
  const cmap = cids.toUnicodeCMap();
  assert.match(cmap, /<0001> <0061>/);
  assert.match(cmap, /<0002> <D83DDE00>/);
  assert.deepEqual([...cids.cidToGidMap()], [0, 1, 0, 1, 0, 1]);
});

void test('the font program is a well-formed sfnt: sorted tables, checksums, head adjustment', () => {
  const font = buildGlyphlessFont();
  const v = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const sum = (off: number, len: number): number => {
    let s = 0;
    for (let i = off; i < off + len; i += 4) {
      const b = (k: number): number => (k < off + len ? font[k]! : 0);
      s = (s + ((b(i) << 24) | (b(i + 1) << 16) | (b(i + 2) << 8) | b(i + 3))) >>> 0;
    }
    return s;
  };
  const n = v.getUint16(4);
  const tags: string[] = [];
  for (let i = 0; i < n; i++) {
    const rec = 12 + 16 * i;
    const tag = String.fromCharCode(...font.subarray(rec, rec + 4));
    tags.push(tag);
    const offset = v.getUint32(rec + 8);
    const length = v.getUint32(rec + 12);
    assert.equal(offset % 4, 0);
    if (tag !== 'head') assert.equal(v.getUint32(rec + 4), sum(offset, length), `checksum of ${tag}`);
  }
  assert.deepEqual(tags, ['cmap', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'name', 'post']);
  assert.equal(sum(0, font.length), 0xb1b0afba);
});
