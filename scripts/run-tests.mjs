#!/usr/bin/env node
// Runs every *.test.ts under the source folders with Node's test runner (through tsx), then prints the
// plain summary line CI counts: "N passed, N failed, N skipped".
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const ROOTS = ['src-shared', 'src-main', 'src-renderer', 'bench', 'e2e', 'scripts'];
const only = process.argv.slice(2);

function findTests(dir) {
  let out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') out = out.concat(findTests(p));
    else if (e.isFile() && /\.test\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

const files = ROOTS.flatMap((r) => {
  try {
    return findTests(r);
  } catch {
    return [];
  }
})
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-concurrency=1',
    ...files,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
// The spec reporter's totals are lines like 'ℹ pass 12'; with failures, their details follow the totals, so
// the totals are picked up as they stream past rather than read from the end of the output.
const totals = {};
let partial = '';
child.stdout.on('data', (d) => {
  process.stdout.write(d);
  const lines = (partial + d.toString()).split('\n');
  partial = lines.pop() ?? '';
  for (const line of lines) {
    const m = /^ℹ (\w+) (\d+)$/.exec(line.trim());
    if (m) totals[m[1]] = Number(m[2]);
  }
});
child.on('close', (code) => {
  const num = (name) => totals[name] ?? 0;
  const passed = num('pass');
  const failed = num('fail') + num('cancelled');
  const skipped = num('skipped') + num('todo');
  process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exitCode = code === 0 && failed === 0 ? 0 : 1;
});
