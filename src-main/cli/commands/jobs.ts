// `ocrdesk jobs ...`: drive a running `ocrdesk serve` through its REST API (the same client the GUI uses).
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ApiClient } from '../../../src-shared/api-client.ts';
import {
  type Job,
  type JobOptions,
  JobOptionsSchema,
  OutputFormatSchema,
} from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { writeFileAtomic } from '../../engine/util/atomic-write.ts';
import { ProgressBar } from '../progress-bar.ts';
import { serverClient } from './server-client.ts';

export const JOBS_USAGE = `usage: ocrdesk jobs <action> [--home DIR | --url URL --token T]
  submit <files...> [--outputs pdf,txt,...] [--options JSON] [--profile P] [--name N] [--priority N]
         [--each] [--hold] [--wait] [-o DIR]
      --options takes any job options as JSON, e.g. '{"pdfa":"1b","deskew":true}' (--outputs wins over its
      outputs); --each makes one job per file (a file that cannot be taken is reported, the rest go on);
      --hold leaves the job waiting for: ocrdesk jobs start <id>
  list [--status queued,processing,...]     get <id>     wait <id>     start <id>
  cancel <id>     retry <id>     delete <id>     download <id> <format|zip> [-o FILE]
  stats           queue counts, pages done, seconds per page`;

const ACTIONS = new Set([
  'submit',
  'list',
  'get',
  'wait',
  'start',
  'cancel',
  'retry',
  'delete',
  'download',
  'stats',
]);

function jobOptions(outputs: string | undefined, json: string | undefined): JobOptions | undefined {
  let options: unknown = {};
  if (json !== undefined) {
    try {
      options = JSON.parse(json);
    } catch (e) {
      throw new OcrDeskError('INVALID_ARGUMENT', `--options is not JSON: ${(e as Error).message}`);
    }
  }
  const parsed = JobOptionsSchema.safeParse({
    ...(options as object),
    ...(outputs !== undefined && { outputs: outputs.split(',').map((o) => o.trim()) }),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new OcrDeskError(
      'INVALID_ARGUMENT',
      `job options: ${issue.path.join('.') || '(options)'}: ${issue.message}`,
    );
  }
  return json === undefined && outputs === undefined ? undefined : parsed.data;
}

function summary(j: Job): string {
  const pages = j.pagesTotal ? `${j.pagesDone}/${j.pagesTotal} pages` : `${j.pagesDone} pages`;
  const err = j.error ? ` ${j.error.code}: ${j.error.message}` : '';
  return `${j.id}  ${j.status.padEnd(10)} ${j.stage.padEnd(11)} ${pages}  ${j.name ?? j.files.map((f) => f.name).join(', ')}${err}`;
}

async function follow(api: ApiClient, id: string): Promise<Job> {
  const bar = new ProgressBar(process.stderr, true);
  const job = await api.waitForJob(id, (j) => bar.update(j.pagesDone, j.pagesTotal ?? 0, `${j.stage}`));
  bar.done();
  return job;
}

export async function jobsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      home: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      outputs: { type: 'string' },
      profile: { type: 'string' },
      name: { type: 'string' },
      priority: { type: 'string' },
      status: { type: 'string' },
      options: { type: 'string' },
      each: { type: 'boolean', default: false },
      hold: { type: 'boolean', default: false },
      wait: { type: 'boolean', default: false },
      output: { type: 'string', short: 'o' },
    },
  });
  const [action, ...args] = positionals;
  // Usage mistakes are told before looking for a server.
  if (!action || !ACTIONS.has(action)) {
    throw new OcrDeskError(
      'INVALID_ARGUMENT',
      `${action ? `unknown jobs action '${action}'` : 'jobs needs an action'}\n${JOBS_USAGE}`,
    );
  }
  const options = action === 'submit' ? jobOptions(values.outputs, values.options) : undefined;
  const api = serverClient(values);
  const id = (): string => {
    if (!args[0]) throw new OcrDeskError('INVALID_ARGUMENT', `${action} needs a job id\n${JOBS_USAGE}`);
    return args[0];
  };
  switch (action) {
    case 'submit': {
      if (args.length === 0) throw new OcrDeskError('INVALID_ARGUMENT', `no files\n${JOBS_USAGE}`);
      if (values.hold && (values.wait || values.output)) {
        throw new OcrDeskError('INVALID_ARGUMENT', '--hold cannot be combined with --wait or -o');
      }
      const files = await Promise.all(
        args.map(async (f) => ({ name: path.basename(f), data: new Blob([await readFile(f)]) })),
      );
      const meta = {
        ...(values.name && { name: values.name }),
        ...(values.profile && { profile: values.profile }),
        ...(values.priority && { priority: Number(values.priority) }),
        ...(options && { options }),
        ...(values.hold && { start: false }),
      };
      if (values.each) return submitEach(api, files, meta, values.wait, values.output);
      let job = await api.createJob(files, meta);
      process.stdout.write(`${job.id}\n`);
      if (values.wait || values.output) job = await follow(api, job.id);
      if (values.output && job.status === 'completed') await downloadAll(api, job.id, values.output);
      return job.status === 'failed' ? 1 : 0;
    }
    case 'start':
      process.stdout.write(`${summary(await api.startJob(id()))}\n`);
      return 0;
    case 'stats':
      process.stdout.write(`${JSON.stringify(await api.stats(), null, 1)}\n`);
      return 0;
    case 'list': {
      const list = await api.listJobs(values.status ? { status: values.status } : {});
      for (const j of list.jobs) process.stdout.write(`${summary(j)}\n`);
      return 0;
    }
    case 'get':
      process.stdout.write(`${JSON.stringify(await api.job(id()), null, 1)}\n`);
      return 0;
    case 'wait': {
      const job = await follow(api, id());
      process.stdout.write(`${summary(job)}\n`);
      return job.status === 'completed' ? 0 : 1;
    }
    case 'cancel':
      process.stdout.write(`${summary(await api.cancelJob(id()))}\n`);
      return 0;
    case 'retry':
      process.stdout.write(`${summary(await api.retryJob(id()))}\n`);
      return 0;
    case 'delete':
      await api.deleteJob(id());
      return 0;
    case 'download': {
      const format = args[1];
      if (format !== 'zip' && !OutputFormatSchema.safeParse(format).success) {
        throw new OcrDeskError(
          'INVALID_ARGUMENT',
          `download needs a format (pdf, txt, json, hocr, alto, md, docx, zip)`,
        );
      }
      const bytes = await api.download(id(), format as 'zip');
      if (values.output) await writeFileAtomic(values.output, bytes);
      else process.stdout.write(bytes);
      return 0;
    }
    default:
      throw new OcrDeskError('INVALID_ARGUMENT', `unknown jobs action '${action}'\n${JOBS_USAGE}`);
  }
}

