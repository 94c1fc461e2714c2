// Shortcuts fire only when nobody else wants the key: not while typing, not with modifiers, not twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SHORTCUTS, shortcutFor } from './shortcuts.ts';

const press = (key: string, over: Partial<Parameters<typeof shortcutFor>[0]> = {}) =>
  shortcutFor({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    defaultPrevented: false,
    target: null,
    ...over,
  });

void test('keys map to actions; typing, modifiers and handled keys do not', () => {
  assert.equal(press('o')?.action, 'open-files');
  assert.equal(press('O')?.action, 'open-folder');
  assert.equal(press(',')?.action, 'settings');
  assert.equal(press('Delete')?.action, 'delete');
  assert.equal(press('?')?.action, 'help');
  assert.equal(press('o', { ctrlKey: true }), undefined, 'Ctrl+O is the browser’s');
  assert.equal(press('e', { target: { tagName: 'INPUT' } as unknown as EventTarget }), undefined);
  assert.equal(press('e', { target: { isContentEditable: true } as unknown as EventTarget }), undefined);
  assert.equal(press('j', { defaultPrevented: true }), undefined, 'the viewer handled it');
  assert.equal(press('x'), undefined);
});

void test('no key is bound twice', () => {
  const keys = SHORTCUTS.flatMap((s) => s.keys);
  assert.equal(new Set(keys).size, keys.length);
});
