// One recogniser in a worker thread: strips in, decoded lines out. onnxruntime-node runs a session on the
// calling JS thread, so parallel strips need threads of their own (see recognizer-pool.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { loadModel } from './onnx-runtime.ts';
import { recognizeStrips } from './recognize.ts';
import type { PoolReply, PoolRequest, PoolWorkerData } from './recognizer-pool.ts';

const data = workerData as PoolWorkerData;
const port = parentPort!;
try {
  const model = await loadModel(data.modelPath, { provider: 'cpu', threads: data.threads });
  const cfg = { ...data.config, characters: data.characters };
  port.on('message', (m: PoolRequest) => {
    recognizeStrips(model, m.strips, cfg).then(
      (lines) => port.postMessage({ id: m.id, lines } satisfies PoolReply),
      (e: unknown) => port.postMessage({ id: m.id, error: String(e) } satisfies PoolReply),
    );
  });
  port.postMessage({ id: -1, lines: [] } satisfies PoolReply);
} catch (e) {
  port.postMessage({ id: -1, error: e instanceof Error ? e.message : String(e) } satisfies PoolReply);
}
