// What scripts of the reference job servers do (docs/api-coverage.md), against a real engine host on loopback:
// batch uploads with a status per file, DotsOCR-style results, held / scheduled / changed jobs, server stats,
// backpressure with 429 + Retry-After, sync waits, original files, cache purge, posting into a hot folder.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { ApiClient } from '../src-shared/api-client.ts';
import { OcrDeskError } from '../src-shared/errors.ts';
import { EngineHost } from '../src-main/engine/engine-host.ts';
import { textImage } from './fixtures.ts';
import { rawRequest } from './raw-request.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-api-scripts-'));
const MAX_QUEUED = 4;
let host: EngineHost;
let api: ApiClient;
let image: Buffer;
let headed: Buffer;

/** A page with a large heading over smaller body text: the results label the heading. */
async function headedPage(file: string): Promise<void> {
  const render = (text: string, dpi: number): Promise<Buffer> =>
    sharp({ text: { text, font: 'sans', dpi } })
      .negate({ alpha: false })
      .flatten({ background: '#ffffff' })
      .png()
      .toBuffer();
  const title = await render('Annual Report', 420);
  const body = await render('The committee met twice this year\nand approved the budget', 170);
  const [t, b] = await Promise.all([sharp(title).metadata(), sharp(body).metadata()]);
  const width = Math.max(t.width, b.width) + 120;
  await sharp({ create: { width, height: t.height + b.height + 160, channels: 3, background: '#ffffff' } })
    .composite([
      { input: title, left: 60, top: 60 },
      { input: body, left: 60, top: t.height + 100 },
    ])
    .png()
    .toFile(file);
}

before(async () => {
  host = await EngineHost.start({
    home: path.join(dir, 'home'),
    port: 0,
    engine: { provider: 'cpu' },
    maxQueuedJobs: MAX_QUEUED,
  });
  api = new ApiClient(host.url, host.token);
  await textImage(path.join(dir, 'memo.png'), 'Memo number 2024\nplease file it');
  image = readFileSync(path.join(dir, 'memo.png'));
  await headedPage(path.join(dir, 'report.png'));
  headed = readFileSync(path.join(dir, 'report.png'));
});
after(async () => host?.close());

const png = (name: string, data: Buffer = image) => ({ name, data: new Blob([data]) });

