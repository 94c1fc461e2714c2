import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  claimServerFile,
  removeServerFile,
  runningServer,
  serverFile,
  writeServerFile,
} from './server-file.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ocrdesk-server-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has certainly ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

void test('claim, publish, find and release a data folder', () => {
  const home = path.join(dir, 'a');
  mkdirSync(home);
  assert.equal(claimServerFile(home), undefined);
  // Claimed but not listening yet: no URL for clients, and a claim by this same process again succeeds.
  assert.deepEqual(JSON.parse(readFileSync(serverFile(home), 'utf8')), { pid: process.pid });
  assert.equal(runningServer(home), undefined);
  assert.equal(claimServerFile(home), undefined);
  writeServerFile(home, { url: 'http://127.0.0.1:1234', port: 1234, pid: process.pid });
  assert.deepEqual(runningServer(home), { url: 'http://127.0.0.1:1234', port: 1234, pid: process.pid });
  // Someone else's record is left alone; our own is removed.
  removeServerFile(home, process.pid + 1);
  assert.ok(existsSync(serverFile(home)));
  removeServerFile(home);
  assert.ok(!existsSync(serverFile(home)));
});

void test('a live process holds the folder; a dead one (a crash) or garbage does not', () => {
  const home = path.join(dir, 'b');
  mkdirSync(home);
  // The parent of this test process is alive and is not this process.
  writeServerFile(home, { url: 'http://127.0.0.1:9', port: 9, pid: process.ppid });
  assert.deepEqual(claimServerFile(home), { url: 'http://127.0.0.1:9', port: 9, pid: process.ppid });
  assert.equal(runningServer(home)?.pid, process.ppid);

  writeServerFile(home, { url: 'http://127.0.0.1:9', port: 9, pid: deadPid() });
  assert.equal(runningServer(home), undefined);
  assert.equal(claimServerFile(home), undefined);
  assert.equal((JSON.parse(readFileSync(serverFile(home), 'utf8')) as { pid: number }).pid, process.pid);

  writeFileSync(serverFile(home), '{"url": 3');
  assert.equal(runningServer(home), undefined);
  assert.equal(claimServerFile(home), undefined);
});
