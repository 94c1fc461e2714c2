// JSON: the result contract itself, checked against its schema on the way out and in, with a format version so
// readers can tell later shapes apart.
import { z } from 'zod';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { DocumentResultSchema, type DocumentResult } from '../../../src-shared/ocr-result.ts';
import { VERSION } from '../version.ts';

/** Bumped when the exported shape changes incompatibly. */
export const JSON_EXPORT_VERSION = 1;

const JsonExportSchema = DocumentResultSchema.extend({
  version: z.literal(JSON_EXPORT_VERSION),
  generator: z.string().optional(),
});

function invalid(error: z.ZodError, message: string): OcrDeskError {
  const issues = error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
  return new OcrDeskError('VALIDATION_FAILED', message, { issues });
}

const isNumbers = (v: unknown): boolean =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' || isNumbers(x));

/**
 * JSON.stringify(v, null, 2), except that boxes and quads (arrays of numbers) stay on one line: the standard
 * layout spends a line per coordinate, which makes a page's words three times longer to read and to store.
 */
function pretty(v: unknown, pad: string): string {
  if (isNumbers(v)) return JSON.stringify(v).replace(/,/g, ', ');
  const inner = `${pad}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + pretty(x, inner)).join(',\n')}\n${pad}]`;
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '{}';
    const body = entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${pretty(x, inner)}`).join(',\n');
    return `{\n${body}\n${pad}}`;
  }
  return JSON.stringify(v);
}

/** The document as pretty-printed JSON; throws VALIDATION_FAILED when it breaks the schema (NaN boxes, ...). */
export function exportJson(doc: DocumentResult): string {
  const parsed = DocumentResultSchema.safeParse(doc);
  if (!parsed.success) throw invalid(parsed.error, 'the OCR result does not match its schema');
  const out = { version: JSON_EXPORT_VERSION, generator: `OCR Desk ${VERSION}`, ...parsed.data };
  return `${pretty(out, '')}\n`;
}

/** Reads a JSON export back into a DocumentResult. */
export function parseJsonExport(text: string): DocumentResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new OcrDeskError('VALIDATION_FAILED', 'not JSON', {}, { cause: e });
  }
  const parsed = JsonExportSchema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error, 'not an OCR Desk JSON export');
  const { version: _version, generator: _generator, ...doc } = parsed.data;
  return doc;
}
