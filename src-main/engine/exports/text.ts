// Plain text: the pages' reading-order text, form feeds between pages, exactly as the CLI prints it.
import type { DocumentResult } from '../../../src-shared/ocr-result.ts';
import { documentText } from '../recognize-document.ts';

export function exportText(doc: DocumentResult): string {
  return documentText(doc);
}
