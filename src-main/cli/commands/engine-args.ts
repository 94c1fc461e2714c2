// Command-line options shared by every command that starts the OCR engine.
import { OcrDeskError } from '../../../src-shared/errors.ts';
import type { OcrEngineOptions } from '../../engine/ocr/ocr-engine.ts';
import type { ProviderPreference } from '../../engine/ocr/onnx-runtime.ts';

export const ENGINE_ARG_OPTIONS = {
  provider: { type: 'string', default: process.env['OCRDESK_PROVIDER'] ?? 'auto' },
  threads: { type: 'string' },
  models: { type: 'string', default: process.env['OCRDESK_MODELS'] },
  'detection-limit': { type: 'string' },
  'no-check-boxes': { type: 'boolean' },
} as const;

const PROVIDERS: readonly ProviderPreference[] = ['auto', 'cpu', 'cuda', 'dml', 'coreml'];

export function engineOptionsFromArgs(v: {
  provider?: string | undefined;
  threads?: string | undefined;
  models?: string | undefined;
  'detection-limit'?: string | undefined;
  'no-check-boxes'?: boolean | undefined;
}): OcrEngineOptions {
  const provider = (v.provider ?? 'auto') as ProviderPreference;
  if (!PROVIDERS.includes(provider)) {
    throw new OcrDeskError('INVALID_ARGUMENT', `unknown provider '${v.provider}' (${PROVIDERS.join(', ')})`);
  }
  return {
    provider,
    ...(v.threads !== undefined && { threads: positiveInt(v.threads, 'threads', true) }),
    ...(v.models !== undefined && { modelDir: v.models }),
    ...(v['detection-limit'] !== undefined && {
      detectionLimit: positiveInt(v['detection-limit'], 'detection-limit'),
    }),
    ...(v['no-check-boxes'] === true && { selectionMarks: false }),
  };
}

function positiveInt(s: string, name: string, allowZero = false): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
    throw new OcrDeskError('INVALID_ARGUMENT', `--${name} takes a whole number`);
  return n;
}
