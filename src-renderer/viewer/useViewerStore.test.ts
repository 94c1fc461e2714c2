// The viewer store's actions: page choice, fitting, zoom and turns, selection, search across pages, saves.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { boxToScreen, displaySize, FIT_MARGIN } from './geometry.ts';
import { pageWords } from './page-words.ts';
import { currentGeometry, pageKey, useViewerStore, type PageRef } from './useViewerStore.ts';
import { makePage } from './viewer-test-fixtures.ts';

const st = useViewerStore.getState;
const first = makePage([
  ['Quarterly', 'report'],
  ['Revenue', 'grew'],
]);
const second = makePage([['Revenue', 'fell'], [], ['Next', 'meeting']], {
  rotation: 90,
  width: 2800,
  height: 2000,
});
const refs: PageRef[] = [
  { file: 0, page: 1, width: 2000, height: 2800, words: 4, corrected: false, rotation: 0 },
  { file: 0, page: 2, width: 2800, height: 2000, words: 4, corrected: false, rotation: 90 },
];

beforeEach(() => {
  st().reset('job-1');
  st().setViewport({ width: 1000, height: 700 });
  st().setPages(refs);
});

void test('the first page is shown and fitted to the width once its result arrives', () => {
  assert.equal(st().currentKey, '0:1');
  assert.equal(currentGeometry(st()), undefined);
  st().setResult('0:1', first);
  const { zoom, panX } = st().view;
  assert.ok(Math.abs(2000 * zoom - (1000 - 2 * FIT_MARGIN)) < 1e-9);
  assert.ok(Math.abs(panX - FIT_MARGIN) < 1e-9);
  // A resize re-fits while the fit mode holds.
  st().setViewport({ width: 500, height: 700 });
  assert.ok(Math.abs(2000 * st().view.zoom - (500 - 2 * FIT_MARGIN)) < 1e-9);
});

void test('the page list growing keeps the page on screen', () => {
  st().goTo('0:2');
  st().setPages([
    ...refs,
    { file: 0, page: 3, width: 100, height: 100, words: 0, corrected: false, rotation: 0 },
  ]);
  assert.equal(st().currentKey, '0:2');
});

void test('a page turned by its result is fitted upright, and user turns add to it', () => {
  st().setResult('0:2', second);
  st().goTo('0:2');
  const g = currentGeometry(st())!;
  assert.equal(g.turn, 90);
  const d = displaySize(g.size, g.turn);
  assert.deepEqual([d.width, d.height], [2000, 2800]);
  assert.ok(Math.abs(d.width * st().view.zoom - (1000 - 2 * FIT_MARGIN)) < 1e-9);
  st().rotate(1);
  assert.equal(currentGeometry(st())!.turn, 180);
  st().rotate(-3);
  assert.equal(currentGeometry(st())!.turn, 270);
});

void test('zoom and pan leave fit mode; a new page keeps the chosen zoom', () => {
  st().setResult('0:1', first);
  st().setResult('0:2', second);
  st().zoomBy(2, [100, 100]);
  assert.equal(st().fit, null);
  const zoom = st().view.zoom;
  st().panBy(-50, -80);
  assert.equal(st().view.zoom, zoom);
  st().goTo('0:2');
  assert.equal(st().view.zoom, zoom);
  assert.equal(st().view.panY, FIT_MARGIN, 'the new page starts at its top');
  st().setFit('page');
  assert.equal(st().fit, 'page');
});

void test('selection: replace, toggle, add, all, clear; editing selects the word', () => {
  st().setResult('0:1', first);
  st().select(['0.0.0']);
  st().select(['0.1.1'], 'add');
  assert.deepEqual([...st().selected].sort(), ['0.0.0', '0.1.1']);
  st().select(['0.0.0'], 'toggle');
  assert.deepEqual([...st().selected], ['0.1.1']);
  assert.equal(st().active, '0.1.1');
  st().selectAll();
  assert.equal(st().selected.size, 4);
  st().startEdit('0.0.1');
  assert.deepEqual([st().editing, st().active, [...st().selected]], ['0.0.1', '0.0.1', ['0.0.1']]);
  st().stopEdit();
  st().clearSelection();
  assert.equal(st().selected.size, 0);
  // Another page clears the selection.
  st().select(['0.0.0']);
  st().goTo('0:2');
  assert.equal(st().selected.size, 0);
});

void test('search spans the document, starts at the page on screen and steps across pages', () => {
  st().setResult('0:1', first);
  st().goTo('0:2');
  st().setQuery('revenue');
  assert.deepEqual(
    st().hits.map((h) => h.pageKey),
    ['0:1'],
    'page 2 is not loaded yet',
  );
  st().setResult('0:2', second);
  assert.deepEqual(
    st().hits.map((h) => [h.pageKey, h.keys]),
    [
      ['0:1', ['0.1.0']],
      ['0:2', ['0.0.0']],
    ],
  );
  st().clearSearch();
  st().setQuery('revenue');
  assert.equal(st().hitIndex, 1, 'the first hit on or after the page on screen');
  st().stepHit(1);
  assert.equal(st().hitIndex, 0);
  assert.equal(st().currentKey, '0:1', 'stepping to a hit shows its page');
  // The hit is on screen after the step.
  const g = currentGeometry(st())!;
  const w = pageWords(first).find((x) => x.key === '0.1.0')!;
  const r = boxToScreen(w.box, g.size, g.turn, st().view);
  assert.ok(r.left >= 0 && r.top >= 0 && r.left + r.width <= 1000 && r.top + r.height <= 700);
  st().stepHit(-1);
  assert.equal(st().currentKey, '0:2');
  st().clearSearch();
  assert.deepEqual([st().query, st().hits.length, st().hitIndex], ['', 0, -1]);
});

void test('saves in flight are counted per page', () => {
  const k = pageKey(0, 1);
  st().beginSave(k);
  st().beginSave(k);
  assert.equal(st().endSave(k), 1);
  assert.equal(st().endSave(k), 0);
  assert.equal(st().endSave(k), 0);
});

void test('reset forgets the job but keeps the viewport and the overlay choice', () => {
  st().setOverlay('lines');
  st().setResult('0:1', first);
  st().reset('job-2');
  assert.deepEqual(
    [st().jobId, st().pages.length, Object.keys(st().results).length, st().overlay, st().viewport.width],
    ['job-2', 0, 0, 'lines', 1000],
  );
  st().cycleOverlay();
  assert.equal(st().overlay, 'off');
  st().cycleOverlay();
  assert.equal(st().overlay, 'words');
});
