// `ocrdesk serve`, `ocrdesk token` and `ocrdesk jobs ...` as a user runs them: a real server process, the CLI
// finding it through the data dir, exit codes and one-line errors.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, startServe, textImage } from './fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-cli-jobs-'));
const home = path.join(dir, 'home');

/** Async, so the test process keeps serving its own timers while a command runs. */
function ocrdesk(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/ocrdesk.mjs'), ...args], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

void test('serve, token and jobs: submit and wait, list, download, errors, delete, server gone', async () => {
  await textImage(path.join(dir, 'memo.png'), 'Memo number 2024\nplease file it');
  writeFileSync(path.join(dir, 'notes.png'), 'not an image\n');
  const server = await startServe(home);
  try {
    assert.match(server.output(), /token: in .*api-token/);
    const token = await ocrdesk('token', '--home', home);
    assert.equal(token.code, 0);
    assert.equal(token.stdout.trim(), server.token);

    const submit = await ocrdesk(
      'jobs',
      'submit',
      'memo.png',
      '--home',
      home,
      '--outputs',
      'txt,json',
      '--name',
      'memo',
      '--wait',
      '-o',
      'out',
    );
    assert.equal(submit.code, 0, submit.stderr);
    const id = submit.stdout.trim().split('\n')[0]!;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.match(readFileSync(path.join(dir, 'out', 'memo.txt'), 'utf8'), /Memo/);
    assert.ok(existsSync(path.join(dir, 'out', 'memo.json')));

    const list = await ocrdesk('jobs', 'list', '--home', home, '--status', 'completed');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`^${id}\\s+completed\\s+done\\s+1/1 pages\\s+memo$`, 'm'));
    const download = await ocrdesk('jobs', 'download', id, 'txt', '-o', 'again.txt', '--home', home);
    assert.equal(download.code, 0, download.stderr);
    assert.equal(
      readFileSync(path.join(dir, 'again.txt'), 'utf8'),
      readFileSync(path.join(dir, 'out', 'memo.txt'), 'utf8'),
    );

    const bad = await ocrdesk('jobs', 'submit', 'notes.png', '--home', home);
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /^ocrdesk: error UNSUPPORTED_MEDIA_TYPE: /m);
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
    const missing = await ocrdesk('jobs', 'get', 'no-such-job', '--home', home);
    assert.equal(missing.code, 4);
    assert.match(missing.stderr, /NOT_FOUND/);
    // The token comes from the data dir; a wrong one given on the command line is refused.
    const wrong = await ocrdesk('jobs', 'list', '--url', server.url, '--token', 'wrong');
    assert.equal(wrong.code, 7);
    assert.match(wrong.stderr, /UNAUTHORIZED/);

    assert.equal((await ocrdesk('jobs', 'delete', id, '--home', home)).code, 0);
    const after = await fetch(`${server.url}/api/v1/jobs/${id}`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    assert.equal(after.status, 404);
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
  }
  // A stopped server removes its server.json: the CLI says it finds none.
  assert.ok(!existsSync(path.join(home, 'server.json')));
  const gone = await ocrdesk('jobs', 'list', '--home', home);
  assert.equal(gone.code, 9);
  assert.match(gone.stderr, /SERVER_UNREACHABLE/);
});
