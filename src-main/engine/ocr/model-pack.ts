// Model pack manifests: which ONNX files to load, how to normalise inputs, checked by sha256 before use.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { OcrDeskError } from '../../../src-shared/errors.ts';

const FileSchema = z.object({ file: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const ManifestSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  source: z.object({ npmPackage: z.string(), entry: z.string() }).optional(),
  languages: z.array(z.string()),
  detection: FileSchema.extend({
    channelOrder: z.enum(['bgr', 'rgb']),
    mean: z.tuple([z.number(), z.number(), z.number()]),
    std: z.tuple([z.number(), z.number(), z.number()]),
    sizeMultiple: z.number().int().positive(),
  }),
  classification: FileSchema.extend({
    height: z.number().int().positive(),
    width: z.number().int().positive(),
    labels: z.tuple([z.literal(0), z.literal(180)]),
  }).optional(),
  recognition: FileSchema.extend({
    height: z.number().int().positive(),
    stride: z.number().int().positive(),
    dictionary: FileSchema.extend({ spaceClass: z.boolean() }),
  }),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export interface ModelPack {
  readonly manifest: Manifest;
  readonly dir: string;
  readonly detectionPath: string;
  readonly classificationPath: string | undefined;
  readonly recognitionPath: string;
  /** Index = recogniser class; index 0 is the CTC blank (empty string). */
  readonly characters: readonly string[];
}

export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));

/** Load and verify a model pack; `dir` holds manifest.json (default: the project's models/ folder). */
export async function loadModelPack(dir: string = DEFAULT_MODEL_DIR): Promise<ModelPack> {
  const manifestPath = path.join(dir, 'manifest.json');
  const raw = await readFile(manifestPath, 'utf8').catch((e: unknown) => {
    throw new OcrDeskError(
      'MODEL_MISSING',
      `model pack manifest not found: ${manifestPath}`,
      { file: manifestPath },
      { cause: e },
    );
  });
  const parsed = ManifestSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    throw new OcrDeskError(
      'MODEL_CORRUPT',
      `invalid model manifest ${manifestPath}: ${parsed.error.issues[0]?.message ?? ''}`,
      {
        file: manifestPath,
      },
    );
  }
  const manifest = parsed.data;
  const base = manifest.source ? resolvePackageDir(manifest.source.npmPackage, manifest.source.entry) : dir;
  const [detectionPath, classificationPath, recognitionPath, dictPath] = await Promise.all([
    verified(base, manifest.detection),
    manifest.classification ? verified(base, manifest.classification) : Promise.resolve(undefined),
    verified(base, manifest.recognition),
    verified(base, manifest.recognition.dictionary),
  ]);
  const dictLines = (await readFile(dictPath, 'utf8')).replace(/\r/g, '').split('\n');
  if (dictLines.at(-1) === '') dictLines.pop();
  const characters = ['', ...dictLines, ...(manifest.recognition.dictionary.spaceClass ? [' '] : [])];
  return { manifest, dir, detectionPath, classificationPath, recognitionPath, characters };
}

function resolvePackageDir(pkg: string, entry: string): string {
  try {
    const require = createRequire(import.meta.url);
    // The package's `exports` hide package.json; resolve a published entry and take its folder.
    return path.dirname(require.resolve(`${pkg}/${entry}`));
  } catch (e) {
    throw new OcrDeskError(
      'MODEL_MISSING',
      `model package ${pkg} is not installed (run npm ci)`,
      { package: pkg },
      { cause: e },
    );
  }
}

async function verified(base: string, f: { file: string; sha256: string }): Promise<string> {
  const p = path.resolve(base, f.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(p);
  } catch (e) {
    throw new OcrDeskError('MODEL_MISSING', `model file missing: ${p}`, { file: p }, { cause: e });
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== f.sha256) {
    throw new OcrDeskError('MODEL_CORRUPT', `model file corrupt (sha256 mismatch): ${p}`, {
      file: p,
      expected: f.sha256,
      actual,
    });
  }
  return p;
}
