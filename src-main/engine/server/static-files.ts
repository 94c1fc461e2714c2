// Browser mode: the built GUI (dist/renderer) at `/`, through the API server's `fallback` hook, so the Host and
// Origin guards run first. No token (the page must load before it can log in), paths contained in the folder,
// a strict CSP, and index.html for client-side routes.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { API_PREFIX } from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';

/** Where `npm run build:gui` writes the GUI (src-renderer/vite.config.ts). */
export const DEFAULT_GUI_DIR = path.resolve(import.meta.dirname, '../../../dist/renderer');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Scripts and styles only from files we serve, API calls only to ourselves, images also from blob:/data: (page
 * images fetched with the token become blob URLs). Inline style attributes set through the DOM (React's `style`)
 * are not affected by style-src; <style> elements and style="" in HTML are.
 */
export const GUI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

export function staticGui(
  root: string = DEFAULT_GUI_DIR,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const base = path.resolve(root);
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const rawPath = (req.url ?? '/').split('?')[0]!.split('#')[0]!;
    if (rawPath === API_PREFIX || rawPath.startsWith(`${API_PREFIX}/`)) return false;
    const rel = safeRelativePath(rawPath);
    const index = path.join(base, 'index.html');
    if (!(await isFile(index))) {
      sendHtml(req, res, 503, missingBuildPage(base));
      return true;
    }
    let file = rel === '' ? index : path.join(base, rel);
    if (!file.startsWith(base + path.sep) || !(await isFile(file))) {
      // Client-side routes get the app; a missing asset (has an extension) stays a 404.
      if (path.extname(rel) !== '') return false;
      file = index;
    }
    const body = await readFile(file);
    const ext = path.extname(file).toLowerCase();
    const immutable = rel.startsWith('assets/');
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      'content-length': String(body.length),
      'content-security-policy': GUI_CSP,
      // Vite puts a content hash in every asset name; index.html must be revalidated to see a new build.
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}

/** The request path as a relative path inside the GUI folder; refuses `..`, NUL and backslashes outright. */
export function safeRelativePath(rawPath: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    throw new OcrDeskError('INVALID_ARGUMENT', 'malformed percent-encoding in the path');
  }
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..' || s.includes('\0') || s.includes('\\') || /^[a-zA-Z]:/.test(s))) {
    throw new OcrDeskError('FORBIDDEN', 'path escapes the GUI folder', { path: rawPath });
  }
  return segments.join('/');
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

function sendHtml(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  page: { html: string; css: string },
): void {
  // The page's one <style> is allowed by its hash, so the CSP stays strict here too.
  const cssHash = createHash('sha256').update(page.css).digest('base64');
  const body = Buffer.from(page.html);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(body.length),
    'content-security-policy': GUI_CSP.replace("style-src 'self'", `style-src 'self' 'sha256-${cssHash}'`),
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function missingBuildPage(dir: string): { html: string; css: string } {
  const css =
    'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2937}code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}';
  const escaped = dir.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>OCR Desk: GUI not built</title><style>${css}</style></head><body><h1>The OCR Desk GUI is not built</h1><p>The engine and its API are running, but there is no GUI in <code>${escaped}</code>.</p><p>Build it once with <code>npm run build:gui</code>, then reload this page.</p><p>The REST API is at <code>${API_PREFIX}</code> (see <code>${API_PREFIX}/openapi.json</code>).</p></body></html>`;
  return { html, css };
}
