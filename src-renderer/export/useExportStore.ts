// The export dialog's choices and its run: write the chosen outputs again with the dialog's PDF/A level and
// metadata (POST /jobs/{id}/artifacts), then save each (or one ZIP) as a download or through Electron.
import { create } from 'zustand';
import type { ApiClient } from '../../src-shared/api-client.ts';
import type { Job, OutputFormat } from '../../src-shared/api-schemas.ts';
import type { DesktopBridge } from '../../src-shared/desktop-bridge.ts';
import type { OptimizeLevel, PdfaLevel } from './pdf-choices.ts';
import { saveBytes } from './save-bytes.ts';

export interface ExportResult {
  readonly name: string;
  readonly size: number;
  /** Path written (Electron) or 'downloaded'. */
  readonly where: string;
}

export interface Metadata {
  readonly title: string;
  readonly author: string;
  readonly subject: string;
  readonly keywords: string;
}

interface ExportState {
  readonly jobId: string | undefined;
  readonly formats: readonly OutputFormat[];
  readonly zip: boolean;
  readonly pdfa: PdfaLevel;
  readonly optimize: OptimizeLevel;
  readonly metadata: Metadata;
  readonly phase: 'idle' | 'writing' | 'saving' | 'done' | 'failed';
  readonly step: { done: number; total: number; label: string };
  readonly results: readonly ExportResult[];
  readonly error: { code: string; message: string } | undefined;
  /** Starts a fresh export of `job`, prefilled from its options. */
  readonly begin: (job: Job) => void;
  readonly toggleFormat: (f: OutputFormat) => void;
  readonly setZip: (zip: boolean) => void;
  readonly setPdfa: (p: PdfaLevel) => void;
  readonly setOptimize: (o: OptimizeLevel) => void;
  readonly setMetadata: (m: Partial<Metadata>) => void;
  readonly run: (api: ApiClient, bridge: DesktopBridge | undefined) => Promise<void>;
}

const MEDIA: Record<OutputFormat | 'zip', string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  json: 'application/json',
  hocr: 'text/html',
  alto: 'application/xml',
  md: 'text/markdown',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  zip: 'application/zip',
};

export const useExportStore = create<ExportState>((set, get) => ({
  jobId: undefined,
  formats: ['pdf'],
  zip: false,
  pdfa: '2b',
  optimize: 'lossless',
  metadata: { title: '', author: '', subject: '', keywords: '' },
  phase: 'idle',
  step: { done: 0, total: 0, label: '' },
  results: [],
  error: undefined,
  begin(job) {
    const o = job.options;
    set({
      jobId: job.id,
      pdfa: o.pdfa ?? '2b',
      optimize: o.optimize ?? 'lossless',
      metadata: {
        title: o.title ?? '',
        author: o.author ?? '',
        subject: o.subject ?? '',
        keywords: o.keywords ?? '',
      },
      phase: 'idle',
      results: [],
      error: undefined,
      step: { done: 0, total: 0, label: '' },
    });
  },
  toggleFormat(f) {
    const cur = get().formats;
    set({ formats: cur.includes(f) ? cur.filter((x) => x !== f) : [...cur, f] });
  },
  setZip: (zip) => set({ zip }),
  setPdfa: (pdfa) => set({ pdfa }),
  setOptimize: (optimize) => set({ optimize }),
  setMetadata: (m) => set({ metadata: { ...get().metadata, ...m } }),
  async run(api, bridge) {
    const { jobId, formats, zip, pdfa, optimize, metadata } = get();
    if (!jobId || formats.length === 0) return;
    const saves = zip ? 1 : formats.length;
    const total = 1 + saves;
    set({
      phase: 'writing',
      results: [],
      error: undefined,
      step: { done: 0, total, label: 'Writing outputs…' },
    });
    try {
      const { artifacts } = await api.exportArtifacts(jobId, [...formats], {
        ...metadata,
        ...(formats.includes('pdf') && { pdfa, optimize }),
      });
      set({ phase: 'saving' });
      const results: ExportResult[] = [];
      const targets: Array<OutputFormat | 'zip'> = zip ? ['zip'] : [...formats];
      for (const [i, t] of targets.entries()) {
        const artifact = artifacts.find((a) => a.format === t);
        const base = (artifacts[0]?.fileName ?? 'document').replace(/\.[^.]+$/, '');
        const name = t === 'zip' ? `${base}.zip` : (artifact?.fileName ?? `${base}.${t}`);
        set({ step: { done: 1 + i, total, label: `Saving ${name}…` } });
        const bytes = await api.download(jobId, t);
        const where = await saveBytes(bridge, name, bytes, artifact?.mediaType ?? MEDIA[t]);
        if (where === undefined) continue; // the user closed the save dialog
        results.push({ name, size: bytes.byteLength, where });
      }
      set({ phase: 'done', results, step: { done: total, total, label: 'Done' } });
    } catch (e) {
      const err = e as { code?: string; message?: string };
      set({ phase: 'failed', error: { code: err.code ?? 'INTERNAL', message: err.message ?? String(e) } });
    }
  },
}));
