// Every failure the user sees is one line with a stable code; stack traces only with OCRDESK_DEBUG=1.
import { ERROR_CODES, isOcrDeskError, OcrDeskError } from '../../src-shared/errors.ts';

export function describeError(e: unknown, file?: string): { line: string; exitCode: number } {
  const err = isOcrDeskError(e)
    ? e
    : new OcrDeskError('INTERNAL', e instanceof Error ? e.message : String(e));
  const where = file ? `${file}: ` : '';
  if (process.env['OCRDESK_DEBUG'] === '1' && e instanceof Error) process.stderr.write(`${e.stack ?? ''}\n`);
  return {
    line: `ocrdesk: error ${err.code}: ${where}${err.message}`,
    exitCode: ERROR_CODES[err.code].exitCode,
  };
}
