// The one HTTP server: loopback only, every request through the guard, one error shape for every failure.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { API_PREFIX } from '../../../src-shared/api-schemas.ts';
import { ERROR_CODES, isOcrDeskError, OcrDeskError, toErrorBody } from '../../../src-shared/errors.ts';
import type { ApiDeps } from './api-deps.ts';
import { createJobSocketServer } from './event-streams.ts';
import { checkBodyType, checkHost, checkOrigin, checkToken, ownOrigins } from './request-guard.ts';
import { type Reply, Router } from './router.ts';
import { addJobRoutes } from './routes-jobs.ts';
import { addSessionRoutes } from './routes-session.ts';
import { addSettingsRoutes } from './routes-settings.ts';
import { addSystemRoutes } from './routes-system.ts';

export interface ApiServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly token: string;
  /** Browser origins allowed besides our own (empty by default). */
  readonly allowedOrigins?: readonly string[];
  /** Extra handler for paths outside the API (the GUI's static files in browser mode). */
  readonly fallback?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

export interface ApiServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export function buildRouter(): Router<ApiDeps> {
  const router = new Router<ApiDeps>(API_PREFIX);
  addSystemRoutes(router);
  addJobRoutes(router);
  addSettingsRoutes(router);
  addSessionRoutes(router);
  return router;
}

const WS_PATH = new RegExp(`^${API_PREFIX}/jobs/([^/]+)/ws$`);

export async function startApiServer(deps: ApiDeps, options: ApiServerOptions): Promise<ApiServer> {
  const router = buildRouter();
  let port = options.port;
  const guard = { port: () => port, token: options.token, allowedOrigins: options.allowedOrigins ?? [] };
  const sockets = createJobSocketServer(deps);

  const count = (route: string, status: number): void => {
    const key = `route="${route}",status="${status}"`;
    deps.metrics.requests.set(key, (deps.metrics.requests.get(key) ?? 0) + 1);
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let route = 'unmatched';
    try {
      checkHost(req, port);
      checkOrigin(req, guard);
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (req.method === 'OPTIONS') {
        preflight(req, res, [...ownOrigins(port), ...guard.allowedOrigins]);
        return;
      }
      const found = router.match(req.method ?? 'GET', url.pathname);
      if (!found) {
        if (options.fallback && (await options.fallback(req, res))) return;
        throw new OcrDeskError('NOT_FOUND', `no route ${req.method} ${url.pathname}`);
      }
      if ('allowed' in found) {
        res.setHeader('allow', found.allowed.join(', '));
        throw new OcrDeskError(
          'INVALID_ARGUMENT',
          `${req.method} is not allowed here (${found.allowed.join(', ')})`,
          {
            status: 405,
          },
        );
      }
      route = `${found.spec.method} ${found.spec.path}`;
      if (!found.spec.public) checkToken(req, options.token);
      checkBodyType(req);
      const reply = await found.spec.handler({ req, res, url, params: found.params, deps });
      if (reply) send(res, reply, req.headers.origin);
      count(route, res.statusCode);
    } catch (e) {
      if (!isOcrDeskError(e)) console.error(`${req.method} ${req.url}:`, e);
      const body = toErrorBody(e);
      const status =
        isOcrDeskError(e) && e.details['status'] === 405 ? 405 : ERROR_CODES[body.error.code].status;
      count(route, status);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // Drain what the client is still sending, so it reads our answer instead of a reset connection.
      req.resume();
      const retryAfter = body.error.details['retryAfterSeconds'];
      res.writeHead(status, {
        'content-type': 'application/json',
        connection: status === 413 ? 'close' : 'keep-alive',
        // 429: when to come back (RFC 9110 §10.2.3), from the queue's pace or the rate window.
        ...(typeof retryAfter === 'number' && { 'retry-after': String(retryAfter) }),
      });
      res.end(JSON.stringify(body));
    }
  }

  server.on('upgrade', (req, socket, head) => {
    try {
      checkHost(req, port);
      checkOrigin(req, guard);
      checkToken(req, options.token);
      const m = WS_PATH.exec(new URL(req.url ?? '/', 'http://x').pathname);
      if (!m) throw new OcrDeskError('NOT_FOUND', 'no WebSocket here');
      const jobId = decodeURIComponent(m[1]!);
      deps.store.jobs.get(jobId);
      sockets.upgrade(req, socket, head, jobId);
    } catch (e) {
      const body = toErrorBody(e);
      const status = ERROR_CODES[body.error.code].status;
      const text = JSON.stringify(body);
      socket.end(
        `HTTP/1.1 ${status} Error\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
      );
    }
  });

  // Slow-loris and stuck clients: generous for uploads, bounded all the same.
  server.requestTimeout = 30 * 60_000;
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new OcrDeskError('CONFLICT', `port ${options.port} is in use (try --port 0 for a free one)`, {
              port: options.port,
            })
          : e,
      ),
    );
    // Loopback only: never 0.0.0.0, whatever the configuration says.
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function preflight(req: IncomingMessage, res: ServerResponse, allowed: string[]): void {
  const origin = req.headers.origin;
  if (origin && allowed.includes(origin)) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
    res.setHeader('access-control-allow-headers', 'authorization, content-type, last-event-id');
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(204);
  res.end();
}

function send(res: ServerResponse, reply: Reply, origin: string | undefined): void {
  // Origins that reached here passed the allow-list; echo them (never '*').
  if (origin) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
  }
  res.setHeader('x-content-type-options', 'nosniff');
  for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
  const status = reply.status ?? 200;
  if (reply.json !== undefined) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(reply.json));
  } else if (reply.body instanceof Readable) {
    res.writeHead(status);
    reply.body.pipe(res);
    reply.body.on('error', () => res.destroy());
  } else {
    res.writeHead(status);
    res.end(reply.body);
  }
}
