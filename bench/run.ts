// `npm run bench`: OCR Desk and Tesseract on the same images in the same run, scored alike.
// Usage: npm run bench [-- --list FILE.txt] [--out DIR]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DocumentResult } from '../src-shared/ocr-result.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    list: { type: 'string', default: path.resolve(ROOT, '../shared/eval/dev.txt') },
    out: {
      type: 'string',
      default: path.join(ROOT, 'bench/results', new Date().toISOString().replace(/[:.]/g, '-')),
    },
  },
});
const listFile = path.resolve(values.list);
if (!existsSync(listFile)) {
  console.error(`bench: no image list at ${listFile} (default: ../shared/eval/dev.txt beside the checkout)`);
  process.exit(2);
}
const evalRoot = path.dirname(listFile);
const scorer = path.join(evalRoot, 'score.py');
const images = readFileSync(listFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((rel) => path.join(evalRoot, rel));
const out = values.out;
mkdirSync(out, { recursive: true });
const id = (img: string): { ds: string; stem: string } => ({
  ds: path.basename(path.dirname(img)),
  stem: path.parse(img).name,
});

interface Run {
  name: string;
  wallS: number;
  secondsPerPage: number[];
  peakRssMb: number;
}

/** Run a command under GNU time; returns wall seconds and peak RSS (MB). */
function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ wallS: number; rssMb: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const rssFile = path.join(out, `.rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const t0 = performance.now();
    const p = spawn('/usr/bin/time', ['-f', '%M', '-o', rssFile, cmd, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${cmd} exited ${code}`));
      const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
      resolve({ wallS: (performance.now() - t0) / 1000, rssMb: kb / 1024, stdout });
    });
  });
}

async function ocrdesk(): Promise<Run> {
  const dir = path.join(out, 'ocrdesk-raw');
  const r = await timed(process.execPath, [
    path.join(ROOT, 'bin/ocrdesk.mjs'),
    'ocr',
    ...images,
    '--format',
    'json',
    '-o',
    dir,
    '--quiet',
  ]);
  const secs: number[] = [];
  for (const img of images) {
    const { ds, stem } = id(img);
    const doc = JSON.parse(readFileSync(path.join(dir, `${stem}.json`), 'utf8')) as DocumentResult;
    const page = doc.pages[0]!;
    const lines = page.blocks.flatMap((b) => b.lines);
    mkdirSync(path.join(out, 'ocrdesk', ds), { recursive: true });
    const pred = {
      text: page.text,
      lines: lines.map((l) => ({ text: l.text, box: l.box })),
      words: lines.flatMap((l) => l.words.map((w) => ({ text: w.text, box: w.box }))),
    };
    writeFileSync(path.join(out, 'ocrdesk', ds, `${stem}.json`), JSON.stringify(pred));
    secs.push(page.timings.totalMs / 1000);
  }
  return { name: 'ocrdesk', wallS: r.wallS, secondsPerPage: secs, peakRssMb: r.rssMb };
}

/** Tesseract TSV → words (level 5) and lines grouped by block/paragraph/line numbers. */
function tesseractPrediction(tsv: string): object {
  const words: Array<{ text: string; box: number[] }> = [];
  const lines = new Map<string, { text: string[]; box: number[] }>();
  for (const row of tsv.split('\n').slice(1)) {
    const f = row.split('\t');
    if (f.length < 12 || f[0] !== '5' || !f[11]!.trim()) continue;
    const [l, t, w, h] = [f[6], f[7], f[8], f[9]].map(Number) as [number, number, number, number];
    const box = [l, t, l + w, t + h];
    words.push({ text: f[11]!, box });
    const key = `${f[2]}-${f[3]}-${f[4]}`;
    const line = lines.get(key) ?? { text: [], box: [...box] };
    line.text.push(f[11]!);
    line.box = [
      Math.min(line.box[0]!, box[0]!),
      Math.min(line.box[1]!, box[1]!),
      Math.max(line.box[2]!, box[2]!),
      Math.max(line.box[3]!, box[3]!),
    ];
    lines.set(key, line);
  }
  const ls = [...lines.values()].map((l) => ({ text: l.text.join(' '), box: l.box }));
  return { words, lines: ls, text: ls.map((l) => l.text).join('\n') };
}

