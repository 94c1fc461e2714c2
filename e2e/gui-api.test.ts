// Browser mode's server side with a real engine host: one-time login tickets (POST /session), fresh login links,
// the guards still in front of them, the GUI's static files (CSP, types, SPA fallback, no path escape), and
// export metadata on re-export.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { unzipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { ApiClient } from '../src-shared/api-client.ts';
import { EngineHost } from '../src-main/engine/engine-host.ts';
import { staticGui } from '../src-main/engine/server/static-files.ts';
import { textImage } from './fixtures.ts';
import { rawRequest } from './raw-request.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-gui-api-'));
const gui = path.join(dir, 'gui');
const SECRET = 'do-not-serve-this-secret';
let host: EngineHost;
let api: ApiClient;

before(async () => {
  mkdirSync(path.join(gui, 'assets'), { recursive: true });
  writeFileSync(path.join(gui, 'index.html'), '<!doctype html><title>OCR Desk</title><div id="root"></div>');
  writeFileSync(path.join(gui, 'assets/app-1234.js'), 'console.log("app")');
  writeFileSync(path.join(gui, 'assets/app-1234.css'), 'body{}');
  // Beside the GUI folder, where a `..` escape would land.
  writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  writeFileSync(path.join(dir, 'gui-secret.txt'), SECRET);
  host = await EngineHost.start({
    home: path.join(dir, 'home'),
    port: 0,
    engine: { provider: 'cpu' },
    fallback: staticGui(gui),
  });
  api = new ApiClient(host.url, host.token);
});
after(async () => host?.close());

const raw = (method: string, pathname: string, headers: Record<string, string> = {}, body?: string) =>
  rawRequest(host.port, method, pathname, { host: `127.0.0.1:${host.port}`, ...headers }, body);

const session = (ticket: string, headers: Record<string, string> = {}) =>
  raw(
    'POST',
    '/api/v1/session',
    { 'content-type': 'application/json', ...headers },
    JSON.stringify({ ticket }),
  );
