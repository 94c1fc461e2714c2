import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { filesFromArgv, filesFromHandover } from './argv-files.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-argv-'));
const scan = path.join(dir, 'scan.png');
const other = path.join(dir, 'sub', 'b.pdf');
mkdirSync(path.dirname(other));
writeFileSync(scan, 'x');
writeFileSync(other, 'x');

void test('packaged: every existing file after the executable, resolved against the cwd', () => {
  const argv = [
    '/opt/OCR Desk/ocr-desk',
    '--no-sandbox',
    'scan.png',
    'sub/b.pdf',
    'missing.png',
    'sub',
    scan,
  ];
  assert.deepEqual(filesFromArgv(argv, { cwd: dir }), [scan, other]);
});

void test('unpackaged: the runtime options before the app folder are skipped, even values like -r FILE', () => {
  const app = path.join(dir, 'app');
  mkdirSync(app);
  const argv = [
    '/usr/lib/electron',
    '-r',
    scan,
    '--inspect=0',
    'app',
    '--remote-debugging-port=0',
    'sub/b.pdf',
  ];
  assert.deepEqual(filesFromArgv(argv, { cwd: dir, appPath: app }), [other]);
  assert.deepEqual(filesFromArgv(['/usr/lib/electron', scan], { cwd: dir, appPath: app }), []);
});

void test('after -- a name that starts with a dash is a file', () => {
  const dashed = path.join(dir, '-odd.png');
  writeFileSync(dashed, 'x');
  assert.deepEqual(filesFromArgv(['exe', '-odd.png', '--', '-odd.png'], { cwd: dir }), [dashed]);
});

void test('a handover from a second instance keeps only absolute paths of existing files', () => {
  assert.deepEqual(filesFromHandover({ files: [scan, 'scan.png', 42, path.join(dir, 'nope'), other] }), [
    scan,
    other,
  ]);
  for (const junk of [undefined, null, 'x', { files: 'x' }, []])
    assert.deepEqual(filesFromHandover(junk), []);
});
