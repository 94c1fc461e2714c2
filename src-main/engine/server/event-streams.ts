// Live job events: Server-Sent Events for all jobs, a WebSocket per job.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { JobEvent } from '../../../src-shared/api-schemas.ts';
import type { ApiDeps } from './api-deps.ts';
import type { RouteContext } from './router.ts';

const HEARTBEAT_MS = 15_000;
const FINAL = new Set(['completed', 'failed', 'canceled']);

export function streamEvents({ req, res, url, deps }: RouteContext<ApiDeps>): void {
  const jobId = url.searchParams.get('jobId');
  const last = Number(req.headers['last-event-id'] ?? url.searchParams.get('lastEventId') ?? NaN);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const send = (e: JobEvent): void => {
    if (jobId && e.jobId !== jobId) return;
    res.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
  };
  res.write(': connected\nretry: 2000\n\n');
  if (Number.isFinite(last)) for (const e of deps.bus.since(last)) send(e);
  const unsubscribe = deps.bus.subscribe(send);
  const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const end = (): void => {
    clearInterval(beat);
    unsubscribe();
  };
  req.on('close', end);
  res.on('error', end);
}

/** Upgrades `/jobs/:id/ws` (after the caller's Host, Origin and token checks): sends the job now, then each change. */
export function createJobSocketServer(deps: ApiDeps): {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, jobId: string): void;
  close(): void;
} {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    // Echo the "bearer" marker so browsers that offered it accept the connection.
    handleProtocols: (protocols) => (protocols.has('bearer') ? 'bearer' : false),
  });
  return {
    upgrade(req, socket, head, jobId) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        const sendJob = (type: string): void => {
          if (!deps.store.jobs.exists(jobId)) {
            ws.send(JSON.stringify({ type: 'job.deleted', jobId, job: null }));
            ws.close(1000, 'deleted');
            return;
          }
          const job = deps.store.jobs.get(jobId);
          ws.send(JSON.stringify({ type, jobId, job }));
          if (FINAL.has(job.status)) ws.close(1000, job.status);
        };
        const unsubscribe = deps.bus.subscribe((e) => {
          if (e.jobId === jobId && ws.readyState === ws.OPEN) sendJob(e.type);
        });
        ws.on('close', unsubscribe);
        sendJob('job.snapshot');
      });
    },
    close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  };
}
