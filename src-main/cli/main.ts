// `ocrdesk` entry point: dispatch to a command; every failure ends as one line and an exit code.
import { OcrDeskError } from '../../src-shared/errors.ts';
import { VERSION } from '../engine/version.ts';
import { GUI_USAGE, guiCommand } from './commands/gui.ts';
import { infoCommand } from './commands/info.ts';
import { JOBS_USAGE, jobsCommand } from './commands/jobs.ts';
import { SERVE_USAGE, serveCommand } from './commands/serve.ts';
import { tokenCommand } from './commands/token.ts';
import { OCR_USAGE, ocrCommand } from './commands/ocr.ts';
import { describeError } from './fail.ts';

const USAGE = `ocrdesk ${VERSION}: local OCR

usage: ocrdesk <command> [options]
  ocr <files...>   recognise PDFs and images into searchable PDF/A, DOCX, TXT, hOCR, ALTO, JSON, Markdown or ZIP
  info             version, model pack, execution providers, supported inputs
  serve            run the engine with its REST API on 127.0.0.1 (jobs, hot folders, webhooks)
  jobs <action>    submit, list, wait for, cancel, retry, delete and download jobs of a running server
  token            print the API token
  gui              print a one-time login link for the GUI of a running server

${OCR_USAGE}

${SERVE_USAGE}

${JOBS_USAGE}

${GUI_USAGE}`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  ocr: ocrCommand,
  info: infoCommand,
  serve: serveCommand,
  jobs: jobsCommand,
  token: tokenCommand,
  gui: guiCommand,
};

const COMMAND_USAGE: Record<string, string> = {
  ocr: OCR_USAGE,
  serve: SERVE_USAGE,
  jobs: JOBS_USAGE,
  gui: GUI_USAGE,
  info: 'usage: ocrdesk info [--json] [--provider ...] [--threads N] [--models DIR]',
  token: 'usage: ocrdesk token [--home DIR]',
};

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === '-v' || cmd === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const run = COMMANDS[cmd];
  // `ocrdesk ocr --help` and the like: the command's own usage, not an unknown-option error.
  const flags = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (run && flags.some((a) => a === '-h' || a === '--help')) {
    process.stdout.write(`${COMMAND_USAGE[cmd] ?? USAGE}\n`);
    return 0;
  }
  try {
    if (!run) throw new OcrDeskError('INVALID_ARGUMENT', `unknown command '${cmd}' (try ocrdesk --help)`);
    return await run(rest);
  } catch (e) {
    // parseArgs throws plain TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options.
    const code = (e as { code?: string }).code;
    const err = code?.startsWith('ERR_PARSE_ARGS')
      ? new OcrDeskError('INVALID_ARGUMENT', (e as Error).message)
      : e;
    const { line, exitCode } = describeError(err);
    process.stderr.write(`${line}\n`);
    return exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
