// Test fixtures built in code: pages of words rendered with sharp from SVG, each word stretched to a known box
// (SVG textLength), with the PageResult that describes them; and helpers that run the real PDF tools.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { decodeToRaster } from '../../documents/raster-ops.ts';
import type { Block, Box, Line, PageResult, Quad, Word } from '../../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../../documents/raster.ts';

export const SHARED_DIR = path.resolve(import.meta.dirname, '../../../../../shared');
export const PDFA_CHECK = path.join(SHARED_DIR, 'tools', 'pdfa-check');

export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Why PDF/A checks cannot run here, or '' when they can. */
export function pdfaCheckMissing(): string {
  if (!existsSync(PDFA_CHECK)) return `${PDFA_CHECK} not found`;
  if (!hasCommand('java')) return 'java not installed (apt-get install default-jre-headless)';
  const jars = ['preflight.jar', 'pdfbox2.jar', 'javax.activation.jar', 'jaxb-api.jar'];
  const missing = jars.filter((j) => !existsSync(path.join('/usr/share/java', j)));
  return missing.length > 0
    ? `PDFBox jars missing (${missing.join(', ')}): apt-get install libpdfbox2-java libactivation-java libjaxb-api-java`
    : '';
}

export function run(cmd: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface BBoxWord {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Words in content order, boxes in points from the CropBox's top-left as displayed: `pdftotext -raw -bbox`. */
export function pdftotextBBox(file: string, page = 1): BBoxWord[] {
  const r = run('pdftotext', [
    '-raw',
    '-bbox',
    '-cropbox',
    '-f',
    String(page),
    '-l',
    String(page),
    file,
    '-',
  ]);
  if (r.status !== 0) throw new Error(`pdftotext -bbox failed: ${r.stderr}`);
  const words: BBoxWord[] = [];
  const re = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (const m of r.stdout.matchAll(re)) {
    const text = m[5]!
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'");
    words.push({ text, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]) });
  }
  return words;
}

export function pdftotextRaw(file: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  const r = run('pdftotext', ['-raw', '-enc', 'UTF-8', ...range, file, '-']);
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout;
}

export interface WordSpec {
  readonly text: string;
  /** Width in pixels; default from the character count. */
  readonly width?: number;
}

export interface LineSpec {
  readonly words: readonly (string | WordSpec)[];
  /** Baseline y and font size in pixels. */
  readonly y: number;
  readonly size: number;
  /** Left edge in pixels. */
  readonly x: number;
  /** Gap between words as a share of the font size. */
  readonly gap?: number;
}

export interface PageSpec {
  readonly width: number;
  readonly height: number;
  /** Lines grouped into blocks in reading order. */
  readonly blocks: readonly (readonly LineSpec[])[];
  readonly dpi?: number;
  /** Extra SVG drawn under the text (colour areas, photos). */
  readonly background?: string;
}

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function boxQuad(b: Box): Quad {
  return [
    [b[0], b[1]],
    [b[2], b[1]],
    [b[2], b[3]],
    [b[0], b[3]],
  ];
}

function union(boxes: readonly Box[]): Box {
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}

const emptyTimings = { loadMs: 0, detectMs: 0, classifyMs: 0, recognizeMs: 0, layoutMs: 0, totalMs: 0 };

/** The page's SVG and its PageResult: every word box spans exactly the rendered word's advance. */
export function wordsPage(spec: PageSpec): { svg: string; result: PageResult } {
  const texts: string[] = [];
  const blocks: Block[] = spec.blocks.map((lines) => {
    const outLines: Line[] = lines.map((l) => {
      let x = l.x;
      const words: Word[] = l.words.map((w) => {
        const text = typeof w === 'string' ? w : w.text;
        const width = (typeof w === 'string' ? undefined : w.width) ?? l.size * 0.55 * [...text].length;
        // Line box from the font size: ascender 0.8 em above the baseline, descender 0.25 em below.
        const box: Box = [x, l.y - 0.8 * l.size, x + width, l.y + 0.25 * l.size];
        texts.push(
          `<text x="${x}" y="${l.y}" font-size="${l.size}" textLength="${width}" lengthAdjust="spacingAndGlyphs">${xmlText(text)}</text>`,
        );
        x += width + (l.gap ?? 0.35) * l.size;
        return { text, confidence: 0.99, box, quad: boxQuad(box) };
      });
      const box = union(words.map((w) => w.box));
      return { text: words.map((w) => w.text).join(' '), confidence: 0.99, box, quad: boxQuad(box), words };
    });
    return { box: union(outLines.map((l) => l.box)), lines: outLines };
  });
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${spec.width}" height="${spec.height}">` +
    `<rect width="100%" height="100%" fill="#fff"/>${spec.background ?? ''}` +
    `<g font-family="DejaVu Sans" fill="#000">${texts.join('')}</g></svg>`;
  const text = blocks.map((b) => b.lines.map((l) => l.text).join('\n')).join('\n\n');
  const result: PageResult = {
    page: 1,
    width: spec.width,
    height: spec.height,
    rotation: 0,
    blocks,
    text,
    timings: emptyTimings,
    dpi: spec.dpi ?? 300,
    origin: 'ocr',
  };
  return { svg, result };
}

export function rasterFromSvg(svg: string): Promise<RasterImage> {
  return decodeToRaster(Buffer.from(svg));
}

/** Every pixel pure black or white (threshold 128), as a binarised scan is. */
export function binarise(img: RasterImage): RasterImage {
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i += 3) {
    const v = img.data[i]! + img.data[i + 1]! + img.data[i + 2]! >= 384 ? 255 : 0;
    data[i] = data[i + 1] = data[i + 2] = v;
  }
  return { ...img, data };
}

export async function jpegFromRaster(img: RasterImage, quality = 80): Promise<Uint8Array> {
  const b = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/**
 * The same page turned 90° counter-clockwise, as a scan fed in sideways: the result says the page must be
 * turned 90° clockwise to read upright, and every box and quad follows the pixels.
 */
export async function sidewaysPage(
  img: RasterImage,
  result: PageResult,
): Promise<{ image: RasterImage; result: PageResult }> {
  const W = img.width;
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .rotate(270)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const turn = (q: Quad): Quad => q.map(([x, y]) => [y, W - x]) as unknown as Quad;
  const boxOf = (q: Quad): Box => [
    Math.min(...q.map((p) => p[0])),
    Math.min(...q.map((p) => p[1])),
    Math.max(...q.map((p) => p[0])),
    Math.max(...q.map((p) => p[1])),
  ];
  const blocks = result.blocks.map((b) => {
    const lines = b.lines.map((l) => {
      const words = l.words.map((w) => {
        const quad = turn(w.quad);
        return { ...w, quad, box: boxOf(quad) };
      });
      const quad = turn(l.quad);
      return { ...l, quad, box: boxOf(quad), words };
    });
    return { box: union(lines.map((l) => l.box)), lines };
  });
  return {
    image: {
      width: info.width,
      height: info.height,
      channels: 3,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    },
    result: { ...result, width: info.width, height: info.height, rotation: 90, blocks },
  };
}

/** Words of a page result in reading order. */
export function resultWords(result: PageResult): string[] {
  return result.blocks.flatMap((b) => b.lines.flatMap((l) => l.words.map((w) => w.text)));
}
