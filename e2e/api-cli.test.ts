// `ocrdesk serve`, `ocrdesk token` and `ocrdesk jobs ...` as a user runs them: a real server process, the CLI
// finding it through the data dir, exit codes and one-line errors.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, startServe, stopServe, textImage } from './fixtures.ts';

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

void test('one engine per data folder: a second serve is refused, a crashed one does not block', async () => {
  const shared = path.join(dir, 'shared-home');
  const first = await startServe(shared);
  try {
    const record = JSON.parse(readFileSync(path.join(shared, 'server.json'), 'utf8')) as {
      url: string;
      pid: number;
    };
    assert.deepEqual(record, { url: first.url, port: Number(new URL(first.url).port), pid: first.child.pid });
    const second = await ocrdesk('serve', '--home', shared, '--port', '0', '--provider', 'cpu');
    assert.equal(second.code, 2, second.stderr);
    assert.match(
      second.stderr,
      /^ocrdesk: error CONFLICT: an OCR Desk engine already serves .* at http:\/\/127\.0\.0\.1:\d+/m,
    );
    assert.ok(second.stderr.includes(first.url));
    // The first one is untouched and still the one the CLI finds.
    assert.equal(
      (JSON.parse(readFileSync(path.join(shared, 'server.json'), 'utf8')) as { pid: number }).pid,
      first.child.pid,
    );
    assert.equal((await ocrdesk('jobs', 'list', '--home', shared)).code, 0);
  } finally {
    // A crash: no chance to remove its record.
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
  }
  assert.ok(existsSync(path.join(shared, 'server.json')), 'a killed engine leaves its record');
  // A start that fails (its port is taken) leaves no claim behind.
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  try {
    const taken = String((blocker.address() as AddressInfo).port);
    const failedHome = path.join(dir, 'failed-home');
    const failed = await ocrdesk('serve', '--home', failedHome, '--port', taken, '--provider', 'cpu');
    assert.equal(failed.code, 2, failed.stderr);
    assert.match(failed.stderr, /CONFLICT/);
    assert.ok(!existsSync(path.join(failedHome, 'server.json')), 'a failed start left its claim');
  } finally {
    blocker.close();
  }
  const gone = await ocrdesk('jobs', 'list', '--home', shared);
  assert.equal(gone.code, 9, 'a record of a dead process is not a running engine');
  const again = await startServe(shared);
  try {
    assert.equal(
      (JSON.parse(readFileSync(path.join(shared, 'server.json'), 'utf8')) as { pid: number }).pid,
      again.child.pid,
    );
  } finally {
    again.child.kill('SIGTERM');
    await new Promise((r) => again.child.once('exit', r));
  }
});

void test('jobs: usage without a server, options as JSON, one job per file, held jobs, stats', async () => {
  const noServer = path.join(dir, 'no-server');
  const usage = await ocrdesk('jobs', '--home', noServer);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^ocrdesk: error INVALID_ARGUMENT: jobs needs an action/m);
  assert.match(usage.stderr, /submit <files\.\.\.>/);
  const unknown = await ocrdesk('jobs', 'frobnicate', '--home', noServer);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown jobs action 'frobnicate'/);
  // Option mistakes are caught before any upload.
  const badJson = await ocrdesk('jobs', 'submit', 'memo.png', '--home', noServer, '--options', '{pdfa');
  assert.equal(badJson.code, 2);
  assert.match(badJson.stderr, /--options is not JSON/);
  const badValue = await ocrdesk(
    'jobs',
    'submit',
    'memo.png',
    '--home',
    noServer,
    '--options',
    '{"pdfa":"9z"}',
  );
  assert.equal(badValue.code, 2);
  assert.match(badValue.stderr, /job options: pdfa: /);

  const batchHome = path.join(dir, 'batch-home');
  await textImage(path.join(dir, 'first.png'), 'First page of the batch');
  await textImage(path.join(dir, 'second.png'), 'Second page of the batch');
  const server = await startServe(batchHome);
  try {
    const each = await ocrdesk(
      'jobs',
      'submit',
      'first.png',
      'notes.png',
      'second.png',
      '--each',
      '--wait',
      '--outputs',
      'txt',
      '-o',
      'each-out',
      '--home',
      batchHome,
    );
    assert.equal(each.code, 1, 'one file was refused');
    const lines = each.stdout.trim().split('\n');
    assert.equal(lines.length, 3, each.stdout);
    assert.match(lines[0]!, /^[0-9a-f-]{36} {2}first\.png$/);
    assert.match(lines[1]!, /^rejected {2}notes\.png {2}UNSUPPORTED_MEDIA_TYPE: /);
    assert.match(lines[2]!, /^[0-9a-f-]{36} {2}second\.png$/);
    assert.match(readFileSync(path.join(dir, 'each-out', 'first.txt'), 'utf8'), /First/);
    assert.match(readFileSync(path.join(dir, 'each-out', 'second.txt'), 'utf8'), /Second/);

    const held = await ocrdesk(
      'jobs',
      'submit',
      'first.png',
      '--hold',
      '--options',
      '{"pdfa":"1b","outputs":["pdf"]}',
      '--home',
      batchHome,
    );
    assert.equal(held.code, 0, held.stderr);
    const id = held.stdout.trim();
    const before = JSON.parse((await ocrdesk('jobs', 'get', id, '--home', batchHome)).stdout) as {
      status: string;
      held: boolean;
      options: { pdfa?: string };
    };
    assert.deepEqual([before.status, before.held], ['queued', true]);
    assert.equal(before.options.pdfa, '1b');
    const stats = JSON.parse((await ocrdesk('jobs', 'stats', '--home', batchHome)).stdout) as {
      jobs: { held: number; completed: number };
    };
    assert.deepEqual([stats.jobs.held, stats.jobs.completed], [1, 2]);
    assert.equal((await ocrdesk('jobs', 'start', id, '--home', batchHome)).code, 0);
    const done = await ocrdesk('jobs', 'wait', id, '--home', batchHome);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /completed/);
  } finally {
    await stopServe(server);
  }
});
