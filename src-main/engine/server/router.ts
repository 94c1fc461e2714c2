// A route table that both dispatches requests and describes itself for the OpenAPI document.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { z } from 'zod';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext<D> {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  readonly deps: D;
}

export interface Reply {
  readonly status?: number;
  readonly json?: unknown;
  readonly body?: Uint8Array | string | Readable;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteSpec<D> {
  readonly method: Method;
  /** Path with `:name` parameters, below the API prefix unless `root` is set. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** No bearer token needed (only GET /health). */
  readonly public?: boolean;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** `multipart/form-data` upload instead of (or besides) a JSON body. */
  readonly multipart?: boolean;
  readonly response?: z.ZodType;
  /** Media type of a non-JSON response (downloads, images, streams). */
  readonly produces?: string;
  readonly status?: number;
  /** Handled by the server itself: the response is a stream that stays open (SSE). */
  readonly handler: (ctx: RouteContext<D>) => Promise<Reply | undefined> | Reply | undefined;
}

interface Compiled<D> {
  readonly spec: RouteSpec<D>;
  readonly pattern: RegExp;
  readonly names: string[];
  readonly fullPath: string;
}

export class Router<D> {
  private readonly routes: Array<Compiled<D>> = [];

  constructor(readonly prefix: string) {}

  add(spec: RouteSpec<D>, root = false): this {
    const fullPath = root ? spec.path : `${this.prefix}${spec.path}`;
    const names: string[] = [];
    const source = fullPath
      .split('/')
      .map((seg) => {
        if (seg.startsWith(':')) {
          names.push(seg.slice(1));
          return '([^/]+)';
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ spec, pattern: new RegExp(`^${source}$`), names, fullPath });
    return this;
  }

  /** The route for a request, or which methods the path allows (405) or nothing (404). */
  match(
    method: string,
    pathname: string,
  ): { spec: RouteSpec<D>; params: Record<string, string> } | { allowed: Method[] } | undefined {
    const allowed: Method[] = [];
    for (const r of this.routes) {
      const m = r.pattern.exec(pathname);
      if (!m) continue;
      if (r.spec.method !== method) {
        allowed.push(r.spec.method);
        continue;
      }
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => {
        params[n] = decodeURIComponent(m[i + 1]!);
      });
      return { spec: r.spec, params };
    }
    return allowed.length ? { allowed } : undefined;
  }

  all(): ReadonlyArray<{ spec: RouteSpec<D>; fullPath: string }> {
    return this.routes;
  }
}
