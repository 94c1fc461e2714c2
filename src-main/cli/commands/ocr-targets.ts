// Where `ocrdesk ocr` writes each output: stdout, the file -o names, or <name>.<ext> in the folder -o names.
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { OUTPUT_TYPES } from '../../engine/queue/write-artifacts.ts';
import { BINARY_FORMATS, type CliFormat } from './ocr-options.ts';

/** undefined: standard output. */
export type Target = string | undefined;

export interface OutputPlan {
  /** Where each format of input `i` goes. */
  readonly targets: (inputIdx: number, format: CliFormat) => Target;
  /** The name outputs of input `i` carry (`<name>.<ext>`, also inside a ZIP). */
  readonly baseName: (inputIdx: number) => string;
}

export function extensionOf(format: CliFormat): string {
  return format === 'zip' ? 'zip' : OUTPUT_TYPES[format].ext;
}

/**
 * Output names by input: the file name without its extension, or the whole file name where two inputs share a
 * stem (scan.png and scan.jpg write scan.png.txt and scan.jpg.txt rather than one over the other).
 */
export function baseNames(inputs: readonly string[]): string[] {
  const stems = inputs.map((f) => path.parse(f).name || 'document');
  const counts = new Map<string, number>();
  for (const s of stems) counts.set(s, (counts.get(s) ?? 0) + 1);
  return inputs.map((f, i) => ((counts.get(stems[i]!) ?? 0) > 1 ? path.basename(f) : stems[i]!));
}

export async function planOutputs(
  inputs: readonly string[],
  formats: readonly CliFormat[],
  output: string | undefined,
): Promise<OutputPlan> {
  const names = baseNames(inputs);
  const baseName = (i: number): string => names[i]!;
  const inDir =
    (dir: string) =>
    (i: number, f: CliFormat): Target =>
      path.join(dir, `${baseName(i)}.${extensionOf(f)}`);
  const several = inputs.length > 1 || formats.length > 1;
  const st = output === undefined ? undefined : await stat(output).catch(() => undefined);

  if (output === undefined) {
    if (formats.length > 1)
      throw new OcrDeskError('INVALID_ARGUMENT', `several formats (${formats.join(', ')}) need -o DIR`);
    if (BINARY_FORMATS.has(formats[0]!))
      throw new OcrDeskError('INVALID_ARGUMENT', `${formats[0]} output needs -o FILE or -o DIR`);
    return { targets: () => undefined, baseName };
  }
  if (st?.isDirectory()) return { targets: inDir(output), baseName };
  if (several) {
    if (st)
      throw new OcrDeskError(
        'INVALID_ARGUMENT',
        `-o ${output} must be a directory when there are several inputs or formats`,
      );
    await mkdir(output, { recursive: true });
    return { targets: inDir(output), baseName };
  }
  return { targets: () => output, baseName };
}
