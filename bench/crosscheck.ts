// Optional check of a benchmark's own scores against ../shared/eval/score.py on the predictions it wrote.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EvalImage } from './eval-set.ts';
import type { Summary } from './score.ts';

/** score.py reads GT from <root>/data/<dataset>/<stem>.json; the root that fits every image, or null. */
function evalRoot(images: readonly EvalImage[]): string | null {
  const first = images[0];
  if (!first) return null;
  const root = path.resolve(path.dirname(first.image), '../..');
  return images.every((e) => e.gtPath === path.join(root, 'data', e.dataset, `${e.stem}.json`)) ? root : null;
}

/** Differences between score.py's summary and ours (empty = agreement to 1e-9), or why it could not run. */
export function crossCheck(
  scorePy: string,
  images: readonly EvalImage[],
  predDir: string,
  ours: Record<string, Summary>,
): { ok: boolean; lines: string[] } {
  if (!existsSync(scorePy)) return { ok: false, lines: [`no scorer at ${scorePy}`] };
  const root = evalRoot(images);
  if (!root) return { ok: false, lines: ['images are not in score.py layout (<root>/data/<set>/<stem>.*)'] };
  const list = `${predDir}.list.txt`;
  writeFileSync(
    list,
    images.map((e) => path.relative(root, e.image).split(path.sep).join('/')).join('\n') + '\n',
  );
  const json = `${predDir}.score.json`;
  const r = spawnSync(
    'python3',
    [scorePy, '--root', root, '--list', list, '--pred', predDir, '--json', json],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0)
    return { ok: false, lines: [`score.py failed: ${r.error?.message ?? r.stderr.trim()}`] };
  const splits = (
    JSON.parse(readFileSync(json, 'utf8')) as { splits: Record<string, Record<string, unknown>> }
  ).splits;
  const ref = Object.values(splits)[0] as Record<string, Record<string, unknown>>;
  const diffs: string[] = [];
  for (const [subset, want] of Object.entries(ref)) {
    const got = ours[subset] as unknown as Record<string, unknown> | undefined;
    if (!got) {
      diffs.push(`${subset}: missing in ours`);
      continue;
    }
    for (const [k, v] of Object.entries(want)) {
      if (k === 'counts') continue;
      const g = got[k];
      const same =
        typeof v === 'number'
          ? typeof g === 'number' && Math.abs(g - v) <= 1e-9
          : (g ?? null) === (v ?? null);
      if (!same) diffs.push(`${subset}.${k}: ours ${String(g)}, score.py ${String(v)}`);
    }
  }
  return { ok: diffs.length === 0, lines: diffs };
}
