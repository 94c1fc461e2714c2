// The REST API end to end: a real engine host (SQLite file, models, HTTP on loopback) driven by the typed client
// and by raw requests for the security cases.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import WebSocket from 'ws';
import { ApiClient } from '../src-shared/api-client.ts';
import type { JobEvent } from '../src-shared/api-schemas.ts';
import { OcrDeskError } from '../src-shared/errors.ts';
import { EngineHost } from '../src-main/engine/engine-host.ts';
import { textImage } from './fixtures.ts';
import { rawRequest } from './raw-request.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-api-'));
let host: EngineHost;
let api: ApiClient;
let image: Uint8Array;

before(async () => {
  host = await EngineHost.start({
    home: path.join(dir, 'home'),
    port: 0,
    engine: { provider: 'cpu' },
    maxUploadBytes: 2_000_000,
  });
  api = new ApiClient(host.url, host.token);
  await textImage(path.join(dir, 'invoice.png'), 'Invoice number 4711\nTotal amount due');
  image = readFileSync(path.join(dir, 'invoice.png'));
});
after(async () => host?.close());

/** A raw request, so headers the client would never send can be tested. */
const raw = (method: string, pathname: string, headers: Record<string, string>, body?: string | Buffer) =>
  rawRequest(host.port, method, pathname, headers, body);

const auth = (): Record<string, string> => ({
  host: `127.0.0.1:${host.port}`,
  authorization: `Bearer ${host.token}`,
});

void test('a job from an upload completes with words, boxes, page image, corrections and artifacts', async () => {
  const created = await api.createJob([{ name: 'invoice.png', data: new Blob([image]) }], {
    name: 'invoice',
    externalId: 'ext-1',
    options: { outputs: ['pdf', 'txt', 'json', 'hocr', 'alto', 'md', 'docx'], title: 'Invoice 4711' },
  });
  assert.equal(created.status, 'queued');
  assert.equal(created.files[0]!.mediaType, 'image/png');
  const job = await api.waitForJob(created.id);
  assert.equal(job.status, 'completed', JSON.stringify(job.error));
  assert.equal(job.pagesDone, 1);
  assert.equal(job.percent, 100);
  assert.ok(job.timings.processingMs !== null && job.timings.processingMs > 0);

  const pages = await api.pages(job.id);
  assert.equal(pages.pages.length, 1);
  const page = await api.page(job.id, 0, 1);
  const words = page.result.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
  assert.ok(
    words.some((w) => w.text === '4711'),
    page.result.text,
  );
  for (const w of words) {
    assert.ok(w.box[0] >= 0 && w.box[2] <= page.result.width && w.box[1] < w.box[3]);
    assert.ok(w.confidence > 0 && w.confidence <= 1);
  }

  const jpeg = new Uint8Array(await (await api.pageImage(job.id, 0, 1)).arrayBuffer());
  assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  const annotated = await fetch(`${api.pageImageUrl(job.id, 0, 1)}?annotate=true&maxWidth=200`, {
    headers: { authorization: `Bearer ${host.token}` },
  });
  assert.equal(annotated.headers.get('content-type'), 'image/jpeg');
  const thumb = await sharp(Buffer.from(await annotated.arrayBuffer())).stats();
  // Green or amber box outlines make the greyscale page coloured.
  assert.ok(Math.abs(thumb.channels[1]!.mean - thumb.channels[0]!.mean) > 0.5, 'boxes drawn in colour');

  // Correct the word "4711" and find the correction in the text and in re-exported outputs.
  const bi = page.result.blocks.findIndex((b) => b.lines.some((l) => l.words.some((w) => w.text === '4711')));
  const li = page.result.blocks[bi]!.lines.findIndex((l) => l.words.some((w) => w.text === '4711'));
  const wi = page.result.blocks[bi]!.lines[li]!.words.findIndex((w) => w.text === '4711');
  const corrected = await api.correct(job.id, 0, 1, {
    words: [{ block: bi, line: li, word: wi, text: '4712' }],
  });
  assert.equal(corrected.corrected, true);
  assert.match(await api.text(job.id), /4712/);
  // Outputs written before the correction are written again: a download never serves the old text.
  assert.match(new TextDecoder().decode(await api.download(job.id, 'txt')), /4712/);
  assert.match(new TextDecoder().decode(await api.download(job.id, 'hocr')), /4712/);
  await api.exportArtifacts(job.id, ['txt']);
  assert.match(new TextDecoder().decode(await api.download(job.id, 'txt')), /4712/);

  const artifacts = (await api.artifacts(job.id)).artifacts;
  assert.deepEqual(artifacts.map((a) => a.format).sort(), [
    'alto',
    'docx',
    'hocr',
    'json',
    'md',
    'pdf',
    'txt',
  ]);
  assert.equal(artifacts.find((a) => a.format === 'pdf')?.pdfa, '2b');
  const pdf = await api.download(job.id, 'pdf');
  assert.equal(new TextDecoder().decode(pdf.subarray(0, 5)), '%PDF-');
  const pdftotext = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
  if (pdftotext.error === undefined) assert.match(pdftotext.stdout, /Invoice.*number.*4712/s);
  const zip = unzipSync(await api.download(job.id, 'zip'));
  assert.deepEqual(Object.keys(zip).sort(), [
    'invoice.docx',
    'invoice.hocr',
    'invoice.json',
    'invoice.md',
    'invoice.pdf',
    'invoice.txt',
    'invoice.xml',
  ]);
  assert.match(new TextDecoder().decode(zip['invoice.hocr']), /class=.ocrx_word/);

  const byExternal = await api.listJobs({ externalId: 'ext-1' });
  assert.deepEqual(
    byExternal.jobs.map((j) => j.id),
    [job.id],
  );
  const later = await api.listJobs({ updatedAfter: new Date(Date.now() + 60_000).toISOString() });
  assert.equal(later.total, 0);
});