/** -o names a folder, made when missing (as `ocrdesk ocr -o DIR/` does); every output of the job goes there. */
async function downloadAll(api: ApiClient, id: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const a of (await api.artifacts(id)).artifacts) {
    await writeFileAtomic(path.join(dir, a.fileName), await api.download(id, a.format));
    process.stderr.write(`wrote ${path.join(dir, a.fileName)}\n`);
  }
}

/**
 * One job per file: prints `<id>  <file>` per accepted file and `rejected  <file>  CODE: message` per refused
 * one, then with --wait or -o follows each job. Exit 1 when any file was refused or any job failed.
 */
async function submitEach(
  api: ApiClient,
  files: ReadonlyArray<{ name: string; data: Blob }>,
  meta: Parameters<ApiClient['createJobs']>[1],
  wait: boolean,
  output: string | undefined,
): Promise<number> {
  const batch = await api.createJobs(files, meta);
  for (const r of batch.results) {
    if (r.job) process.stdout.write(`${r.job.id}  ${r.fileName}\n`);
    else process.stdout.write(`rejected  ${r.fileName}  ${r.error?.code ?? ''}: ${r.error?.message ?? ''}\n`);
  }
  let failed = batch.rejected > 0;
  if (wait || output) {
    for (const r of batch.results) {
      if (!r.job) continue;
      const job = await follow(api, r.job.id);
      process.stderr.write(`${summary(job)}\n`);
      if (job.status !== 'completed') failed = true;
      else if (output) await downloadAll(api, job.id, output);
    }
  }
  return failed ? 1 : 0;
}
