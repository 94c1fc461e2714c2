import assert from 'node:assert/strict';
import { test } from 'node:test';
import { charDistance } from './levenshtein.ts';
import { orderFreeEdits } from './order-free.ts';
import { rng } from './rng.ts';
import { stripSpaces } from './text.ts';

void test('the floor counts substitutions, drops and additions once, and ignores order, case and spaces', () => {
  assert.equal(orderFreeEdits('Pay Agree', 'pay agree'), 0);
  assert.equal(orderFreeEdits('the individual', 'individual the'), 0);
  assert.equal(orderFreeEdits('Lorillard', 'Lorrllard'), 1);
  assert.equal(orderFreeEdits('83573282', '8357328'), 1);
  assert.equal(orderFreeEdits('GOOD', 'GOOD BROKEN'), 6);
  assert.equal(orderFreeEdits('', 'abc'), 3);
});

void test('it never exceeds the nsCER edit distance of the same texts', () => {
  const r = rng(7);
  const alphabet = 'abcde12 ';
  const pick = (n: number): string =>
    Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
  for (let i = 0; i < 300; i++) {
    const a = pick(Math.floor(r() * 20));
    const b = pick(Math.floor(r() * 20));
    const ns = charDistance(stripSpaces(a), stripSpaces(b));
    assert.ok(orderFreeEdits(a, b) <= ns, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
});