void test('cancel, retry and delete; typed errors for bad inputs and unknown ids', async () => {
  // A job of many copies keeps the runner busy long enough to cancel a queued one.
  const files = Array.from({ length: 3 }, (_, i) => ({ name: `p${i}.png`, data: new Blob([image]) }));
  const busy = await api.createJob(files, { options: { outputs: ['txt'] } });
  const queued = await api.createJob([{ name: 'q.png', data: new Blob([image]) }], {
    priority: -5,
    options: { outputs: ['txt'] },
  });
  const canceled = await api.cancelJob(queued.id);
  assert.equal(canceled.status, 'canceled');
  const retried = await api.retryJob(queued.id);
  assert.equal(retried.status, 'queued');
  await api.waitForJob(busy.id);
  const trimmed = await api.deleteJobFile(busy.id, 1);
  assert.deepEqual(
    trimmed.files.map((f) => f.name),
    ['p0.png', 'p2.png'],
  );
  assert.equal(trimmed.pagesDone, 2);
  assert.equal((await api.pages(busy.id)).pages.length, 2);
  const done = await api.waitForJob(queued.id);
  assert.equal(done.status, 'completed');
  await api.deleteJob(queued.id);
  await assert.rejects(api.job(queued.id), (e: OcrDeskError) => e.code === 'NOT_FOUND');

  await assert.rejects(
    api.createJob([{ name: 'notes.png', data: new Blob(['just text, not an image']) }]),
    (e: OcrDeskError) => e.code === 'UNSUPPORTED_MEDIA_TYPE' && e.details['status'] === 415,
  );
  await assert.rejects(
    api.createJob([{ name: 'empty.png', data: new Blob([]) }]),
    (e: OcrDeskError) => e.code === 'EMPTY_INPUT',
  );
  await assert.rejects(
    api.createJob([{ name: 'x.png', data: new Blob([image]) }], { options: { dpi: 5 } }),
    (e: OcrDeskError) => e.code === 'VALIDATION_FAILED' && e.details['status'] === 422,
  );
  await assert.rejects(
    api.createJob([{ name: 'x.png', data: new Blob([image]) }], { profile: 'nope' }),
    (e: OcrDeskError) => e.code === 'NOT_FOUND',
  );
});

