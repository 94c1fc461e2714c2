// Preprocessing through a job: a page scanned sideways comes out upright, a blank page is left out, and the
// page image and PDF use the preprocessed pixels the boxes refer to.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { ApiClient } from '../src-shared/api-client.ts';
import { EngineHost } from '../src-main/engine/engine-host.ts';
import { textImage } from './fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-pre-'));
let host: EngineHost;
let api: ApiClient;
before(async () => {
  host = await EngineHost.start({ home: path.join(dir, 'home'), port: 0, engine: { provider: 'cpu' } });
  api = new ApiClient(host.url, host.token);
});
after(async () => host?.close());

void test('auto-rotate turns a sideways page upright; blank pages are dropped from the outputs', async () => {
  await textImage(
    path.join(dir, 'upright.png'),
    'Quarterly report for the board\nRevenue grew in every region\nCosts stayed within the plan\nNext meeting in March',
  );
  const sideways = await sharp(path.join(dir, 'upright.png')).rotate(90).png().toBuffer();
  const upright = await sharp(path.join(dir, 'upright.png')).metadata();
  const blank = await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#ffffff' } })
    .png()
    .toBuffer();
  const job = await api.createJob(
    [
      { name: 'sideways.png', data: new Blob([sideways]) },
      { name: 'blank.png', data: new Blob([blank]) },
    ],
    { options: { autoRotate: true, removeBlankThreshold: 0.001, outputs: ['txt', 'pdf'] } },
    true,
  );
  assert.equal(job.status, 'completed', JSON.stringify(job.error));
  const page = await api.page(job.id, 0, 1);
  assert.equal(page.result.rotation, 0);
  assert.ok(page.result.preprocess?.autoRotate === 90 || page.result.preprocess?.autoRotate === 270);
  assert.deepEqual([page.result.width, page.result.height], [upright.width, upright.height]);
  assert.match(page.result.text, /Revenue grew/);
  const blankPage = await api.page(job.id, 1, 1);
  assert.equal(blankPage.result.preprocess?.blank, true);

  // The served image is the upright one the boxes refer to.
  const img = await sharp(Buffer.from(await (await api.pageImage(job.id, 0, 1)).arrayBuffer())).metadata();
  assert.deepEqual([img.width, img.height], [upright.width, upright.height]);

  const text = await api.text(job.id);
  assert.equal(text.split('\f').length, 1, 'the blank page is not in the text');
  const pdf = await api.download(job.id, 'pdf');
  const info = spawnSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' });
  if (info.error === undefined) assert.match(info.stdout, /^Pages:\s+1$/m);
  const words = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
  if (words.error === undefined) assert.match(words.stdout, /Revenue grew/);
  assert.ok(readFileSync(path.join(host.paths.jobs, job.id, 'pages', '0-1.png')).length > 0);
});
