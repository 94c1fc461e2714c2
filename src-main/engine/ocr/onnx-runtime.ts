// The one adapter around onnxruntime-node. Everything else sees `InferenceModel`.
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { fuseHardSwish } from './onnx-graph-rewrite.ts';

export type ProviderName = 'cuda' | 'dml' | 'coreml' | 'cpu';
export type ProviderPreference = 'auto' | ProviderName;

export interface TensorOut {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export interface InferenceModel {
  readonly provider: ProviderName;
  run(input: Float32Array, dims: readonly number[]): Promise<TensorOut>;
  close(): Promise<void>;
}

export interface SessionSettings {
  readonly provider: ProviderPreference;
  /** Intra-op threads; 0 lets onnxruntime choose (one per physical core). */
  readonly threads: number;
}

/** Candidate order for `auto`: accelerators available on this platform first, CPU last. */
export function providerCandidates(
  pref: ProviderPreference,
  platform: NodeJS.Platform = process.platform,
): ProviderName[] {
  if (pref !== 'auto') return [pref];
  if (platform === 'win32') return ['cuda', 'dml', 'cpu'];
  if (platform === 'darwin') return ['coreml', 'cpu'];
  return ['cuda', 'cpu'];
}

/** Execution providers this onnxruntime build knows (not all of them can load on this machine). */
export function compiledProviders(): string[] {
  return ort.listSupportedBackends().map((b) => b.name);
}

// Keep onnxruntime's own logging to errors that matter: a failed CUDA probe is expected, not news.
ort.env.logLevel = 'fatal';

/**
 * Create a session on the first provider that really loads. onnxruntime silently falls back to CPU when a
 * provider is listed beside 'cpu' but cannot load, so each candidate is tried alone and the one that succeeds
 * is the one in use.
 */
export async function loadModel(modelPath: string, settings: SessionSettings): Promise<InferenceModel> {
  const failures: string[] = [];
  const model = await modelBytes(modelPath);
  for (const provider of providerCandidates(settings.provider)) {
    try {
      const session = await ort.InferenceSession.create(model, {
        executionProviders: [provider],
        intraOpNumThreads: settings.threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3,
        // Every model here sees a new input shape on each run (page sizes, strip widths); a memory pattern is
        // planned and kept per shape, which grew peak RSS on the dev set from 1.05 to 1.55 GB for no speed.
        enableMemPattern: false,
      });
      return wrap(session, provider);
    } catch (e) {
      failures.push(`${provider}: ${firstLine(e)}`);
    }
  }
  throw new OcrDeskError(
    'PROVIDER_UNAVAILABLE',
    `no execution provider could load ${modelPath} (${failures.join('; ')})`,
    { model: modelPath, tried: failures },
  );
}

/** The model file with the exact rewrites of onnx-graph-rewrite.ts; as it is where they do not apply. */
async function modelBytes(modelPath: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(modelPath);
  } catch (e) {
    throw new OcrDeskError('MODEL_MISSING', `cannot read model ${modelPath}: ${firstLine(e)}`, {
      model: modelPath,
    });
  }
  try {
    return fuseHardSwish(bytes).bytes;
  } catch {
    return bytes; // not a graph the rewriter understands: onnxruntime judges the file itself
  }
}

function wrap(session: ort.InferenceSession, provider: ProviderName): InferenceModel {
  const inputName = session.inputNames[0]!;
  const outputName = session.outputNames[0]!;
  return {
    provider,
    async run(input, dims) {
      const result = await session.run({ [inputName]: new ort.Tensor('float32', input, dims) });
      const out = result[outputName]!;
      return { data: out.data as Float32Array, dims: out.dims };
    },
    async close() {
      await session.release();
    },
  };
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]!.slice(0, 200);
}
