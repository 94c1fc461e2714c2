// `ocrdesk jobs ...`: drive a running `ocrdesk serve` through its REST API (the same client the GUI uses).
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ApiClient } from '../../../src-shared/api-client.ts';
import { type Job, OutputFormatSchema } from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { writeFileAtomic } from '../../engine/util/atomic-write.ts';
import { ProgressBar } from '../progress-bar.ts';
import { serverClient } from './server-client.ts';

export const JOBS_USAGE = `usage: ocrdesk jobs <action> [--home DIR | --url URL --token T]
  submit <files...> [--outputs pdf,txt,...] [--profile P] [--name N] [--priority N] [--wait] [-o DIR]
  list [--status queued,processing,...]     get <id>     wait <id>
  cancel <id>     retry <id>     delete <id>     download <id> <format|zip> [-o FILE]`;

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
      wait: { type: 'boolean', default: false },
      output: { type: 'string', short: 'o' },
    },
  });
  const [action, ...args] = positionals;
  const api = serverClient(values);
  const id = (): string => {
    if (!args[0]) throw new OcrDeskError('INVALID_ARGUMENT', `${action} needs a job id\n${JOBS_USAGE}`);
    return args[0];
  };
  switch (action) {
    case 'submit': {
      if (args.length === 0) throw new OcrDeskError('INVALID_ARGUMENT', `no files\n${JOBS_USAGE}`);
      const outputs = values.outputs?.split(',').map((o) => OutputFormatSchema.parse(o.trim()));
      const files = await Promise.all(
        args.map(async (f) => ({ name: path.basename(f), data: new Blob([await readFile(f)]) })),
      );
      let job = await api.createJob(files, {
        ...(values.name && { name: values.name }),
        ...(values.profile && { profile: values.profile }),
        ...(values.priority && { priority: Number(values.priority) }),
        ...(outputs && { options: { outputs } }),
      });
      process.stdout.write(`${job.id}\n`);
      if (values.wait || values.output) job = await follow(api, job.id);
      if (values.output && job.status === 'completed') {
        // -o names a folder, made when missing (as `ocrdesk ocr -o DIR/` does).
        await mkdir(values.output, { recursive: true });
        for (const a of (await api.artifacts(job.id)).artifacts) {
          await writeFileAtomic(path.join(values.output, a.fileName), await api.download(job.id, a.format));
          process.stderr.write(`wrote ${path.join(values.output, a.fileName)}\n`);
        }
      }
      return job.status === 'failed' ? 1 : 0;
    }
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
      throw new OcrDeskError('INVALID_ARGUMENT', `unknown jobs action '${action ?? ''}'\n${JOBS_USAGE}`);
  }
}
