// `ocrdesk ocr <files...>`: recognise files with the engine loaded once; JSON or text out.
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import type { DocumentResult } from '../../../src-shared/ocr-result.ts';
import { OcrEngine } from '../../engine/ocr/ocr-engine.ts';
import { documentText, recognizeDocument } from '../../engine/recognize-document.ts';
import { writeFileAtomic } from '../../engine/util/atomic-write.ts';
import { describeError } from '../fail.ts';
import { ProgressBar } from '../progress-bar.ts';
import { engineOptionsFromArgs, ENGINE_ARG_OPTIONS } from './engine-args.ts';

export const OCR_USAGE = `usage: ocrdesk ocr <files...> [--format json|txt] [-o OUT] [--provider auto|cpu|cuda|dml|coreml]
                   [--threads N] [--models DIR] [--detection-limit PX] [--quiet]
  One input: OUT is a file or an existing directory (default: stdout).
  Several inputs: OUT is a directory; each input gets <name>.<format> there.`;

const FORMATS = ['json', 'txt'] as const;
type Format = (typeof FORMATS)[number];

export async function ocrCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'json' },
      output: { type: 'string', short: 'o' },
      quiet: { type: 'boolean', short: 'q', default: false },
      ...ENGINE_ARG_OPTIONS,
    },
  });
  if (positionals.length === 0) throw new OcrDeskError('INVALID_ARGUMENT', `no input files\n${OCR_USAGE}`);
  const format = values.format as Format;
  if (!FORMATS.includes(format))
    throw new OcrDeskError('INVALID_ARGUMENT', `unknown format '${values.format}' (json, txt)`);
  const outDir = await outputDirectory(values.output, positionals.length);

  const engine = await OcrEngine.create(engineOptionsFromArgs(values));
  const bar = new ProgressBar(process.stderr, !values.quiet);
  let exitCode = 0;
  const collected: DocumentResult[] = [];
  try {
    for (const [i, file] of positionals.entries()) {
      const label = (pages: string): string => `${path.basename(file)} ${pages}`;
      try {
        const doc = await recognizeDocument(engine, file, (p) =>
          bar.update(
            i,
            positionals.length,
            label(`page ${Math.min(p.pagesDone + 1, p.pageCount)}/${p.pageCount}`),
          ),
        );
        const body = format === 'json' ? `${JSON.stringify(doc, null, 1)}\n` : documentText(doc);
        if (outDir) await writeFileAtomic(path.join(outDir, `${path.parse(file).name}.${format}`), body);
        else if (values.output) await writeFileAtomic(values.output, body);
        else if (format === 'json') collected.push(doc);
        else process.stdout.write(body);
      } catch (e) {
        bar.done();
        const { line, exitCode: code } = describeError(e, file);
        process.stderr.write(`${line}\n`);
        exitCode = exitCode || code;
      }
    }
    bar.update(positionals.length, positionals.length, 'done');
    bar.done();
  } finally {
    await engine.close();
  }
  if (collected.length) {
    process.stdout.write(`${JSON.stringify(positionals.length === 1 ? collected[0] : collected, null, 1)}\n`);
  }
  return exitCode;
}

/** The directory outputs go to, or undefined when OUT names one file (or stdout is used). */
async function outputDirectory(output: string | undefined, inputs: number): Promise<string | undefined> {
  if (!output) return undefined;
  const st = await stat(output).catch(() => undefined);
  if (st?.isDirectory()) return output;
  if (inputs > 1) {
    if (st)
      throw new OcrDeskError(
        'INVALID_ARGUMENT',
        `-o ${output} must be a directory when there are several inputs`,
      );
    await mkdir(output, { recursive: true });
    return output;
  }
  return undefined;
}
