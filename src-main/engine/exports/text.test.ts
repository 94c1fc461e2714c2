import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentText } from '../recognize-document.ts';
import { exportText } from './text.ts';
import { doc, multilingualPage, rotatedPage, titledPage } from './test-fixtures.ts';

void test('TXT: reading order, blank lines between blocks, a form feed between pages', () => {
  const d = doc([titledPage(1), rotatedPage(2), multilingualPage(3)]);
  const out = exportText(d);
  assert.equal(out, documentText(d));
  const pages = out.split('\f');
  assert.equal(pages.length, 3);
  assert.ok(
    pages[0]?.startsWith('Annual Report\n\nResults and outlook\n\nThe quick brown fox jumps over\nthe lazy'),
  );
  assert.ok(pages[1]?.startsWith('Rotated words here\nsecond line\n\nskewed by ten'));
  assert.ok(pages[2]?.includes('emoji 😀 ok 𠀋'));
  assert.ok(out.endsWith('\n'));
});
