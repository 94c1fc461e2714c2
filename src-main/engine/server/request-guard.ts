// Who may talk to the API: loopback Host names with our port (DNS rebinding), no foreign Origin (CSRF from web
// pages), no cross-site fetches, no bodies a plain HTML form can send, and the bearer token.
import type { IncomingMessage } from 'node:http';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { tokensEqual } from '../config/api-token.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface GuardConfig {
  readonly port: () => number;
  readonly token: string;
  /** Origins allowed to call the API from a browser (the GUI's own origin is always allowed). */
  readonly allowedOrigins: readonly string[];
}

export function checkHost(req: IncomingMessage, port: number): void {
  const host = (req.headers.host ?? '').toLowerCase();
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (!m || !LOOPBACK_HOSTS.has(m[1]!) || Number(m[2] ?? 80) !== port) {
    throw new OcrDeskError(
      'FORBIDDEN',
      'Host header must be 127.0.0.1, localhost or [::1] with the API port',
      {
        host,
      },
    );
  }
}

export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
}

export function checkOrigin(req: IncomingMessage, cfg: GuardConfig): void {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const allowed = [...ownOrigins(cfg.port()), ...cfg.allowedOrigins];
    if (origin === 'null' || !allowed.includes(origin)) {
      throw new OcrDeskError('FORBIDDEN', `Origin ${origin} is not allowed`, { origin });
    }
  }
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') throw new OcrDeskError('FORBIDDEN', 'cross-site requests are refused', { site });
}

/** Bodies an HTML form or a "simple" fetch can send without a preflight are refused: only JSON, multipart and raw bytes. */
export function checkBodyType(req: IncomingMessage): void {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
  const length = Number(req.headers['content-length'] ?? 0);
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (length === 0 && !chunked) return;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type === 'application/octet-stream') return;
  if (type === 'multipart/form-data') {
    // A cross-site form can post multipart too; it cannot set Authorization, which every such route needs.
    return;
  }
  throw new OcrDeskError(
    'UNSUPPORTED_MEDIA_TYPE',
    `request bodies must be application/json or multipart/form-data`,
    {
      contentType: type,
    },
  );
}

export function checkToken(req: IncomingMessage, token: string): void {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  // Browsers cannot set headers on a WebSocket: there the token rides in the subprotocol list ("bearer, <token>").
  const given = m?.[1] ?? webSocketToken(req);
  if (!given || !tokensEqual(given, token)) {
    throw new OcrDeskError('UNAUTHORIZED', 'missing or wrong bearer token (see `ocrdesk token`)');
  }
}

function webSocketToken(req: IncomingMessage): string | undefined {
  if (req.headers.upgrade?.toLowerCase() !== 'websocket') return undefined;
  const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const i = protocols.indexOf('bearer');
  return i >= 0 ? protocols[i + 1] : undefined;
}
