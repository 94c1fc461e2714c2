// Pages made in code for the engine's tests: text rendered by librsvg (through sharp), tilted by a known
// angle, with specks, scanner shadows and punch holes where a test asks for them.
import sharp from 'sharp';
import type { RasterImage } from '../documents/raster.ts';

const WORDS = (
  'the quick brown fox jumps over a lazy dog while five boxing wizards jump quickly and a mild ' +
  'sphinx of black quartz judges my vow in this invoice of the minimum amount due on receipt'
).split(' ');

/** Deterministic pseudo-random numbers (mulberry32), so fixtures are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface TextLine {
  readonly text: string;
  readonly x: number;
  /** Baseline. */
  readonly y: number;
  readonly size: number;
}

export interface PageSpec {
  readonly width: number;
  readonly height: number;
  readonly lines: readonly TextLine[];
  /** Clockwise tilt of the whole page content, degrees. */
  readonly tilt?: number;
  /** Extra SVG drawn untilted over the page (shadows, holes). */
  readonly overlay?: string;
  readonly paper?: string;
}

/** Lines of body text filling a column, `size` px high, from `top` down to `bottom`. */
export function paragraphLines(
  seed: number,
  opts: { x: number; top: number; bottom: number; size: number; wordsPerLine: number },
): TextLine[] {
  const rnd = seededRandom(seed);
  const lines: TextLine[] = [];
  for (let y = opts.top; y <= opts.bottom; y += Math.round(opts.size * 1.45)) {
    const words: string[] = [];
    for (let i = 0; i < opts.wordsPerLine; i++) words.push(WORDS[Math.floor(rnd() * WORDS.length)]!);
    lines.push({ text: words.join(' '), x: opts.x, y, size: opts.size });
  }
  return lines;
}

export async function renderPage(spec: PageSpec): Promise<RasterImage> {
  const { width: w, height: h } = spec;
  const text = spec.lines
    .map(
      (l) =>
        `<text x="${l.x}" y="${l.y}" font-family="Liberation Serif" font-size="${l.size}">${escapeXml(l.text)}</text>`,
    )
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">` +
    `<rect width="${w}" height="${h}" fill="${spec.paper ?? '#fff'}"/>` +
    `<g transform="rotate(${spec.tilt ?? 0} ${w / 2} ${h / 2})">${text}</g>` +
    (spec.overlay ?? '') +
    `</svg>`;
  return rasterFromSvg(svg);
}

/** An SVG drawing rendered by librsvg on white, turned by `turn` degrees, as the engine's RGB raster. */
export async function rasterFromSvg(svg: string, turn: 0 | 90 | 180 | 270 = 0): Promise<RasterImage> {
  const { data, info } = await sharp(Buffer.from(svg))
    .flatten({ background: '#ffffff' })
    .rotate(turn)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data) };
}

/** A speck of `size`×`size` px placed on the page (top-left corner). */
export interface Speck {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

/**
 * Scatter dark specks where the page is white for at least `clearance` px around, so each is truly isolated.
 * Returns the specks drawn; the image is changed in place.
 */
export function addSpecks(
  image: RasterImage,
  count: number,
  seed: number,
  opts: { minSize: number; maxSize: number; clearance: number },
): Speck[] {
  const rnd = seededRandom(seed);
  const { width: w, height: h, data } = image;
  const specks: Speck[] = [];
  const clear = (x0: number, y0: number, x1: number, y1: number): boolean => {
    for (let y = Math.max(0, y0); y < Math.min(h, y1); y++) {
      for (let x = Math.max(0, x0); x < Math.min(w, x1); x++) if (data[(y * w + x) * 3]! < 200) return false;
    }
    return true;
  };
  for (let tries = 0; specks.length < count && tries < count * 50; tries++) {
    const size = opts.minSize + Math.floor(rnd() * (opts.maxSize - opts.minSize + 1));
    const x = Math.floor(rnd() * (w - size));
    const y = Math.floor(rnd() * (h - size));
    const c = opts.clearance;
    if (!clear(x - c, y - c, x + size + c, y + size + c)) continue;
    for (let yy = y; yy < y + size; yy++) {
      for (let xx = x; xx < x + size; xx++)
        data.fill(20 + Math.floor(rnd() * 40), (yy * w + xx) * 3, (yy * w + xx) * 3 + 3);
    }
    specks.push({ x, y, size });
  }
  return specks;
}

/** Add uniform noise of ±amplitude to every channel (paper grain, sensor noise). */
export function addGrain(image: RasterImage, amplitude: number, seed: number): void {
  const rnd = seededRandom(seed);
  const d = image.data;
  for (let i = 0; i < d.length; i++) {
    d[i] = Math.max(0, Math.min(255, d[i]! + Math.round((rnd() * 2 - 1) * amplitude)));
  }
}

/**
 * What a flatbed leaves on an empty sheet: a dark shadow fading in along the left edge and the top, and two
 * punched holes showing the dark lid, as an SVG overlay for renderPage.
 */
export function scannerArtefacts(width: number, height: number, dpi: number): string {
  const mm = dpi / 25.4;
  const holeX = 12 * mm;
  const r = 3 * mm;
  return (
    `<defs><linearGradient id="l" x1="0" x2="1" y1="0" y2="0">` +
    `<stop offset="0" stop-color="#202020"/><stop offset="1" stop-color="#202020" stop-opacity="0"/>` +
    `</linearGradient><linearGradient id="t" x1="0" x2="0" y1="0" y2="1">` +
    `<stop offset="0" stop-color="#303030"/><stop offset="1" stop-color="#303030" stop-opacity="0"/>` +
    `</linearGradient></defs>` +
    `<rect x="0" y="0" width="${5 * mm}" height="${height}" fill="url(#l)"/>` +
    `<rect x="0" y="0" width="${width}" height="${3 * mm}" fill="url(#t)"/>` +
    `<circle cx="${holeX}" cy="${height / 2 - 40 * mm}" r="${r}" fill="#383838"/>` +
    `<circle cx="${holeX}" cy="${height / 2 + 40 * mm}" r="${r}" fill="#383838"/>`
  );
}
