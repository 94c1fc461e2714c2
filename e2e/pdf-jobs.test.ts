// PDF inputs through the job service: born-digital text taken as it is, scanned pages OCR'd, the original pages
// kept in the searchable PDF, page images rendered at the resolution the boxes refer to, encrypted files refused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { ApiClient } from '../src-shared/api-client.ts';
import { OcrDeskError } from '../src-shared/errors.ts';
import { encryptPdf, mixedPdf } from '../src-main/engine/documents/pdf-test-fixtures.ts';
import { EngineHost } from '../src-main/engine/engine-host.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-pdfjobs-'));
const hasTool = (t: string): boolean => spawnSync(t, ['--version']).error === undefined;
let host: EngineHost;
let api: ApiClient;
before(async () => {
  host = await EngineHost.start({ home: path.join(dir, 'home'), port: 0, engine: { provider: 'cpu' } });
  api = new ApiClient(host.url, host.token);
});
after(async () => host?.close());

void test('a mixed PDF: text page taken, scan page recognised, original pages kept in the output', async () => {
  const file = await mixedPdf(dir);
  const job = await api.createJob(
    [{ name: 'mixed.pdf', data: new Blob([readFileSync(file)]) }],
    { options: { outputs: ['pdf', 'txt'], pdfa: '1b' } },
    true,
  );
  assert.equal(job.status, 'completed', JSON.stringify(job.error));
  assert.equal(job.files[0]!.mediaType, 'application/pdf');
  assert.equal(job.pagesTotal, 2);
  const [p1, p2] = [await api.page(job.id, 0, 1), await api.page(job.id, 0, 2)];
  assert.equal(p1.result.origin, 'pdf-text');
  assert.match(p1.result.text, /Invoice 4711 was paid/);
  assert.equal(p2.result.origin, 'ocr');
  assert.match(p2.result.text, /PIER SEVEN CLOSED/);
  assert.equal(p2.result.pdf?.kind, 'scan');

  const img = await sharp(Buffer.from(await (await api.pageImage(job.id, 0, 2)).arrayBuffer())).metadata();
  assert.deepEqual([img.width, img.height], [p2.result.width, p2.result.height]);

  const text = await api.text(job.id);
  assert.match(text, /Invoice 4711 was paid[\s\S]*\f[\s\S]*PIER SEVEN CLOSED/);
  const pdf = await api.download(job.id, 'pdf');
  if (hasTool('pdftotext')) {
    const out = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' }).stdout;
    // Born-digital text once (no second layer over it), the scan's words from our layer.
    assert.equal(out.match(/Invoice 4711 was paid/g)?.length, 1);
    assert.match(out, /PIER SEVEN CLOSED/);
  }
});

void test('page ranges and force mode through job options', async () => {
  const file = await mixedPdf(dir, 'ranged.pdf');
  const job = await api.createJob(
    [{ name: 'ranged.pdf', data: new Blob([readFileSync(file)]) }],
    { options: { outputs: ['txt'], pages: '1', mode: 'force' } },
    true,
  );
  assert.equal(job.status, 'completed', JSON.stringify(job.error));
  assert.equal(job.pagesTotal, 1);
  const p1 = await api.page(job.id, 0, 1);
  assert.equal(p1.result.origin, 'ocr');
  assert.match(p1.result.text, /Invoice/);
});

void test(
  'a password-protected PDF fails once as ENCRYPTED_PDF',
  { skip: hasTool('qpdf') ? false : 'qpdf not installed' },
  async () => {
    const plain = await mixedPdf(dir, 'plain.pdf');
    const locked = path.join(dir, 'locked.pdf');
    encryptPdf(plain, locked, 'user-secret');
    const job = await api.createJob(
      [{ name: 'locked.pdf', data: new Blob([readFileSync(locked)]) }],
      {},
      true,
    );
    assert.equal(job.status, 'failed');
    assert.equal(job.error?.code, 'ENCRYPTED_PDF');
    assert.equal(job.attempts, 1);
    await assert.rejects(api.download(job.id, 'pdf'), (e: OcrDeskError) => e.code === 'NOT_FOUND');
  },
);
