// The OCR engine in its own process, at a lower CPU priority: decoding, inference and post-processing never
// block or starve the process that answers HTTP requests, and a native crash on a bad input cannot take the API
// down. One file at a time; pages go back as they finish; `stop` ends after the current page.
import { toErrorBody } from '../../../src-shared/errors.ts';
import { OcrEngine, type OcrEngineOptions } from '../ocr/ocr-engine.ts';
import type { WorkerReply, WorkerRequest } from './ocr-worker-protocol.ts';
import { openPages } from './page-source.ts';

const post = (m: WorkerReply): void => void process.send?.(m);
let stopRequested = false;
// The parent going away (even by kill -9) closes the IPC channel: stop too.
process.on('disconnect', () => process.exit(0));

const options = JSON.parse(process.env['OCRDESK_WORKER_OPTIONS'] ?? '{}') as OcrEngineOptions;
const engine = await OcrEngine.create(options).catch((e: unknown) => {
  post({ type: 'init-error', error: toErrorBody(e).error });
  return undefined;
});
if (engine) post({ type: 'ready', info: engine.info() });

process.on('message', (m: WorkerRequest) => {
  if (m.type === 'stop') stopRequested = true;
  else if (m.type === 'open') void run(m);
  else if (m.type === 'close') void engine?.close().then(() => process.exit(0));
});

async function run(m: Extract<WorkerRequest, { type: 'open' }>): Promise<void> {
  stopRequested = false;
  try {
    if (!engine) throw new Error('the OCR engine did not load');
    const stream = await openPages(engine, m.file, m.options, new Set(m.skip), {
      imageDir: m.imageDir,
      fileIdx: m.fileIdx,
    });
    post({ run: m.run, type: 'meta', mediaType: stream.mediaType, pageCount: stream.pageCount });
    for await (const page of stream.pages) {
      post({ run: m.run, type: 'page', result: page });
      if (stopRequested) break;
    }
    post({ run: m.run, type: 'end', warnings: stream.warnings?.() ?? [] });
  } catch (e) {
    post({ run: m.run, type: 'error', error: toErrorBody(e).error });
  }
}
