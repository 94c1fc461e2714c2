import assert from 'node:assert/strict';
import { test } from 'node:test';
import { charDistance, levenshtein, levenshteinDp, wordDistance } from './levenshtein.ts';
import { rng } from './rng.ts';

void test('bit-parallel Levenshtein equals the plain DP on random sequences (1 to 6 blocks)', () => {
  const r = rng(1);
  for (let k = 0; k < 600; k++) {
    const alpha = 1 + Math.floor(r() * (k % 3 === 0 ? 3 : 30));
    const gen = (): number[] =>
      Array.from({ length: Math.floor(r() * (k % 5 === 0 ? 200 : 70)) }, () => Math.floor(r() * alpha));
    const a = gen();
    const b =
      r() < 0.3 ? a.map((c) => (r() < 0.15 ? Math.floor(r() * alpha) : c)).filter(() => r() > 0.1) : gen();
    assert.equal(levenshtein(a, b), levenshteinDp(a, b), `a=${a.join(',')} b=${b.join(',')}`);
  }
});

void test('characters are code points, words are whole tokens', () => {
  assert.equal(charDistance('kitten', 'sitting'), 3);
  assert.equal(charDistance('a😀b', 'ab'), 1);
  assert.equal(charDistance('', 'abc'), 3);
  assert.equal(wordDistance(['the', 'cat', 'sat'], ['the', 'sat']), 1);
});

void test('long strings are fast', () => {
  const r = rng(7);
  const a = Array.from({ length: 6000 }, () => 'abcdefghij '[Math.floor(r() * 11)]).join('');
  const b = a.replace(/e/g, 'E').slice(100) + 'xyz';
  const t0 = performance.now();
  const d = charDistance(a, b);
  assert.ok(performance.now() - t0 < 2000);
  assert.equal(
    d,
    levenshteinDp(
      [...a].map((c) => c.charCodeAt(0)),
      [...b].map((c) => c.charCodeAt(0)),
    ),
  );
});
