// API under load: a second process sends status and list requests at a fixed rate while OCR runs, and reports
// latency percentiles. usage: npm run bench:api -- [--rate 500] [--seconds 10]
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiClient } from '../../src-shared/api-client.ts';
import { startServe, textImage } from '../../e2e/fixtures.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '10' },
    idle: { type: 'boolean', default: false },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);

const dir = mkdtempSync(path.join(tmpdir(), 'ocrdesk-apiload-'));
const img = path.join(dir, 'page.png');
await textImage(img, 'Load test page with a few words\nwhile the API answers requests');
const serve = await startServe(path.join(dir, 'home'));
const api = new ApiClient(serve.url, serve.token);
// Keep the engine busy for the whole measurement: many pages queued.
const page = { name: 'page.png', data: new Blob([readFileSync(img)]) };
const busy = await api.createJob(
  Array.from({ length: 200 }, () => page),
  { options: { outputs: ['txt'] } },
);
for (let i = 0; i < 20; i++) await api.createJob([page], { options: { outputs: ['txt'] } });
await new Promise((r) => setTimeout(r, 1500));

const url = new URL(serve.url);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const paths = [`/api/v1/jobs/${busy.id}`, '/api/v1/jobs?limit=20', '/api/v1/jobs?status=queued&limit=50'];
const latencies: number[] = [];
let errors = 0;
const total = rate * seconds;
const start = performance.now();
await new Promise<void>((resolve) => {
  let sent = 0;
  let done = 0;
  const fire = (): void => {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (sent < Math.min(due, total)) {
      const t = performance.now();
      const p = paths[sent % paths.length]!;
      sent++;
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: p,
          agent,
          headers: { authorization: `Bearer ${serve.token}` },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) errors++;
            latencies.push(performance.now() - t);
            if (++done === total) resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        if (++done === total) resolve();
      });
      req.end();
    }
    if (sent < total) setTimeout(fire, 2);
  };
  fire();
});
const elapsed = (performance.now() - start) / 1000;
const job = await api.job(busy.id);
serve.child.kill('SIGTERM');
latencies.sort((a, b) => a - b);
const q = (p: number): string =>
  (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN).toFixed(1);
console.log(
  `# API load: ${total} requests at ${rate}/s for ${seconds} s (achieved ${(total / elapsed).toFixed(0)}/s) while OCR ran`,
);
console.log(
  `p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms, errors ${errors}; pages recognised meanwhile: ${job.pagesDone}`,
);
