// Upload with progress: fetch cannot report upload progress, XMLHttpRequest can. Answers the created job or the
// API's typed error.
import { API_PREFIX, JobSchema, type Job, type JobCreate } from '../../src-shared/api-schemas.ts';
import { OcrDeskError, type ErrorCode } from '../../src-shared/errors.ts';

export function uploadJob(
  baseUrl: string,
  token: string,
  files: ReadonlyArray<{ name: string; data: Blob }>,
  meta: JobCreate,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Job> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${baseUrl}${API_PREFIX}/jobs`);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onerror = () => reject(new OcrDeskError('SERVER_UNREACHABLE', 'the upload did not reach OCR Desk'));
    xhr.onabort = () => reject(new OcrDeskError('CANCELED', 'upload canceled'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const job = JobSchema.safeParse(body);
        if (job.success) resolve(job.data);
        else reject(new OcrDeskError('INTERNAL', 'the server answered something that is not a job'));
        return;
      }
      const err = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } })
        ?.error;
      reject(
        new OcrDeskError((err?.code ?? 'INTERNAL') as ErrorCode, err?.message ?? `HTTP ${xhr.status}`, {
          ...err?.details,
          status: xhr.status,
        }),
      );
    };
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('meta', JSON.stringify(meta));
    for (const f of files) form.append('file', f.data, f.name);
    xhr.send(form);
  });
}
