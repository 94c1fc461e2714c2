// What ../shared/badinputs/MANIFEST.md expects of each bad PDF, for the reader, the engine and the CLI tests alike.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SHARED_DIR } from '../exports/pdf/pdf-test-fixtures.ts';

export const BAD = path.join(SHARED_DIR, 'badinputs');
/** A skip reason where the shared set is absent. */
export const noBad = existsSync(path.join(BAD, 'MANIFEST.md'))
  ? false
  : `${BAD} not found (shared bad inputs)`;

/** What the manifest expects of each PDF in ../shared/badinputs. */
export const EXPECTED: Record<string, { error: string; message?: RegExp } | { warning: RegExp | null }> = {
  'q01-qpdf-bad1-not-a-pdf.pdf': { error: 'CORRUPT_INPUT', message: /no %PDF header/ },
  'q02-qpdf-bad2-no-startxref.pdf': { warning: /damaged .* repaired/ },
  'q03-qpdf-bad3-bad-xref-offset.pdf': { warning: /damaged .* repaired/ },
  'q04-qpdf-bad22-stream-no-length.pdf': { warning: /\/Length was recovered/ },
  // The stream with the unknown filter belongs to no page: nothing the reader draws is missing.
  'q05-qpdf-bad31-unknown-filter.pdf': { warning: null },
  'q06-qpdf-issue146-deeply-nested-array.pdf': { error: 'CORRUPT_INPUT', message: /nested too deeply/ },
  'q07-qpdf-issue202-deeply-nested-dict.pdf': { warning: /malformed objects/ },
  'q08-qpdf-issue149-xref-prev-loop.pdf': { warning: /loops/ },
  'q09-qpdf-issue150-integer-overflow.pdf': { error: 'CORRUPT_INPUT', message: /no %PDF header/ },
  'q10-qpdf-issue335b-ossfuzz-23bytes.pdf': { error: 'CORRUPT_INPUT', message: /no %PDF header/ },
  'p01-pdfjs-xref-command-missing.pdf': { warning: /damaged .* repaired/ },
  'p02-pdfjs-helloworld-bad.pdf': { warning: /damaged .* repaired/ },
  'p03-pdfjs-scan-bad-trailing-garbage.pdf': { warning: /^(|an embedded image is damaged.*)$/ },
  'p04-pdfjs-bad1586.pdf': { warning: null },
  'p05-pdfjs-issue6010-user-password.pdf': { error: 'ENCRYPTED_PDF' },
  'p06-pdfjs-pr6531-user-and-owner-password.pdf': { error: 'ENCRYPTED_PDF' },
  'p07-pdfjs-type3-content-stream-cycle.pdf': { warning: /fonts are missing or damaged/ },
  'p08-pdfjs-recursive-composite-glyf.pdf': { warning: /fonts are missing or damaged/ },
  'p09-pdfjs-empty-mediabox-cropbox.pdf': { warning: /invalid page box/ },
  'o01-ocrmypdf-invalid-header-then-eof.pdf': { error: 'CORRUPT_INPUT', message: /not a valid PDF/ },
  'o02-ocrmypdf-hugemono-35000x35000-jbig2.pdf': { warning: /instead of 300.*\n.*over the pixel limit/ },
  'o03-ocrmypdf-enormous-page.pdf': { warning: /rendered at 200 dpi instead of 300/ },
  'o04-ocrmypdf-page-without-contents.pdf': { warning: null },
  'o05-ocrmypdf-livecycle-dynamic-xfa.pdf': { warning: /dynamic XFA form/ },
};
/** The two huge pages: checked, with their memory, in pdf-reader.test.ts only. */
export const HUGE = new Set([
  'o02-ocrmypdf-hugemono-35000x35000-jbig2.pdf',
  'o03-ocrmypdf-enormous-page.pdf',
]);

/** The error code of each PDF the manifest says must fail clearly. */
export const EXPECTED_ERRORS: Record<string, string> = Object.fromEntries(
  Object.entries(EXPECTED).flatMap(([name, want]) => ('error' in want ? [[name, want.error]] : [])),
);