void test('a truncated image fails once with a typed code and is not retried', async () => {
  const job = await api.createJob([{ name: 'cut.png', data: new Blob([image.subarray(0, 300)]) }]);
  const done = await api.waitForJob(job.id);
  assert.equal(done.status, 'failed');
  assert.equal(done.error?.code, 'CORRUPT_INPUT');
  assert.equal(done.attempts, 1);
});

void test('profiles apply their options; identical input and options reuse results', async () => {
  await api.putProfile({ name: 'text-only', description: 'plain text', options: { outputs: ['txt'] } });
  const first = await api.createJob(
    [{ name: 'a.png', data: new Blob([image]) }],
    { profile: 'text-only', useCache: true },
    true,
  );
  assert.deepEqual(first.options.outputs, ['txt']);
  assert.equal(first.fromCache, false);
  const second = await api.createJob(
    [{ name: 'b.png', data: new Blob([image]) }],
    { profile: 'text-only', useCache: true },
    true,
  );
  assert.equal(second.status, 'completed');
  assert.equal(second.fromCache, true);
  assert.equal(await api.text(second.id), await api.text(first.id));
  assert.deepEqual(
    (await api.profiles()).profiles.map((p) => p.name),
    ['text-only'],
  );
});

void test('security: loopback Host only, no foreign Origin, token required, no form bodies, no wildcard CORS', async () => {
  const list = '/api/v1/jobs';
  assert.equal((await raw('GET', '/health', { host: `127.0.0.1:${host.port}` })).status, 200);
  assert.equal((await raw('GET', list, { host: `127.0.0.1:${host.port}` })).status, 401);
  assert.equal(
    (await raw('GET', list, { host: `127.0.0.1:${host.port}`, authorization: 'Bearer wrong-token' })).status,
    401,
  );
  assert.equal((await raw('GET', list, auth())).status, 200);
  assert.equal((await raw('GET', list, { ...auth(), host: `localhost:${host.port}` })).status, 200);
  // DNS rebinding: the attacker's name resolves to 127.0.0.1 but the Host header keeps the name.
  for (const h of [
    'evil.example:' + host.port,
    `127.0.0.1:${host.port + 1}`,
    '127.0.0.1',
    `attacker.127.0.0.1.nip.io:${host.port}`,
  ]) {
    const r = await raw('GET', '/health', { host: h });
    assert.equal(r.status, 403, h);
    assert.equal((JSON.parse(r.body) as { error: { code: string } }).error.code, 'FORBIDDEN');
  }
  for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${host.port + 1}`]) {
    assert.equal((await raw('GET', list, { ...auth(), origin })).status, 403, origin);
  }
  const own = await raw('GET', list, { ...auth(), origin: `http://127.0.0.1:${host.port}` });
  assert.equal(own.status, 200);
  assert.equal(own.headers['access-control-allow-origin'], `http://127.0.0.1:${host.port}`);
  assert.equal((await raw('GET', list, { ...auth(), 'sec-fetch-site': 'cross-site' })).status, 403);
  const pre = await raw('OPTIONS', list, { host: `127.0.0.1:${host.port}`, origin: 'https://evil.example' });
  assert.notEqual(pre.headers['access-control-allow-origin'], '*');
  assert.equal(pre.headers['access-control-allow-origin'], undefined);
  // Bodies a cross-site HTML form could send are refused before anything happens.
  for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
    const r = await raw('POST', list, { ...auth(), 'content-type': type }, 'paths=/etc/passwd');
    assert.equal(r.status, 415, type);
  }
  const before = (await api.listJobs()).total;
  await raw('GET', `${list}?status=queued`, auth());
  assert.equal((await api.listJobs()).total, before, 'GET has no side effects');
  // Uploads over the limit: 413, nothing kept.
  const big = Buffer.alloc(2_500_000, 1);
  const boundary = 'xxBOUNDARYxx';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.png"\r\n\r\n`),
    big,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r413 = await raw(
    'POST',
    list,
    { ...auth(), 'content-type': `multipart/form-data; boundary=${boundary}` },
    body,
  );
  assert.equal(r413.status, 413);
  assert.equal((await api.listJobs()).total, before);
  // Malformed JSON and unknown fields.
  assert.equal(
    (await raw('POST', list, { ...auth(), 'content-type': 'application/json' }, '{oops')).status,
    400,
  );
  assert.equal(
    (await raw('POST', list, { ...auth(), 'content-type': 'application/json' }, '{"paths":["relative.png"]}'))
      .status,
    422,
  );
  // The token file is the user's alone.
  assert.equal(statSync(host.paths.token).mode & 0o077, 0);
});

