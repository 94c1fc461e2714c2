// The images of a benchmark run and their ground truth: from a list file (score.py's layout) or a folder.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readPrediction, scoreImage, finalize, type GroundTruth, type ScoredImage } from './score.ts';

export interface EvalImage {
  /** `<dataset>/<stem>`, as score.py names rows. */
  id: string;
  /** The image's parent folder name. */
  dataset: string;
  stem: string;
  image: string;
  /** Ground truth beside the image: `<stem>.json`. */
  gtPath: string;
}

const IMAGE_EXT = /\.(png|jpe?g|tiff?|webp|bmp|gif)$/i;

function entry(image: string): EvalImage {
  const dataset = path.basename(path.dirname(image));
  const stem = path.parse(image).name;
  return {
    id: `${dataset}/${stem}`,
    dataset,
    stem,
    image,
    gtPath: path.join(path.dirname(image), `${stem}.json`),
  };
}

/** Images listed one per line, relative to the list file's folder (as score.py with --root there). */
export function readList(listFile: string): EvalImage[] {
  const root = path.dirname(listFile);
  return readFileSync(listFile, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((rel) => entry(path.resolve(root, rel)));
}

/** Every image in a folder that has a sibling `<stem>.json`. */
export function readFolder(dir: string): EvalImage[] {
  return readdirSync(dir)
    .filter((f) => IMAGE_EXT.test(f))
    .sort()
    .map((f) => entry(path.resolve(dir, f)))
    .filter((e) => existsSync(e.gtPath));
}

export function readGroundTruth(e: EvalImage): GroundTruth {
  return JSON.parse(readFileSync(e.gtPath, 'utf8')) as GroundTruth;
}

/** Score the predictions in PRED_DIR/<dataset>/<stem>.json (or .txt) for every image. */
export function scorePredictionDir(images: readonly EvalImage[], predDir: string): ScoredImage[] {
  return images.map((e) => {
    const counts = scoreImage(readGroundTruth(e), readPrediction(predDir, e.dataset, e.stem));
    return { id: e.id, dataset: e.dataset, counts, metrics: finalize(counts) };
  });
}
