// The PDF output's choices as the GUI names them; the export dialog and the profile form offer the same ones.
import type { JobOptions } from '../../src-shared/api-schemas.ts';

export type PdfaLevel = NonNullable<JobOptions['pdfa']>;
export type OptimizeLevel = NonNullable<JobOptions['optimize']>;

export const PDFA_CHOICES: ReadonlyArray<{ id: PdfaLevel; label: string }> = [
  { id: '2b', label: 'PDF/A-2b (recommended)' },
  { id: '1b', label: 'PDF/A-1b (oldest archives)' },
  { id: '3b', label: 'PDF/A-3b' },
  { id: 'none', label: 'Plain PDF' },
];

export const OPTIMIZE_CHOICES: ReadonlyArray<{ id: OptimizeLevel; label: string }> = [
  { id: 'lossless', label: 'Smaller, every pixel kept (recommended)' },
  { id: 'lossy', label: 'Smallest: re-encode images as JPEG' },
  { id: 'none', label: 'Keep image bytes as they are' },
];
