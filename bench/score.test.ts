// Cross-check of the TypeScript scorer against ../shared/eval/score.py on perturbed copies of the dev set.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { matchBoxes } from './boxes.ts';
import { readGroundTruth, readList, scorePredictionDir, type EvalImage } from './eval-set.ts';
import { rng } from './rng.ts';
import { scorePrediction, summarize, type Box, type GroundTruth } from './score.ts';
import { serialize } from './serialize.ts';
import { normText, pySplit } from './text.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const evalRoot = path.resolve(repoRoot, '../shared/eval');
const listFile = path.join(evalRoot, 'dev.txt');
const hasPython = spawnSync('python3', ['--version']).status === 0;
const skip = !existsSync(path.join(evalRoot, 'score.py'))
  ? `no ${evalRoot}/score.py (the shared eval set lies beside the checkout)`
  : !existsSync(listFile)
    ? `no ${listFile}`
    : !hasPython
      ? 'python3 not found (needed to run score.py)'
      : false;

interface PItem {
  text: string;
  box: unknown;
}
type Pred = { words?: PItem[]; lines?: PItem[]; text?: string } | string | undefined;
type Perturb = (gt: GroundTruth, r: () => number, e: EvalImage) => Pred;

const items = (l: GroundTruth['words']): Array<{ text: string; box: Box }> =>
  (l ?? []).map((it) => ({ text: it.text ?? '', box: it.box as Box }));
const union = (bs: Box[]): Box => [
  Math.min(...bs.map((b) => b[0])),
  Math.min(...bs.map((b) => b[1])),
  Math.max(...bs.map((b) => b[2])),
  Math.max(...bs.map((b) => b[3])),
];
const shuffle = <T>(xs: T[], r: () => number): T[] => {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
};

const PERTURBATIONS: Record<string, Perturb> = {
  exact: (gt) => ({ words: items(gt.words), lines: items(gt.lines) }),
  dropped_words: (gt, r) => {
    const words = items(gt.words).filter(() => r() > 0.15);
    return { words, text: words.map((w) => w.text).join(' ') };
  },
  merged_words: (gt, r) => {
    const lines = items(gt.lines).map((l) => {
      const ws = pySplit(l.text);
      const out: string[] = [];
      for (const w of ws)
        if (out.length && r() < 0.3) out[out.length - 1] += w;
        else out.push(w);
      return { text: out.join(' '), box: l.box };
    });
    const words = items(gt.words);
    const merged: PItem[] = [];
    for (let i = 0; i < words.length; i++) {
      const a = words[i]!;
      const b = words[i + 1];
      if (b && r() < 0.25) {
        merged.push({ text: a.text + b.text, box: union([a.box, b.box]) });
        i++;
      } else merged.push(a);
    }
    return { words: merged, lines };
  },
  changed_case: (gt, r) => ({
    lines: items(gt.lines).map((l) => ({
      text: r() < 0.5 ? l.text.toUpperCase() : r() < 0.5 ? l.text.toLowerCase() : l.text,
      box: l.box,
    })),
  }),
  shuffled_shifted: (gt, r) => {
    const shift = (b: Box): Box => {
      const dx = (r() - 0.5) * 0.8 * (b[2] - b[0]);
      const dy = (r() - 0.5) * 0.8 * (b[3] - b[1]);
      return [b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy];
    };
    const lines = shuffle(items(gt.lines), r).map((l) => ({ text: l.text, box: shift(l.box) }));
    return {
      words: items(gt.words).map((w) => ({ text: w.text, box: shift(w.box) })),
      lines,
      text: lines.map((l) => l.text).join('\n'),
    };
  },
  // Quads as point lists, swapped corners, odd whitespace and NFKC-sensitive characters, .txt and missing files.
  formats: (gt, r, e) => {
    const k = e.stem.length % 4;
    if (k === 0) return undefined;
    const odd = ['\u00a0', '\u3000', '\x1c', '\ufeff', '\t', '\u2028'];
    const spice = (t: string): string =>
      r() < 0.3
        ? `${t}${odd[Math.floor(r() * odd.length)]!}ﬁ`
        : r() < 0.2
          ? t.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))
          : t;
    if (k === 1)
      return items(gt.lines)
        .map((l) => spice(l.text))
        .join('\n');
    return {
      lines: items(gt.lines).map((l) => ({
        text: spice(l.text),
        box: [
          [l.box[0], l.box[1]],
          [l.box[2], l.box[1]],
          [l.box[2], l.box[3]],
          [l.box[0], l.box[3]],
        ],
      })),
      words: items(gt.words).map((w) => ({
        text: spice(w.text),
        box: [w.box[2], w.box[3], w.box[0], w.box[1]],
      })),
      ...(k === 3 ? { text: '' } : {}),
    };
  },
};