void test('events: SSE for all jobs and a WebSocket per job follow a job to completion', async () => {
  const sse = await fetch(`${host.url}/api/v1/events`, {
    headers: { authorization: `Bearer ${host.token}` },
  });
  assert.equal(sse.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const reader = sse.body!.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  const seen: JobEvent[] = [];
  const reading = (async () => {
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += new TextDecoder().decode(value);
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const chunk = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const data = /^data: (.*)$/m.exec(chunk)?.[1];
        if (data) seen.push(JSON.parse(data) as JobEvent);
      }
      if (seen.some((e) => e.type === 'job.completed')) return;
    }
  })();

  const job = await api.createJob([{ name: 'ws.png', data: new Blob([image]) }], {
    options: { outputs: ['txt'] },
  });
  const wsMessages: Array<{ type: string; job: { status: string } | null }> = [];
  await new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/v1/jobs/${job.id}/ws`, ['bearer', host.token]);
    ws.on('message', (m: Buffer) => wsMessages.push(JSON.parse(m.toString()) as (typeof wsMessages)[number]));
    ws.on('close', () => resolve());
    ws.on('error', reject);
  });
  assert.equal(wsMessages.at(-1)?.job?.status, 'completed');
  await reading;
  await reader.cancel();
  const types = seen.filter((e) => e.jobId === job.id).map((e) => e.type);
  assert.ok(
    types.includes('job.created') && types.includes('job.started') && types.includes('job.completed'),
    types.join(),
  );

  // A WebSocket without the token is refused.
  const refused = await new Promise<number>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/v1/jobs/${job.id}/ws`);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
  assert.equal(refused, 401);
});

void test('health, ready, info, metrics and an OpenAPI document generated from the schemas', async () => {
  const health = await api.health();
  assert.equal(health.status, 'ok');
  assert.equal(health.provider, 'cpu');
  const info = await api.info();
  assert.ok(info.supportedExtensions.includes('.png'));
  assert.ok(info.outputs.includes('pdf'));
  const metrics = await (
    await fetch(`${host.url}/metrics`, { headers: { authorization: `Bearer ${host.token}` } })
  ).text();
  assert.match(metrics, /^ocrdesk_jobs\{status="completed"\} \d+$/m);
  const doc = (await (
    await fetch(`${host.url}/api/v1/openapi.json`, { headers: { authorization: `Bearer ${host.token}` } })
  ).json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.paths['/api/v1/jobs']?.['post']?.requestBody);
  assert.ok(doc.paths['/api/v1/jobs/{id}/files/{file}/pages/{page}/corrections']?.['put']);
  assert.ok(doc.paths['/api/v1/hot-folders']?.['post']);
  assert.ok(doc.paths['/api/v1/webhooks/{id}/deliveries']?.['get']);
});
