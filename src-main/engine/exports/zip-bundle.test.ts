import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { safeEntryName, zipBundle } from './zip-bundle.ts';
import { hasTool } from './test-fixtures.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'ocrdesk-zip-'));
after(() => rm(dir, { recursive: true, force: true }));
const noUnzip = hasTool('unzip') ? false : 'unzip not installed (Debian unzip)';

void test('entry names: one safe file name, never a path', () => {
  const cases: [string, string][] = [
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\x\\report.pdf', 'report.pdf'],
    ['a/b/../c.txt', 'c.txt'],
    ['..', 'file'],
    ['.', 'file'],
    ['', 'file'],
    ['dir/', 'file'],
    ['..hidden', 'hidden'],
    ['name..txt', 'name.txt'],
    ['trailing. ', 'trailing'],
    ['a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['tab\there\u0000.md', 'tab_here_.md'],
    ['CON.txt', '_CON.txt'],
    ['lpt1', '_lpt1'],
    ['console.txt', 'console.txt'],
    ['__proto__', '_proto_'],
    ['日本語 scan 😀.docx', '日本語 scan 😀.docx'],
  ];
  for (const [input, want] of cases) assert.equal(safeEntryName(input), want, JSON.stringify(input));
  const long = safeEntryName(`${'x'.repeat(300)}.alto.xml`);
  assert.equal(long.length, 200);
  assert.ok(long.endsWith('.xml'));
});

void test('ZIP bundle: contents round-trip, clashing names made unique, order kept', () => {
  const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 1, 2, 3]);
  const zip = zipBundle(
    [
      { name: 'scan.txt', bytes: 'héllo\fpage two\n' },
      { name: 'out/scan.txt', bytes: 'second' },
      { name: 'SCAN.TXT', bytes: 'third' },
      { name: 'scan.pdf', bytes: pdf },
      { name: '__proto__', bytes: 'proto' },
      { name: '../scan', bytes: 'no extension' },
      { name: 'scan', bytes: 'clash without extension' },
    ],
    { mtime: new Date('2024-05-06T07:08:10Z') },
  );
  const files = unzipSync(zip);
  assert.deepEqual(Object.keys(files), [
    'scan.txt',
    'scan-2.txt',
    'SCAN-3.TXT',
    'scan.pdf',
    '_proto_',
    'scan',
    'scan-2',
  ]);
  assert.equal(strFromU8(files['scan.txt']!), 'héllo\fpage two\n');
  assert.equal(strFromU8(files['scan-2.txt']!), 'second');
  assert.deepEqual(files['scan.pdf'], pdf);
  assert.equal(strFromU8(files._proto_!), 'proto');
});

void test('ZIP bundle: compressed formats stored, text deflated', () => {
  const text = 'the same line again\n'.repeat(500);
  const zip = zipBundle([
    { name: 'a.pdf', bytes: text },
    { name: 'a.txt', bytes: text },
  ]);
  // Local file header: signature PK\3\4, then version, flags, and the method at offset 8 (0 stored, 8 deflate).
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  assert.equal(view.getUint32(0, true), 0x04034b50);
  assert.equal(view.getUint16(8, true), 0);
  const second = 30 + 'a.pdf'.length + text.length;
  assert.equal(view.getUint32(second, true), 0x04034b50);
  assert.equal(view.getUint16(second + 8, true), 8);
  assert.ok(zip.length < text.length * 1.2);
});

void test(
  'ZIP bundle: unzip extracts every entry inside its folder, UTF-8 names intact',
  { skip: noUnzip },
  async () => {
    const file = path.join(dir, 'bundle.zip');
    await writeFile(
      file,
      zipBundle([
        { name: '../../escape.txt', bytes: 'x' },
        { name: '/abs/olute.md', bytes: 'y' },
        { name: '日本語.txt', bytes: 'z' },
      ]),
    );
    const test = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
    assert.equal(test.status, 0, test.stdout + test.stderr);
    const out = path.join(dir, 'out');
    const r = spawnSync('unzip', ['-q', file, '-d', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual((await readdir(out)).sort(), ['escape.txt', 'olute.md', '日本語.txt'].sort());
    assert.equal(await readFile(path.join(out, '日本語.txt'), 'utf8'), 'z');
    assert.deepEqual((await readdir(dir)).sort(), ['bundle.zip', 'out']);
  },
);
