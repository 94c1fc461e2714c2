// Request bodies: JSON with a size cap, and multipart uploads streamed to disk (never held in memory).
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { z } from 'zod';
import { OcrDeskError } from '../../../src-shared/errors.ts';

const MAX_JSON_BYTES = 1_000_000;

export async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.infer<S>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_JSON_BYTES)
      throw new OcrDeskError('PAYLOAD_TOO_LARGE', `JSON bodies are limited to ${MAX_JSON_BYTES} bytes`);
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.length > 0 && type !== 'application/json') {
    throw new OcrDeskError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json', {
      contentType: type,
    });
  }
  let value: unknown = {};
  if (text.trim().length > 0) {
    try {
      value = JSON.parse(text);
    } catch {
      throw new OcrDeskError('INVALID_ARGUMENT', 'the body is not valid JSON');
    }
  }
  return validate(schema, value);
}

/** Parses `value` or throws VALIDATION_FAILED (422) naming each bad field; `where` labels issues without a path. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where = '(body)'): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new OcrDeskError(
      'VALIDATION_FAILED',
      r.error.issues.map((i) => `${i.path.join('.') || where}: ${i.message}`).join('; '),
      {
        issues: r.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      },
    );
  }
  return r.data;
}

export interface UploadedFile {
  readonly name: string;
  readonly path: string;
  readonly size: number;
}

export interface Upload {
  readonly files: UploadedFile[];
  readonly fields: Record<string, string>;
}

/** Streams every file part to `dir`; past `maxBytes` in total the request fails with 413 and nothing is kept. */
export async function readMultipart(
  req: IncomingMessage,
  dir: string,
  limits: { maxBytes: number; maxFiles: number },
): Promise<Upload> {
  const files: UploadedFile[] = [];
  const fields: Record<string, string> = {};
  const writes: Array<Promise<void>> = [];
  let total = 0;
  let failure: OcrDeskError | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let bb: busboy.Busboy;
      try {
        bb = busboy({
          headers: req.headers,
          limits: {
            files: limits.maxFiles,
            fields: 100,
            fieldSize: 1_000_000,
            fileSize: limits.maxBytes + 1,
          },
        });
      } catch (e) {
        reject(new OcrDeskError('INVALID_ARGUMENT', `bad multipart request: ${(e as Error).message}`));
        return;
      }
      bb.on('file', (_field, stream, info) => {
        const target = path.join(dir, `${randomUUID()}.upload`);
        const file = { name: info.filename || 'upload', path: target, size: 0 };
        files.push(file);
        const tooLarge = (): void => {
          if (failure) return;
          failure = new OcrDeskError(
            'PAYLOAD_TOO_LARGE',
            `uploads are limited to ${limits.maxBytes} bytes per request`,
            {
              maxBytes: limits.maxBytes,
            },
          );
          req.unpipe(bb);
          // Stop writing; the rest of the request is drained by the error reply.
          stream.destroy();
          resolve();
        };
        stream.on('limit', tooLarge);
        stream.on('data', (c: Buffer) => {
          file.size += c.length;
          total += c.length;
          if (total > limits.maxBytes) tooLarge();
        });
        // A destroyed stream (limit reached) rejects its pipeline: the failure above is what counts then.
        writes.push(
          pipeline(stream, createWriteStream(target, { flags: 'wx' })).catch((e: unknown) => {
            if (!failure) throw e;
          }),
        );
      });
      bb.on('field', (name, value) => {
        fields[name] = value;
      });
      bb.on('filesLimit', () => {
        failure ??= new OcrDeskError('PAYLOAD_TOO_LARGE', `at most ${limits.maxFiles} files per request`);
      });
      bb.on('error', (e) =>
        reject(new OcrDeskError('INVALID_ARGUMENT', `bad multipart request: ${(e as Error).message}`)),
      );
      bb.on('close', () => resolve());
      req.pipe(bb);
    });
    if (failure) throw failure;
    await Promise.all(writes);
    return { files, fields };
  } catch (e) {
    await Promise.allSettled(writes);
    await Promise.all(files.map((f) => rm(f.path, { force: true })));
    throw e;
  }
}
