// Health, readiness, metrics, info, the OpenAPI document and the event stream.
import { HealthSchema, InfoSchema, OUTPUT_FORMATS } from '../../../src-shared/api-schemas.ts';
import { SUPPORTED_INPUTS } from '../../../src-shared/media-types.ts';
import { DEFAULT_MAX_PIXELS } from '../documents/image-loader.ts';
import { UNDECODABLE_MEDIA_TYPES } from '../queue/job-service.ts';
import type { HistogramSnapshot } from '../queue/page-histogram.ts';
import type { ApiDeps } from './api-deps.ts';
import { streamEvents } from './event-streams.ts';
import { openApiDocument } from './openapi.ts';
import type { Router } from './router.ts';

const GPU_PROVIDERS = new Set(['cuda', 'dml', 'coreml']);

function histogramLines(h: HistogramSnapshot | undefined): string[] {
  if (!h) return [];
  return [
    '# HELP ocrdesk_page_seconds Seconds to read and recognise one page.',
    '# TYPE ocrdesk_page_seconds histogram',
    ...h.buckets.map(([le, n]) => `ocrdesk_page_seconds_bucket{le="${le}"} ${n}`),
    `ocrdesk_page_seconds_bucket{le="+Inf"} ${h.count}`,
    `ocrdesk_page_seconds_sum ${Math.round(h.sum * 1000) / 1000}`,
    `ocrdesk_page_seconds_count ${h.count}`,
  ];
}

export function addSystemRoutes(r: Router<ApiDeps>): void {
  r.add(
    {
      method: 'GET',
      path: '/health',
      tag: 'system',
      public: true,
      summary: 'Liveness, version and the execution provider in use. No token needed.',
      response: HealthSchema,
      handler: ({ deps }) => {
        const info = deps.engineInfo();
        return {
          json: {
            status: info ? 'ok' : 'starting',
            version: deps.version,
            provider: info?.provider ?? null,
            // onnxruntime lists providers it was built with, not ones that load here: only a loaded one counts.
            gpuAvailable: info !== undefined && GPU_PROVIDERS.has(info.provider),
          },
        };
      },
    },
    true,
  );
  r.add(
    {
      method: 'GET',
      path: '/ready',
      tag: 'system',
      summary: ' 200 once models are loaded and the queue runs; 503 before.',
      handler: ({ deps }) => {
        const ready = deps.engineInfo() !== undefined;
        return { status: ready ? 200 : 503, json: { ready } };
      },
    },
    true,
  );
  r.add(
    {
      method: 'GET',
      path: '/metrics',
      tag: 'system',
      summary: 'Prometheus text: jobs by status, pages processed, requests by route.',
      produces: 'text/plain; version=0.0.4',
      handler: ({ deps }) => {
        const counts = deps.store.jobs.counts();
        const lines = [
          '# HELP ocrdesk_jobs Jobs by status.',
          '# TYPE ocrdesk_jobs gauge',
          ...Object.entries(counts).map(([s, n]) => `ocrdesk_jobs{status="${s}"} ${n}`),
          '# HELP ocrdesk_pages_processed_total Pages recognised since start.',
          '# TYPE ocrdesk_pages_processed_total counter',
          `ocrdesk_pages_processed_total ${deps.metrics.pagesProcessed()}`,
          ...histogramLines(deps.metrics.pageSeconds?.()),
          '# HELP ocrdesk_http_requests_total Requests by route and status.',
          '# TYPE ocrdesk_http_requests_total counter',
          ...[...deps.metrics.requests].map(([k, n]) => `ocrdesk_http_requests_total{${k}} ${n}`),
          '# HELP ocrdesk_process_resident_memory_bytes Resident set size.',
          '# TYPE ocrdesk_process_resident_memory_bytes gauge',
          `ocrdesk_process_resident_memory_bytes ${process.memoryUsage.rss()}`,
        ];
        return { body: `${lines.join('\n')}\n`, headers: { 'content-type': 'text/plain; version=0.0.4' } };
      },
    },
    true,
  );
  r.add({
    method: 'GET',
    path: '/info',
    tag: 'system',
    summary: 'Version, model pack and languages, providers, supported extensions, outputs, limits, queue.',
    response: InfoSchema,
    handler: ({ deps }) => {
      const info = deps.engineInfo();
      const counts = deps.store.jobs.counts();
      return {
        json: {
          version: deps.version,
          modelPack: {
            name: info?.modelPack.name ?? 'loading',
            languages: [...(info?.modelPack.languages ?? [])],
          },
          providers: {
            available: [...deps.providersAvailable()],
            inUse: info?.provider ?? null,
            ...(deps.providerRequested !== undefined && { requested: deps.providerRequested }),
          },
          // Recognised but not decodable yet (BMP): refused at upload, so not offered here.
          supportedExtensions: [
            ...Object.entries(SUPPORTED_INPUTS).flatMap(([type, exts]) =>
              UNDECODABLE_MEDIA_TYPES.has(type) ? [] : exts,
            ),
            '.pdf',
          ],
          outputs: [...OUTPUT_FORMATS],
          limits: {
            maxUploadBytes: deps.limits.maxBytes,
            maxFilesPerJob: deps.limits.maxFiles,
            maxPagePixels: DEFAULT_MAX_PIXELS,
          },
          queue: { queued: counts.queued, processing: counts.processing },
          dataDir: deps.paths.root,
        },
      };
    },
  });
  r.add({
    method: 'GET',
    path: '/openapi.json',
    tag: 'system',
    summary: 'This API as OpenAPI 3.1, generated from the zod schemas the server validates with.',
    handler: () => ({ json: openApiDocument(r) }),
  });
  r.add({
    method: 'GET',
    path: '/events',
    tag: 'events',
    summary:
      'Server-Sent Events for every job (`?jobId=` for one). Each event: `id`, `event` = type, `data` = JobEvent JSON. Reconnect with Last-Event-ID to catch up.',
    produces: 'text/event-stream',
    handler: (ctx) => {
      streamEvents(ctx);
      return undefined;
    },
  });
}
