// The `ocrdesk` command as a user runs it: real models, real files, exit codes and one-line errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import sharp from 'sharp';
import { ROOT, textImage } from './fixtures.ts';
import { DocumentResultSchema } from '../src-shared/ocr-result.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-cli-'));

function ocrdesk(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/ocrdesk.mjs'), ...args], {
    encoding: 'utf8',
    cwd: dir,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  await textImage(path.join(dir, 'hello.png'), 'Invoice number 4711\nTotal amount due');
  await sharp(path.join(dir, 'hello.png')).jpeg().toFile(path.join(dir, 'hello.jpg'));
  writeFileSync(path.join(dir, 'empty.png'), '');
  writeFileSync(path.join(dir, 'notes.png'), 'these are notes, not an image\n');
});

void test('ocr prints words with boxes for a rendered text image', () => {
  const r = ocrdesk('ocr', 'hello.png', '--format', 'json', '--quiet');
  assert.equal(r.code, 0, r.stderr);
  const doc = DocumentResultSchema.parse(JSON.parse(r.stdout));
  const words = doc.pages[0]!.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
  const texts = words.map((w) => w.text.toLowerCase());
  for (const w of ['invoice', 'number', '4711', 'total', 'amount', 'due'])
    assert.ok(texts.includes(w), `${w} in ${texts.join(' ')}`);
  for (const w of words) {
    const [x0, y0, x1, y1] = w.box;
    assert.ok(x0 < x1 && y0 < y1 && x0 >= 0 && y1 <= doc.pages[0]!.height);
  }
  assert.match(doc.pages[0]!.text, /Invoice number 4711\s+Total amount due/i);
});

void test('several inputs go to a directory, one file each, models loaded once', () => {
  const r = ocrdesk('ocr', 'hello.png', 'hello.jpg', '--format', 'txt', '-o', 'out');
  assert.equal(r.code, 0, r.stderr);
  // Both inputs are named hello: each keeps its whole name, so the second cannot replace the first.
  assert.deepEqual(readdirSync(path.join(dir, 'out')).sort(), ['hello.jpg.txt', 'hello.png.txt']);
  for (const f of ['hello.jpg.txt', 'hello.png.txt'])
    assert.match(readFileSync(path.join(dir, 'out', f), 'utf8'), /4711/);
});

void test('bad inputs give one line with a stable code and a non-zero exit, never a stack trace', () => {
  const cases: Array<[string, string, number]> = [
    ['empty.png', 'EMPTY_INPUT', 3],
    ['notes.png', 'UNSUPPORTED_MEDIA_TYPE', 3],
    ['missing.png', 'INPUT_NOT_FOUND', 4],
  ];
  for (const [file, code, exit] of cases) {
    const r = ocrdesk('ocr', file, '--quiet');
    assert.equal(r.code, exit, `${file}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, new RegExp(`^ocrdesk: error ${code}: `));
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

void test('one bad file does not stop the others', () => {
  const r = ocrdesk('ocr', 'empty.png', 'hello.png', '--format', 'txt', '-o', 'mixed', '--quiet');
  assert.equal(r.code, 3);
  assert.match(readFileSync(path.join(dir, 'mixed', 'hello.txt'), 'utf8'), /4711/);
});

void test('unknown options and providers are usage errors', () => {
  assert.equal(ocrdesk('ocr', '--bogus', 'x').code, 2);
  assert.equal(ocrdesk('ocr', 'hello.png', '--provider', 'tpu').code, 2);
  assert.equal(ocrdesk().code, 2);
});

void test("--help after a command prints that command's usage and exits 0", () => {
  for (const [cmd, first] of [
    ['ocr', 'usage: ocrdesk ocr'],
    ['serve', 'usage: ocrdesk serve'],
    ['jobs', 'usage: ocrdesk jobs'],
    ['info', 'usage: ocrdesk info'],
  ] as const) {
    const r = ocrdesk(cmd, '--help');
    assert.equal(r.code, 0, `${cmd} --help: ${r.stderr}`);
    assert.ok(r.stdout.startsWith(first), r.stdout);
  }
  assert.match(ocrdesk('ocr', '-h').stdout, /--no-check-boxes/);
});

void test('info reports the model pack and the provider in use', () => {
  const r = ocrdesk('info', '--json');
  assert.equal(r.code, 0, r.stderr);
  const info = JSON.parse(r.stdout) as {
    providers: { inUse: string; tried: string[] };
    modelPack: { id: string };
  };
  assert.equal(info.modelPack.id, 'pp-ocrv4');
  assert.ok(info.providers.tried.includes(info.providers.inUse));
});
