// Webhooks: signed with HMAC-SHA256; a failing receiver is retried with backoff, and every attempt is logged.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ApiClient } from '../src-shared/api-client.ts';
import type { JobEvent } from '../src-shared/api-schemas.ts';
import { EngineHost } from '../src-main/engine/engine-host.ts';
import { textImage } from './fixtures.ts';

void test('a failing webhook receiver is retried until it accepts; signatures verify; the log shows each try', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-hook-'));
  const received: Array<{ body: string; signature: string; event: string }> = [];
  let failuresLeft = 2;
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({
        body,
        signature: String(req.headers['x-ocrdesk-signature']),
        event: String(req.headers['x-ocrdesk-event']),
      });
      res.writeHead(failuresLeft-- > 0 ? 500 : 204);
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const port = (receiver.address() as AddressInfo).port;
  const host = await EngineHost.start({
    home: path.join(dir, 'home'),
    port: 0,
    engine: { provider: 'cpu' },
    webhookRetryBaseMs: 200,
  });
  try {
    const api = new ApiClient(host.url, host.token);
    const hook = await api.createWebhook({
      name: 'receiver',
      url: `http://127.0.0.1:${port}/hook`,
      events: ['job.completed'],
    });
    assert.ok(hook.secret.length >= 16);
    assert.equal(hook.name, 'receiver');
    // Without a list, a webhook gets every state change but not the per-page job.progress.
    const quiet = await api.createWebhook({ url: `http://127.0.0.1:${port}/quiet`, enabled: false });
    assert.ok(!quiet.events.includes('job.progress') && quiet.events.includes('job.failed'));
    await api.deleteWebhook(quiet.id);
    assert.equal(
      (await api.webhooks()).webhooks.some((w) => 'secret' in w),
      false,
      'the secret is shown only at creation',
    );
    await textImage(path.join(dir, 'a.png'), 'Webhook test page');
    const job = await api.createJob(
      [{ name: 'a.png', data: new Blob([readFileSync(path.join(dir, 'a.png'))]) }],
      {
        options: { outputs: ['txt'] },
      },
    );
    await api.waitForJob(job.id);
    const end = Date.now() + 20_000;
    let log = (await api.deliveries(hook.id)).deliveries;
    while (log[0]?.status !== 'delivered' && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      log = (await api.deliveries(hook.id)).deliveries;
    }
    assert.equal(log.length, 1);
    assert.equal(log[0]!.status, 'delivered');
    assert.equal(log[0]!.attempts, 3);
    assert.equal(log[0]!.responseStatus, 204);
    assert.equal(received.length, 3);
    for (const r of received) {
      const expected = `sha256=${createHmac('sha256', hook.secret).update(r.body).digest('hex')}`;
      assert.equal(r.signature, expected);
      assert.equal(r.event, 'job.completed');
      const event = JSON.parse(r.body) as JobEvent;
      assert.equal(event.type, 'job.completed');
      assert.equal(event.job?.id, job.id);
    }
  } finally {
    await host.close();
    receiver.close();
  }
});