void test('score.ts agrees with score.py on perturbed dev-set predictions', { skip }, () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'ocrdesk-score-'));
  try {
    const images = readList(listFile);
    for (const [name, perturb] of Object.entries(PERTURBATIONS)) {
      const predDir = path.join(tmp, name);
      const r = rng(name.length * 7919);
      for (const e of images) {
        const p = perturb(readGroundTruth(e), r, e);
        if (p === undefined) continue;
        mkdirSync(path.join(predDir, e.dataset), { recursive: true });
        const file = path.join(predDir, e.dataset, `${e.stem}.${typeof p === 'string' ? 'txt' : 'json'}`);
        writeFileSync(file, typeof p === 'string' ? p : JSON.stringify(p));
      }
      const out = path.join(tmp, `${name}.score.json`);
      const py = spawnSync(
        'python3',
        [
          path.join(evalRoot, 'score.py'),
          '--root',
          evalRoot,
          '--list',
          'dev.txt',
          '--pred',
          predDir,
          '--json',
          out,
        ],
        { encoding: 'utf8' },
      );
      assert.equal(py.status, 0, `score.py failed: ${py.stderr}`);
      const ref = JSON.parse(readFileSync(out, 'utf8')) as {
        splits: { dev: Record<string, Record<string, unknown>> };
        per_image: Array<{ id: string; counts: Record<string, unknown> }>;
      };
      const rows = scorePredictionDir(images, predDir);
      for (const [i, row] of rows.entries()) {
        assert.deepEqual(row.counts, ref.per_image[i]!.counts, `${name} ${row.id}: counts`);
      }
      const ours = summarize(rows) as unknown as Record<string, Record<string, unknown>>;
      assert.deepEqual(Object.keys(ours).sort(), Object.keys(ref.splits.dev).sort());
      for (const [subset, want] of Object.entries(ref.splits.dev)) {
        const got = ours[subset]!;
        assert.deepEqual(
          Object.keys(got).sort(),
          Object.keys(want).sort(),
          `${name}/${subset}: metric names`,
        );
        for (const [k, v] of Object.entries(want)) {
          if (typeof v === 'number') {
            assert.equal(typeof got[k], 'number', `${name}/${subset}/${k}`);
            assert.ok(
              Math.abs((got[k] as number) - v) <= 1e-9,
              `${name}/${subset}/${k}: ${String(got[k])} vs ${v}`,
            );
          } else assert.deepEqual(got[k], v, `${name}/${subset}/${k}`);
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

void test('reading order, matching order and whitespace follow score.py', () => {
  const gt: GroundTruth = {
    word_boxes: 'exact',
    lines: [
      { text: 'world', box: [60, 0, 100, 10] },
      { text: 'hello', box: [0, 2, 50, 12] },
      { text: 'next\u00a0line', box: [0, 30, 90, 40] },
    ],
    words: [],
  };
  assert.equal(
    serialize([
      { text: 'b', box: [10, 0, 20, 10] },
      { text: 'a', box: [0, 1, 9, 11] },
    ]),
    'a b',
  );
  assert.equal(normText(' a\u3000 ﬁ\x1c\n'), 'a fi');
  assert.deepEqual(pySplit('a\ufeffb c'), ['a\ufeffb', 'c']);
  assert.equal(
    matchBoxes(
      [
        [0, 0, 10, 10],
        [20, 0, 30, 10],
      ],
      [
        [1, 0, 10, 10],
        [50, 50, 60, 60],
      ],
    ),
    1,
  );
  const lines = [
    { text: 'next line', box: [0, 31, 90, 41] },
    { text: 'world', box: [61, 0, 100, 10] },
    { text: 'hello', box: [0, 2, 50, 12] },
  ];
  const { metrics } = scorePrediction(gt, { lines, text: 'world hello\nnext line' });
  assert.equal(metrics.cer, 0); // same geometric order on both sides
  assert.equal(metrics.cer_raw, 8 / 21); // score.py: levenshtein('hello world next line', 'world hello next line')
  assert.equal(metrics.bow_f1, 1);
  assert.equal(metrics.line_box_r, 1);
  assert.equal(metrics.word_box_r, undefined); // no predicted words
  const missing = scorePrediction(gt, undefined);
  assert.equal(missing.counts.missing, true);
  assert.equal(missing.metrics.cer, 1);
});
