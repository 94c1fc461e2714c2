// The GUI's event stream against a real HTTP server: the Authorization header, reconnect after the server drops
// the connection, and Last-Event-ID so the server can replay what was missed (no event lost, none twice).
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { JobEvent } from '../../src-shared/api-schemas.ts';
import { openEventStream, type StreamState } from './event-stream.ts';

function event(id: number): JobEvent {
  return {
    id,
    type: 'job.progress',
    jobId: `job-${id}`,
    at: new Date(0).toISOString(),
    job: null,
  };
}

void test('reconnects with Last-Event-ID after a drop and gets only what it missed', async () => {
  const seen: Array<{ auth: string | undefined; last: string | undefined }> = [];
  const log = [1, 2, 3, 4, 5].map(event);
  let connections = 0;
  const server = createServer((req, res: ServerResponse) => {
    connections++;
    seen.push({ auth: req.headers.authorization, last: req.headers['last-event-id'] as string | undefined });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(': hello\nretry: 20\n\n');
    const from = Number(req.headers['last-event-id'] ?? 0);
    // First connection: two events, then the server goes away mid-stream; later ones replay from Last-Event-ID.
    const batch = connections === 1 ? log.slice(0, 2) : log.filter((e) => e.id > from);
    for (const e of batch) res.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
    if (connections === 1) setTimeout(() => res.destroy(), 30);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const got: number[] = [];
  const states: StreamState[] = [];
  let connected = 0;
  const stream = openEventStream({
    baseUrl: url,
    token: 'tok-123',
    onEvent: (e) => got.push(e.id),
    onState: (s) => states.push(s),
    onConnected: () => connected++,
  });
  const deadline = Date.now() + 5000;
  while (got.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  stream.close();
  server.closeAllConnections();
  server.close();
  assert.deepEqual(got, [1, 2, 3, 4, 5]);
  assert.equal(seen[0]?.auth, 'Bearer tok-123');
  assert.equal(seen[0]?.last, undefined);
  assert.equal(seen[1]?.last, '2', 'the reconnect names the last event it saw');
  assert.ok(states.includes('reconnecting') && states.includes('live'));
  assert.ok(connected >= 2, 'each (re)connect asks the queue to reload its list');
});

void test('data that is not a job event is ignored, not thrown', async () => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(`data: not json\n\ndata: {"id":1}\n\nid: 9\ndata: ${JSON.stringify(event(9))}\n\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const got: number[] = [];
  const stream = openEventStream({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token: 't',
    onEvent: (e) => got.push(e.id),
    onState: () => undefined,
  });
  const deadline = Date.now() + 3000;
  while (got.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  stream.close();
  server.closeAllConnections();
  server.close();
  assert.deepEqual(got, [9]);
});
