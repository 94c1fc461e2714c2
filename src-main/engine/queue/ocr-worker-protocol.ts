// Messages between the job runner and the OCR worker thread.
import type { JobOptions } from '../../../src-shared/api-schemas.ts';
import type { ErrorBody } from '../../../src-shared/errors.ts';
import type { PageResult } from '../../../src-shared/ocr-result.ts';
import type { EngineInfo } from '../ocr/ocr-engine.ts';

export type WorkerRequest =
  | {
      type: 'open';
      run: number;
      file: string;
      options: JobOptions;
      skip: number[];
      imageDir: string;
      fileIdx: number;
    }
  | { type: 'stop' }
  | { type: 'close' };

export type WorkerReply =
  { type: 'ready'; info: EngineInfo } | { type: 'init-error'; error: ErrorBody['error'] } | RunReply;

/** Replies about one `open`, tagged with its run number so a late page of a stopped run is never mistaken. */
export type RunReply = { run: number } & (
  | { type: 'meta'; mediaType: string; pageCount: number }
  | { type: 'page'; result: PageResult }
  | { type: 'end'; warnings: string[] }
  | { type: 'error'; error: ErrorBody['error'] }
);