const raw = (method: string, pathname: string, headers: Record<string, string> = {}, body?: string) =>
  rawRequest(
    host.port,
    method,
    pathname,
    // The Host that Node would add itself (rawRequest adds none), and the token: every script here is signed in.
    { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}`, ...headers },
    body,
  );

void test('batch upload: one job per file, each with its own status; a bad file does not stop the others', async () => {
  const bmp = Buffer.alloc(64);
  bmp.write('BM');
  bmp.writeUInt32LE(40, 14); // a BITMAPINFOHEADER: recognised as BMP, which cannot be decoded yet
  const batch = await api.createJobs(
    [
      png('a.png'),
      { name: 'notes.png', data: new Blob(['plain text']) },
      { name: 'old.bmp', data: new Blob([bmp]) },
    ],
    { name: 'batch', options: { outputs: ['txt'] } },
    true,
  );
  assert.equal(batch.total, 3);
  assert.equal(batch.accepted, 1);
  assert.deepEqual(
    batch.results.map((r) => [r.fileName, r.status, r.error?.code ?? null]),
    [
      ['a.png', 'completed', null],
      ['notes.png', 'rejected', 'UNSUPPORTED_MEDIA_TYPE'],
      ['old.bmp', 'rejected', 'UNSUPPORTED_MEDIA_TYPE'],
    ],
  );
  assert.equal(batch.results[0]!.job?.files[0]?.status, 'completed');
  assert.ok(!(await api.info()).supportedExtensions.includes('.bmp'), 'info offers only what is decoded');
});

void test('results per page: labelled blocks with text, text only, or layout only', async () => {
  const job = await api.createJob([png('report.png', headed)], { options: { outputs: ['txt', 'md'] } }, true);
  assert.equal(job.status, 'completed', JSON.stringify(job.error));
  const full = await api.results(job.id);
  assert.equal(full.layout, 'layout+text');
  const page = full.pages[0]!;
  const labels = page.blocks?.map((b) => b.label) ?? [];
  assert.ok(labels.includes('text'), labels.join());
  assert.ok(
    labels.some((l) => l === 'title' || l === 'section-header'),
    labels.join(),
  );
  const heading = page.blocks!.find((b) => b.label !== 'text')!;
  assert.match(heading.text ?? '', /Annual/);
  assert.match(page.markdown ?? '', /^#{1,2} .*Annual/m);
  for (const b of page.blocks!) assert.ok(b.box[0] < b.box[2] && b.box[3] <= page.height);
  const img = await fetch(`${host.url}${page.annotatedImageUrl}`, {
    headers: { authorization: `Bearer ${host.token}` },
  });
  assert.equal(img.headers.get('content-type'), 'image/jpeg');

  const text = (await api.results(job.id, 'text')).pages[0]!;
  assert.equal(text.blocks, undefined);
  assert.match(text.text ?? '', /committee/);
  const layout = (await api.results(job.id, 'layout')).pages[0]!;
  assert.equal(layout.text, undefined);
  assert.deepEqual(
    layout.blocks?.map((b) => [b.label, b.text]),
    page.blocks?.map((b) => [b.label, undefined]),
  );
  // The job's own option is the default view.
  const textJob = await api.createJob(
    [png('r.png', headed)],
    { options: { layout: 'text', outputs: ['txt'] } },
    true,
  );
  assert.equal((await api.results(textJob.id)).layout, 'text');
});

void test('held, scheduled and changed jobs: start, notBefore, PATCH priority and options', async () => {
  const held = await api.createJob([png('held.png')], { start: false, options: { outputs: ['txt'] } });
  assert.equal(held.stage, 'held');
  assert.equal(held.queuePosition, null);
  // ownOCR's create → upload → schedule: more files before the start.
  const added = await api.addFiles(held.id, [png('second.png', headed)]);
  assert.deepEqual(
    added.files.map((f) => [f.index, f.name, f.status]),
    [
      [0, 'held.png', 'queued'],
      [1, 'second.png', 'queued'],
    ],
  );
  const changed = await api.patchJob(held.id, {
    priority: 5,
    name: 'renamed',
    options: { outputs: ['txt', 'md'] },
  });
  assert.deepEqual([changed.priority, changed.name, changed.options.outputs], [5, 'renamed', ['txt', 'md']]);
  assert.deepEqual(
    (await api.listJobs({ stage: 'held' })).jobs.map((j) => j.id),
    [held.id],
  );
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await api.job(held.id)).status, 'queued', 'a held job is not run');
  await api.startJob(held.id);
  const done = await api.waitForJob(held.id, undefined, 100);
  assert.equal(done.status, 'completed');
  assert.equal(done.pagesDone, 2);
  assert.match(await api.text(done.id), /Memo[\s\S]*Annual/);
  await assert.rejects(api.addFiles(held.id, [png('late.png')]), (e: OcrDeskError) => e.code === 'CONFLICT');
  assert.deepEqual((await api.artifacts(held.id)).artifacts.map((a) => a.format).sort(), ['md', 'txt']);
  await assert.rejects(
    api.patchJob(held.id, { options: { outputs: ['pdf'] } }),
    (e: OcrDeskError) => e.code === 'CONFLICT' && e.details['status'] === 409,
  );
  assert.ok(done.timings.stages.recognizeMs > 0 && done.timings.stages.exportMs > 0);

  const notBefore = new Date(Date.now() + 1500).toISOString();
  const scheduled = await api.createJob([png('later.png')], { notBefore, options: { outputs: ['txt'] } });
  assert.equal(scheduled.stage, 'scheduled');
  const ran = await api.waitForJob(scheduled.id, undefined, 100);
  assert.equal(ran.status, 'completed');
  assert.ok(Date.parse(ran.startedAt!) >= Date.parse(notBefore), `${ran.startedAt} >= ${notBefore}`);
});

void test('sync waits: 200 once ended, 202 with Location on timeout, 422 for a bad timeout', async () => {
  const post = (query: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> =>
    raw(
      'POST',
      `/api/v1/jobs${query}`,
      { 'content-type': 'application/json' },
      JSON.stringify({ paths: [path.join(dir, 'memo.png')], options: { outputs: ['txt'] } }),
    );
  const quick = await post('?wait=true&timeout=0');
  assert.equal(quick.status, 202);
  const queued = JSON.parse(quick.body) as { id: string };
  assert.equal(quick.headers['location'], `/api/v1/jobs/${queued.id}`);
  const synced = await post('?wait=true&timeout=120');
  assert.equal(synced.status, 200);
  assert.equal((JSON.parse(synced.body) as { status: string }).status, 'completed');
  for (const q of ['?wait=true&timeout=abc', '?wait=true&timeout=-1', '?wait=yes']) {
    assert.equal((await post(q)).status, 422, q);
  }
  await api.waitForJob(queued.id, undefined, 100);
});

void test('a full queue answers 429 with Retry-After; stats show the queue, throughput and limits', async () => {
  const held = [];
  for (let i = 0; i < MAX_QUEUED; i++) held.push(await api.createJob([png(`h${i}.png`)], { start: false }));
  const stats = await api.stats();
  assert.equal(stats.jobs.held, MAX_QUEUED);
  assert.equal(stats.limits.maxQueuedJobs, MAX_QUEUED);
  assert.ok(stats.jobs.completed >= 4 && stats.pages.last10Minutes >= 4, JSON.stringify(stats));
  assert.ok(stats.pages.secondsPerPage !== null && stats.pages.secondsPerPage > 0);
  assert.ok(stats.busyPercent > 0 && stats.uptimeSeconds >= 0);
  assert.equal(stats.provider, 'cpu');

  const refused = await raw(
    'POST',
    '/api/v1/jobs',
    { 'content-type': 'application/json' },
    JSON.stringify({ paths: [path.join(dir, 'memo.png')] }),
  );
  assert.equal(refused.status, 429);
  assert.equal((JSON.parse(refused.body) as { error: { code: string } }).error.code, 'RATE_LIMITED');
  assert.ok(Number(refused.headers['retry-after']) >= 1, String(refused.headers['retry-after']));
  await assert.rejects(api.createJobs([png('x.png')]), (e: OcrDeskError) => e.code === 'RATE_LIMITED');
  for (const j of held) {
    await api.cancelJob(j.id);
    await api.deleteJob(j.id);
  }
  assert.equal((await api.stats()).jobs.held, 0);
});

void test('the original input comes back unchanged; the ZIP can carry annotated page images', async () => {
  const job = await api.createJob([png('memo.png')], { options: { outputs: ['txt', 'json'] } }, true);
  assert.ok(Buffer.from(await api.inputFile(job.id, 0)).equals(Buffer.from(image)), 'same bytes');
  await assert.rejects(api.inputFile(job.id, 3), (e: OcrDeskError) => e.code === 'NOT_FOUND');
  const res = await fetch(`${host.url}/api/v1/jobs/${job.id}/artifacts/zip?images=annotated`, {
    headers: { authorization: `Bearer ${host.token}` },
  });
  const zip = unzipSync(new Uint8Array(await res.arrayBuffer()));
  assert.deepEqual(Object.keys(zip).sort(), ['memo.json', 'memo.txt', 'page-0-1.jpg']);
  assert.deepEqual([...zip['page-0-1.jpg']!.subarray(0, 3)], [0xff, 0xd8, 0xff]);
});

void test('cache purge: a purged result is not reused', async () => {
  const opts = { useCache: true, options: { outputs: ['txt' as const], dpi: 301 } };
  const first = await api.createJob([png('c1.png')], opts, true);
  const second = await api.createJob([png('c2.png')], opts, true);
  assert.deepEqual([first.fromCache, second.fromCache], [false, true]);
  assert.ok((await api.purgeCache()).purged >= 1);
  const third = await api.createJob([png('c3.png')], opts, true);
  assert.equal(third.fromCache, false);
});

void test('a file posted into a hot folder lands in its input under a unique name, or replaces one', async () => {
  const inbox = path.join(dir, 'post-in');
  const folder = await api.createHotFolder({
    inputDir: inbox,
    outputDir: path.join(dir, 'post-out'),
    enabled: false,
    extensions: ['png', '.TIF'],
  });
  assert.deepEqual(folder.extensions, ['.png', '.tif']);
  const a = await api.postToHotFolder(folder.id, png('scan.png'));
  const b = await api.postToHotFolder(folder.id, png('scan.png'));
  const c = await api.postToHotFolder(folder.id, png('scan.png', headed), true);
  assert.deepEqual([a.fileName, b.fileName, c.fileName], ['scan.png', 'scan (1).png', 'scan.png']);
  assert.deepEqual(readdirSync(inbox).sort(), ['scan (1).png', 'scan.png']);
  assert.deepEqual(readFileSync(path.join(inbox, 'scan.png')), Buffer.from(headed));
  await assert.rejects(
    api.postToHotFolder(folder.id, png('scan.jpg')),
    (e: OcrDeskError) => e.code === 'VALIDATION_FAILED',
  );
  await assert.rejects(
    api.postToHotFolder(folder.id, { name: 'x.png', data: new Blob(['text']) }),
    (e: OcrDeskError) => e.code === 'UNSUPPORTED_MEDIA_TYPE',
  );
});

void test('a hot folder with an extension filter leaves other files untouched', async () => {
  const inbox = path.join(dir, 'filter-in');
  const outbox = path.join(dir, 'filter-out');
  const folder = await api.createHotFolder({
    inputDir: inbox,
    outputDir: outbox,
    stableMs: 200,
    extensions: ['.png'],
    options: { outputs: ['txt'] },
  });
  writeFileSync(path.join(inbox, 'keep.tif.pdf'), 'not taken: not a .png');
  writeFileSync(path.join(inbox, 'take.png'), image);
  const end = Date.now() + 30_000;
  while ((await api.hotFolders()).hotFolders.find((f) => f.id === folder.id)?.counters.done !== 1) {
    assert.ok(Date.now() < end, 'the .png was taken');
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(readdirSync(outbox), ['take.txt']);
  assert.ok(readdirSync(inbox).includes('keep.tif.pdf'));
  await api.deleteHotFolder(folder.id);
});

void test('list filters: ids, stage and 1-based pages; the new routes need the token', async () => {
  const all = await api.listJobs({ sort: 'created', limit: 500 });
  const ids = all.jobs.slice(0, 2).map((j) => j.id);
  assert.deepEqual(
    (await api.listJobs({ id: ids.join(','), sort: 'created' })).jobs.map((j) => j.id),
    ids,
  );
  assert.deepEqual(
    (await api.listJobs({ sort: 'created', limit: 1, page: 2 })).jobs.map((j) => j.id),
    [all.jobs[1]!.id],
  );
  assert.equal(
    (await api.listJobs({ stage: 'done', limit: 500 })).total,
    all.jobs.filter((j) => j.stage === 'done').length,
  );
  // Pages the engine recognised: every stored page but those reused from the cache (stage changes do not count).
  const recognised = all.jobs.filter((j) => !j.fromCache).reduce((n, j) => n + j.pagesDone, 0);
  const metrics = await (
    await fetch(`${host.url}/metrics`, { headers: { authorization: `Bearer ${host.token}` } })
  ).text();
  assert.match(metrics, new RegExp(`^ocrdesk_pages_processed_total ${recognised}$`, 'm'));
  assert.match(metrics, new RegExp(`^ocrdesk_page_seconds_bucket\\{le="\\+Inf"\\} ${recognised}$`, 'm'));
  assert.match(metrics, /^ocrdesk_page_seconds_sum \d/m);
  const id = all.jobs[0]!.id;
  for (const [method, p] of [
    ['GET', '/api/v1/stats'],
    ['GET', `/api/v1/jobs/${id}/results`],
    ['GET', `/api/v1/jobs/${id}/files/0`],
    ['POST', '/api/v1/jobs/batch'],
    ['PATCH', `/api/v1/jobs/${id}`],
    ['POST', `/api/v1/jobs/${id}/start`],
    ['POST', `/api/v1/jobs/${id}/files`],
    ['POST', `/api/v1/hot-folders/${id}/files`],
    ['DELETE', '/api/v1/cache'],
  ] as const) {
    assert.equal((await raw(method, p, { authorization: '' })).status, 401, `${method} ${p}`);
    assert.equal((await raw(method, p, { origin: 'https://evil.example' })).status, 403, `${method} ${p}`);
  }
});
