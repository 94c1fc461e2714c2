// OpenAPI 3.1 from the route table: the same zod schemas the server validates with, so the document cannot drift.
import { z } from 'zod';
import { ErrorBodySchema } from '../../../src-shared/api-schemas.ts';
import { VERSION } from '../version.ts';
import type { ApiDeps } from './api-deps.ts';
import type { Router } from './router.ts';

type Json = Record<string, unknown>;

function schema(s: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

let cached: Json | undefined;

export function openApiDocument(router: Router<ApiDeps>): Json {
  if (cached) return cached;
  const paths: Record<string, Record<string, Json>> = {};
  const errorResponse = {
    description: 'Error',
    content: { 'application/json': { schema: schema(ErrorBodySchema, 'output') } },
  };
  for (const { spec, fullPath } of router.all()) {
    const oaPath = fullPath.replace(/:(\w+)/g, '{$1}');
    const parameters: Json[] = [...fullPath.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (spec.query) {
      const q = schema(spec.query, 'input') as { properties?: Record<string, Json> };
      for (const [name, s] of Object.entries(q.properties ?? {}))
        parameters.push({ name, in: 'query', schema: s });
    }
    const op: Json = {
      summary: spec.summary,
      tags: [spec.tag],
      operationId: `${spec.method.toLowerCase()}${oaPath.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      ...(spec.public ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
    };
    const content: Json = {};
    if (spec.body) content['application/json'] = { schema: schema(spec.body, 'input') };
    if (spec.multipart) {
      content['multipart/form-data'] = {
        schema: {
          type: 'object',
          properties: {
            file: { type: 'array', items: { type: 'string', format: 'binary' } },
            meta: { type: 'string', description: 'JSON of the same shape as the application/json body' },
          },
        },
      };
    }
    if (Object.keys(content).length) op['requestBody'] = { required: true, content };
    const ok = String(spec.status ?? 200);
    op['responses'] = {
      [ok]: spec.response
        ? { description: 'OK', content: { 'application/json': { schema: schema(spec.response, 'output') } } }
        : { description: 'OK', ...(spec.produces ? { content: { [spec.produces]: {} } } : {}) },
      default: errorResponse,
    };
    (paths[oaPath] ??= {})[spec.method.toLowerCase()] = op;
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'OCR Desk API',
      version: VERSION,
      description:
        'Local OCR jobs. Listens on 127.0.0.1 only; every call but GET /health needs the bearer token.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
  return cached;
}