const ticketOf = (url: string): string => new URL(url).hash.replace(/^#login=/, '');

void test('a login ticket is traded for the token exactly once; wrong tickets get 401', async () => {
  const link = host.loginLink();
  assert.match(link.url, new RegExp(`^${host.url}/#login=[\\w-]{43}$`));
  const ticket = ticketOf(link.url);
  const first = await session(ticket);
  assert.equal(first.status, 200, first.body);
  assert.equal((JSON.parse(first.body) as { token: string }).token, host.token);
  assert.equal(first.headers['cache-control'], 'no-store');
  const again = await session(ticket);
  assert.equal(again.status, 401);
  assert.equal((JSON.parse(again.body) as { error: { code: string } }).error.code, 'UNAUTHORIZED');
  assert.equal((await session('not-a-ticket')).status, 401);
  assert.equal((await session('')).status, 422, 'an empty ticket is a validation error');
  // Through the typed client, as the page does.
  const t2 = ticketOf(host.loginLink().url);
  assert.deepEqual(await ApiClient.login(host.url, t2), { token: host.token });
  await assert.rejects(ApiClient.login(host.url, t2), { code: 'UNAUTHORIZED' });
});

void test('the Host and Origin guards run before the session route, and a refused request burns nothing', async () => {
  const ticket = ticketOf(host.loginLink().url);
  const evilHost = await session(ticket, { host: `evil.example:${host.port}` });
  assert.equal(evilHost.status, 403);
  const evilOrigin = await session(ticket, { origin: 'https://evil.example' });
  assert.equal(evilOrigin.status, 403);
  assert.equal((await session(ticket, { origin: 'null' })).status, 403);
  assert.equal((await session(ticket, { 'sec-fetch-site': 'cross-site' })).status, 403);
  // A form post (text/plain) is refused before the body is read.
  assert.equal(
    (await raw('POST', '/api/v1/session', { 'content-type': 'text/plain' }, JSON.stringify({ ticket })))
      .status,
    415,
  );
  const ok = await session(ticket, { origin: `http://127.0.0.1:${host.port}` });
  assert.equal(ok.status, 200, 'the ticket survived the refused attempts');
  assert.equal(ok.headers['access-control-allow-origin'], `http://127.0.0.1:${host.port}`);
});

void test('a fresh login link needs the token; the link it gives works once', async () => {
  assert.equal((await raw('POST', '/api/v1/session/login-link')).status, 401);
  const link = await api.createLoginLink();
  assert.ok(Date.parse(link.expiresAt) > Date.now());
  const url = new URL(link.url);
  assert.equal(url.origin, host.url);
  assert.equal(url.search, '', 'nothing secret in the query, which servers and proxies log');
  assert.equal((await session(ticketOf(link.url))).status, 200);
  assert.equal((await session(ticketOf(link.url))).status, 401);
});

void test('static GUI: no token, content types, CSP, SPA fallback, 404 for missing assets', async () => {
  const index = await raw('GET', '/');
  assert.equal(index.status, 200);
  assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(index.body, /<div id="root">/);
  const csp = String(index.headers['content-security-policy']);
  for (const d of [
    "default-src 'self'",
    "connect-src 'self'",
    "img-src 'self' blob: data:",
    "script-src 'self'",
  ])
    assert.ok(csp.includes(d), `${d} in ${csp}`);
  assert.doesNotMatch(csp, /unsafe-eval|\*/);
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  assert.equal(index.headers['cache-control'], 'no-cache');
  const js = await raw('GET', '/assets/app-1234.js');
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.match(String(js.headers['cache-control']), /immutable/);
  assert.equal((await raw('GET', '/assets/app-1234.css')).headers['content-type'], 'text/css; charset=utf-8');
  const route = await raw('GET', '/jobs/abc?x=1');
  assert.equal(route.status, 200);
  assert.match(route.body, /<div id="root">/, 'client-side routes get the app');
  assert.equal((await raw('GET', '/assets/missing.js')).status, 404);
  assert.equal((await raw('HEAD', '/')).body, '');
  // API paths are never answered by the GUI: an unknown API route stays a JSON 404.
  const api404 = await raw('GET', '/api/v1/nope', { authorization: `Bearer ${host.token}` });
  assert.equal(api404.status, 404);
  assert.match(String(api404.headers['content-type']), /application\/json/);
  assert.equal((await raw('POST', '/')).status, 404, 'static files are GET/HEAD only');
  assert.equal((await raw('GET', '/', { host: `evil.example:${host.port}` })).status, 403, 'Host guard');
});

void test('static GUI: path traversal in every spelling is refused', async () => {
  for (const p of [
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/../gui-secret.txt',
    '/%2e%2e%2fgui-secret.txt',
    '/index.html%00.js',
    '/%E0%A4%A',
  ]) {
    const r = await raw('GET', p);
    assert.ok(!r.body.includes(SECRET), `${p} leaked the file beside the GUI folder`);
    assert.ok(
      r.status === 403 || r.status === 400 || r.status === 404 || r.body.includes('id="root"'),
      `${p}: ${r.status}`,
    );
  }
  // Raw escapes (not normalised by the URL parser) are refused outright, not mapped to the app.
  assert.equal((await raw('GET', '/..%2fsecret.txt')).status, 403);
  assert.equal((await raw('GET', '/assets/..%2f..%2fsecret.txt')).status, 403);
});

void test('without a built GUI, / answers a page that says how to build it', async () => {
  const handler = staticGui(path.join(dir, 'not-built'));
  const server = createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const res = await fetch(`http://127.0.0.1:${port}/`);
  const body = await res.text();
  server.close();
  assert.equal(res.status, 503);
  assert.match(body, /npm run build:gui/);
  assert.match(String(res.headers.get('content-security-policy')), /style-src 'self' 'sha256-/);
});

void test('re-export takes the PDF/A level and metadata; the files carry them', async () => {
  await textImage(path.join(dir, 'report.png'), 'Quarterly report\nRevenue grew');
  const created = await api.createJob(
    [{ name: 'report.png', data: new Blob([readFileSync(path.join(dir, 'report.png'))]) }],
    {
      options: { outputs: ['txt'] },
    },
  );
  const job = await api.waitForJob(created.id, undefined, 200);
  assert.equal(job.status, 'completed', JSON.stringify(job.error));
  const meta = {
    title: 'Quarterly Report Q3',
    author: 'A. Tester',
    subject: 'Finance',
    keywords: 'revenue, q3',
  };
  const out = await api.exportArtifacts(job.id, ['pdf', 'docx'], { ...meta, pdfa: 'none' });
  const pdfArtifact = out.artifacts.find((a) => a.format === 'pdf');
  assert.equal(pdfArtifact?.pdfa, null, "pdfa 'none' writes a plain PDF");
  const pdf = await PDFDocument.load(await api.download(job.id, 'pdf'), { updateMetadata: false });
  assert.equal(pdf.getTitle(), meta.title);
  assert.equal(pdf.getAuthor(), meta.author);
  assert.equal(pdf.getSubject(), meta.subject);
  const core = new TextDecoder().decode(unzipSync(await api.download(job.id, 'docx'))['docProps/core.xml']);
  assert.match(core, /Quarterly Report Q3/);
  assert.match(core, /A\. Tester/);
  // The job's own options are unchanged: the metadata belongs to this export.
  assert.equal((await api.job(job.id)).options.title, undefined);
  const again = await api.exportArtifacts(job.id, ['pdf'], { pdfa: '2b' });
  assert.equal(again.artifacts.find((a) => a.format === 'pdf')?.pdfa, '2b');
  // Unknown fields stay refused: the body is strict.
  const bad = await raw(
    'POST',
    `/api/v1/jobs/${job.id}/artifacts`,
    { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    JSON.stringify({ formats: ['txt'], options: { dpi: 300 } }),
  );
  assert.equal(bad.status, 422);
  const doc = (await (
    await fetch(`${host.url}/api/v1/openapi.json`, { headers: { authorization: `Bearer ${host.token}` } })
  ).json()) as { paths: Record<string, Record<string, { security?: unknown[]; requestBody?: unknown }>> };
  assert.deepEqual(doc.paths['/api/v1/session']?.['post']?.security, []);
  assert.ok(doc.paths['/api/v1/session/login-link']?.['post']);
  assert.match(JSON.stringify(doc.paths['/api/v1/jobs/{id}/artifacts']?.['post']?.requestBody), /"author"/);
  const info = await api.info();
  assert.equal(info.providers.requested, 'cpu');
  assert.equal(info.dataDir, path.join(dir, 'home'));
});