async function tesseract(name: string, parallel: number, env: NodeJS.ProcessEnv): Promise<Run> {
  const secs: number[] = new Array<number>(images.length);
  let peak = 0;
  const t0 = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < images.length) {
      const k = next++;
      const img = images[k]!;
      const r = await timed('tesseract', [img, 'stdout', 'tsv'], env);
      secs[k] = r.wallS;
      peak = Math.max(peak, r.rssMb);
      const { ds, stem } = id(img);
      mkdirSync(path.join(out, name, ds), { recursive: true });
      writeFileSync(path.join(out, name, ds, `${stem}.json`), JSON.stringify(tesseractPrediction(r.stdout)));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { name, wallS: (performance.now() - t0) / 1000, secondsPerPage: secs, peakRssMb: peak };
}

function score(name: string): Record<string, Record<string, number | null>> {
  const json = path.join(out, `${name}.score.json`);
  const r = spawnSync(
    'python3',
    [scorer, '--root', evalRoot, '--list', listFile, '--pred', path.join(out, name), '--json', json],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`score.py failed: ${r.stderr}`);
  const splits = (
    JSON.parse(readFileSync(json, 'utf8')) as {
      splits: Record<string, Record<string, Record<string, number | null>>>;
    }
  ).splits;
  return Object.values(splits)[0]!;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const runs: Run[] = [await ocrdesk()];
if (spawnSync('tesseract', ['--version']).status === 0) {
  runs.push(await tesseract('tesseract', 1, process.env));
  runs.push(await tesseract('tesseract-2x1thread', 2, { ...process.env, OMP_THREAD_LIMIT: '1' }));
} else
  console.error(
    'bench: tesseract not found; install the peer with: apt-get install tesseract-ocr tesseract-ocr-eng',
  );

const f = (v: number | null | undefined, d = 3): string =>
  v === null || v === undefined ? '-' : v.toFixed(d);
const rows: string[] = [
  `| engine | subset | CER | CERci | WER | nsCER | BoWci | wBoxR | lBoxR | median s/page | pages/min | peak RSS MB |`,
  `|---|---|---|---|---|---|---|---|---|---|---|---|`,
];
const ppm = (r: Run): number => (60 * images.length) / r.wallS;
const byName = new Map<string, Record<string, Record<string, number | null>>>();
for (const r of runs) {
  const s = score(r.name);
  byName.set(r.name, s);
  for (const subset of Object.keys(s)) {
    const m = s[subset]!;
    rows.push(
      `| ${r.name} | ${subset} | ${f(m['cer'])} | ${f(m['cer_ci'])} | ${f(m['wer'])} | ${f(m['cer_nospace_ci'])} | ${f(m['bow_f1_ci'])} | ${f(m['word_box_r'])} | ${f(m['line_box_r'])} | ${subset === 'all' ? f(median(r.secondsPerPage), 2) : ''} | ${subset === 'all' ? f(ppm(r), 1) : ''} | ${subset === 'all' ? f(r.peakRssMb, 0) : ''} |`,
    );
  }
}
const ours = runs[0]!;
const ratios: string[] = [];
for (const peer of runs.slice(1)) {
  const a = byName.get('ocrdesk')!['all']!;
  const b = byName.get(peer.name)!['all']!;
  ratios.push(
    `OCR Desk vs ${peer.name}: CER ${f((a['cer'] ?? 0) / (b['cer'] ?? 1), 2)}×, nsCER ${f((a['cer_nospace_ci'] ?? 0) / (b['cer_nospace_ci'] ?? 1), 2)}×, pages/min ${f(ppm(ours) / ppm(peer), 2)}× (OCR Desk throughput includes model loading: ${f(ours.wallS, 1)} s wall for ${images.length} pages)`,
  );
}
const report = `${rows.join('\n')}\n\n${ratios.join('\n')}\n`;
writeFileSync(path.join(out, 'summary.md'), report);
console.log(report);
console.log(`predictions and scores: ${out}`);
