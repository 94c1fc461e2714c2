// `ocrdesk info`: what this installation can do, as text or JSON.
import { parseArgs } from 'node:util';
import { SUPPORTED_INPUTS } from '../../../src-shared/media-types.ts';
import { OcrEngine } from '../../engine/ocr/ocr-engine.ts';
import { providerCandidates } from '../../engine/ocr/onnx-runtime.ts';
import { VERSION } from '../../engine/version.ts';
import { engineOptionsFromArgs, ENGINE_ARG_OPTIONS } from './engine-args.ts';

export async function infoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, ...ENGINE_ARG_OPTIONS },
  });
  const opts = engineOptionsFromArgs(values);
  const engine = await OcrEngine.create(opts);
  const info = engine.info();
  await engine.close();
  const report = {
    version: VERSION,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    modelPack: info.modelPack,
    providers: {
      compiled: info.providersCompiled,
      tried: providerCandidates(opts.provider ?? 'auto'),
      inUse: info.provider,
    },
    threads: info.threads || 'onnxruntime default',
    detectionLimit: info.detectionLimit,
    supportedInputs: SUPPORTED_INPUTS,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `ocrdesk ${report.version} (node ${report.node}, ${report.platform})`,
    `model pack:  ${info.modelPack.name} [${info.modelPack.id} ${info.modelPack.version}] languages ${info.modelPack.languages.join(', ')}`,
    `providers:   in use ${info.provider}; tried ${report.providers.tried.join(' → ')}; built in ${info.providersCompiled.join(', ')}`,
    `threads:     ${report.threads}`,
    `inputs:      ${Object.entries(SUPPORTED_INPUTS)
      .map(([t, ext]) => `${t} (${ext.join(' ')})`)
      .join(', ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
