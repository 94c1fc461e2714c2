// The OCR pipeline for one page: detect → orient → crop → recognise → words → layout, each stage timed.
import os from 'node:os';
import type { Block, Line, PageResult, Quad, Rotation } from '../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../documents/raster.ts';
import { orderLines, pageText } from '../layout/reading-order.ts';
import { cropStrip, quadSize, rotateStrip180, stripWidth, textQuad } from './crop.ts';
import { DEFAULT_DB_PARAMS, type DbParams } from './db-postprocess.ts';
import { detectText, largeText, unionDetections, type DetectorConfig } from './detect.ts';
import { rotatePoint, unionBox } from './geometry.ts';
import { loadModelPack, type ModelPack } from './model-pack.ts';
import {
  compiledProviders,
  loadModel,
  type InferenceModel,
  type ProviderName,
  type ProviderPreference,
} from './onnx-runtime.ts';
import { readingQuads, upsideDownLines, type LineRef } from './orient-lines.ts';
import { pageRotation, turnQuad } from './page-orientation.ts';
import { recognizeStrips, type RecognizerConfig } from './recognize.ts';
import { RecognizerPool } from './recognizer-pool.ts';
import { lineFromDecoded } from './line-words.ts';
import { joinOverlappingSegments } from './overlapping-segments.ts';
import { columnQuad, stackedGlyphColumns } from './stacked-glyphs.ts';
import { CJK, type DecodedLine } from './ctc-decode.ts';
import { addSelectionMarksTurned, findSelectionMarks } from './selection-marks.ts';

export interface OcrEngineOptions {
  /** Folder holding a model pack's manifest.json; default: the bundled PP-OCRv4 pack. */
  readonly modelDir?: string;
  readonly provider?: ProviderPreference;
  /** Intra-op threads per model; 0 = onnxruntime's default (one per physical core). */
  readonly threads?: number;
  /** Longest side of the detector input. */
  readonly detectionLimit?: number;
  /** Lines recognised with a lower confidence are dropped as noise (PaddleOCR's drop_score). */
  readonly minLineConfidence?: number;
  /** Classify each line as upright or upside down, and decide the page's 0/90/180/270 rotation. */
  readonly orientation?: boolean;
  /**
   * Pages smaller than the detection limit are detected at their own size and, unless their text proves large
   * (detect.ts largeText), again scaled up by at most this factor; the first pass then adds the boxes the upscale
   * lost (unionDetections). FUNSD's 1000 px forms (~100 dpi, 13 px lines) went from word-box recall 0.770 to
   * 0.799 and nsCER 0.125 to 0.119 at 1.6x; keeping the first pass's extra boxes took the dev set's nsCER from
   * 0.0707 to 0.0693 at about 0.2 s per small page. 1 turns the upscaled pass off.
   */
  readonly detectionUpscale?: number;
  /** DB post-processing overrides (thresholds, unclip ratio). */
  readonly db?: Partial<DbParams>;
  /** Strips per recogniser run; 0 = chosen for the provider (1 on CPU, 16 on GPUs). */
  readonly recognitionBatch?: number;
  readonly recognitionMinWidth?: number;
  /** Find check boxes and write them as ☐ / ☑ words (selection-marks.ts), on pages of mostly non-CJK text. Default true. */
  readonly selectionMarks?: boolean;
  /**
   * Recogniser threads on CPU, each with a single-threaded session; 0 = one per core (at most
   * MAX_RECOGNITION_THREADS); 1 = recognise in the engine's own thread with `threads` intra-op threads.
   */
  readonly recognitionThreads?: number;
}

/** Chosen on ../shared/eval/dev.txt with `npm run bench` (see README): 300 dpi pages need more than 960. */
export const DEFAULT_DETECTION_LIMIT = 1600;
/** See OcrEngineOptions.detectionUpscale. */
export const DEFAULT_DETECTION_UPSCALE = 2;
const MAX_STRIP_WIDTH = 3200;
/** How many of the longest lines the orientation classifier sees before it is asked about all of them. */
const ORIENTATION_SAMPLE = 16;
/** PaddleOCR's cls_thresh. */
const ORIENTATION_THRESHOLD = 0.9;
/** A column of sideways glyphs read as one vertical line is kept at this confidence or more... */
const MIN_COLUMN_CONFIDENCE = 0.8;
/** ...and only where it is surer by this margin than of the glyphs read one by one (mean confidence). */
const COLUMN_CONFIDENCE_MARGIN = 0.05;
/** Strip pixels handed to the recogniser threads at a time while a page is being cut. */
const DISPATCH_PIXELS = 4000;
/** Each thread holds a session and its arena (about 100 MB for the widest strips). */
const MAX_RECOGNITION_THREADS = 4;

export interface EngineInfo {
  readonly modelPack: {
    id: string;
    name: string;
    version: string;
    languages: readonly string[];
    dir: string;
  };
  readonly provider: ProviderName;
  readonly providersCompiled: readonly string[];
  readonly threads: number;
  /** Recogniser threads (1: in the engine's thread). */
  readonly recognitionThreads: number;
  readonly detectionLimit: number;
}

export class OcrEngine {
  private closed = false;

  private constructor(
    private readonly pack: ModelPack,
    private readonly det: InferenceModel,
    private readonly cls: InferenceModel | undefined,
    private readonly rec: InferenceModel | RecognizerPool,
    private readonly opts: Required<Omit<OcrEngineOptions, 'modelDir'>>,
  ) {}

  static async create(options: OcrEngineOptions = {}): Promise<OcrEngine> {
    const opts = {
      provider: options.provider ?? 'auto',
      threads: options.threads ?? 0,
      detectionLimit: options.detectionLimit ?? DEFAULT_DETECTION_LIMIT,
      minLineConfidence: options.minLineConfidence ?? 0.5,
      orientation: options.orientation ?? true,
      detectionUpscale: options.detectionUpscale ?? DEFAULT_DETECTION_UPSCALE,
      db: options.db ?? {},
      recognitionBatch: options.recognitionBatch ?? 0,
      recognitionMinWidth: options.recognitionMinWidth ?? 0,
      recognitionThreads: options.recognitionThreads ?? 0,
      selectionMarks: options.selectionMarks ?? true,
    } satisfies Required<Omit<OcrEngineOptions, 'modelDir'>>;
    const pack = await loadModelPack(options.modelDir);
    const settings = { provider: opts.provider, threads: opts.threads };
    const det = await loadModel(pack.detectionPath, settings);
    // The others follow the detector's provider so one page never straddles devices.
    const same = { provider: det.provider, threads: opts.threads };
    const cls =
      pack.classificationPath && opts.orientation
        ? await loadModel(pack.classificationPath, same)
        : undefined;
    // Measured (README, Benchmarks): on CPU one strip at a time beats any batch (cache-bound); on GPUs batches
    // of similar width keep the device busy.
    if (opts.recognitionBatch === 0) opts.recognitionBatch = det.provider === 'cpu' ? 1 : 16;
    if (det.provider !== 'cpu') opts.recognitionThreads = 1;
    else if (opts.recognitionThreads === 0)
      opts.recognitionThreads = Math.min(MAX_RECOGNITION_THREADS, os.availableParallelism());
    const rec =
      opts.recognitionThreads > 1
        ? await RecognizerPool.create(opts.recognitionThreads, {
            modelPath: pack.recognitionPath,
            threads: 1,
            characters: pack.characters,
            config: {
              height: pack.manifest.recognition.height,
              stride: pack.manifest.recognition.stride,
              maxBatch: opts.recognitionBatch,
              minWidth: opts.recognitionMinWidth,
            },
          })
        : await loadModel(pack.recognitionPath, same);
    const engine = new OcrEngine(pack, det, cls, rec, opts);
    await engine.warmUp();
    return engine;
  }

  info(): EngineInfo {
    const m = this.pack.manifest;
    return {
      modelPack: { id: m.id, name: m.name, version: m.version, languages: m.languages, dir: this.pack.dir },
      provider: this.det.provider,
      providersCompiled: compiledProviders(),
      threads: this.opts.threads,
      recognitionThreads: this.opts.recognitionThreads,
      detectionLimit: this.opts.detectionLimit,
    };
  }

  /** First runs allocate and pick kernels; pay that at start, not on the user's first page. */
  private async warmUp(): Promise<void> {
    const blank: RasterImage = {
      width: 64,
      height: 64,
      channels: 3,
      data: new Uint8Array(64 * 64 * 3).fill(255),
    };
    await this.recognize(blank);
    // A blank page has no lines: the recogniser (every thread of it) reads a blank strip of its own.
    const strip: RasterImage = { ...blank, height: 48, data: new Uint8Array(64 * 48 * 3).fill(255) };
    if (this.rec instanceof RecognizerPool) await this.rec.warmUp(strip);
    else await recognizeStrips(this.rec, [strip], this.recognizerConfig());
  }

  private recognizerConfig(): RecognizerConfig {
    const m = this.pack.manifest;
    return {
      height: m.recognition.height,
      stride: m.recognition.stride,
      maxBatch: this.opts.recognitionBatch,
      minWidth: this.opts.recognitionMinWidth,
      characters: this.pack.characters,
    };
  }

  async recognize(image: RasterImage, page = 1): Promise<PageResult> {
    if (this.closed) throw new Error('OcrEngine is closed');
    const t0 = performance.now();
    const m = this.pack.manifest;
    const detCfg: DetectorConfig = {
      limitSide: this.opts.detectionLimit,
      maxUpscale: this.opts.detectionUpscale,
      sizeMultiple: m.detection.sizeMultiple,
      channelOrder: m.detection.channelOrder,
      mean: m.detection.mean,
      std: m.detection.std,
      db: { ...DEFAULT_DB_PARAMS, ...this.opts.db },
    };
    // A small page is detected at its own size first; if its text is small it is detected again upscaled, and
    // the first pass still adds the faint words the upscale lost. Large text reads better unscaled.
    const small = detCfg.maxUpscale > 1 && Math.max(image.width, image.height) < detCfg.limitSide;
    let detected = await detectText(this.det, image, small ? { ...detCfg, maxUpscale: 1 } : detCfg);
    if (small && !largeText(detected))
      detected = unionDetections(await detectText(this.det, image, detCfg), detected);
    const t1 = performance.now();

    const recCfg = this.recognizerConfig();
    const base = readingQuads(detected.map((d) => d.quad));
    // Each line is cut from the page once; a line read the other way round is its strip turned by 180°, and
    // lines read while orienting are not read again.
    const cut = new Map<number, RasterImage>();
    const strip = (i: number): RasterImage => {
      let s = cut.get(i);
      if (!s) {
        const q = base[i]!;
        s = cropStrip(image, q, stripWidth(q, recCfg.height, MAX_STRIP_WIDTH), recCfg.height);
        cut.set(i, s);
      }
      return s;
    };
    const read = new Map<string, Promise<{ strip: RasterImage; decoded: DecodedLine }>>();
    const key = (r: LineRef): string => `${r.index}${r.flipped ? 'f' : ''}`;
    const pool = this.rec instanceof RecognizerPool ? this.rec : undefined;
    // Strips go to the recogniser threads in chunks as they are cut, so the threads start while the rest of
    // the page is still being cut (and classified).
    const dispatch = async (refs: readonly LineRef[]): Promise<void> => {
      // Claimed at once: a later call while this one is still cutting must not read these lines again.
      const todo: Array<{
        ref: LineRef;
        done: (r: Promise<{ strip: RasterImage; decoded: DecodedLine }>) => void;
      }> = [];
      for (const ref of refs) {
        if (read.has(key(ref))) continue;
        read.set(key(ref), new Promise((done) => todo.push({ ref, done })));
      }
      for (let start = 0; start < todo.length;) {
        const chunk: typeof todo = [];
        let px = 0;
        while (start < todo.length && (px < DISPATCH_PIXELS || !pool)) {
          const t = todo[start++]!;
          chunk.push(t);
          px += strip(t.ref.index).width;
        }
        const strips = chunk.map(({ ref }) =>
          ref.flipped ? rotateStrip180(strip(ref.index)) : strip(ref.index),
        );
        const decoded = pool
          ? pool.recognize(strips)
          : recognizeStrips(this.rec as InferenceModel, strips, recCfg);
        chunk.forEach((t, k) => t.done(decoded.then((d) => ({ strip: strips[k]!, decoded: d[k]! }))));
        if (pool && start < todo.length) await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const readLines = async (refs: readonly LineRef[]): Promise<DecodedLine[]> => {
      await dispatch(refs);
      return (await Promise.all(refs.map((r) => read.get(key(r))!))).map((x) => x.decoded);
    };

    const flips = this.cls
      ? await upsideDownLines(
          this.cls,
          base,
          {
            strip,
            confidence: async (refs) => (await readLines(refs)).map((d) => d.confidence),
            prefetch: (refs) => void dispatch(refs),
          },
          {
            height: m.classification!.height,
            width: m.classification!.width,
            sample: ORIENTATION_SAMPLE,
            threshold: ORIENTATION_THRESHOLD,
          },
        )
      : base.map(() => false);
    const quads = base.map((q, i) => (flips[i] ? turnQuad(q, 2) : q));
    const rotation: Rotation = this.opts.orientation ? pageRotation(quads) : 0;
    const t2 = performance.now();

    const refs = quads.map((_, index) => ({ index, flipped: flips[index]! }));
    await dispatch(refs);
    const got = await Promise.all(refs.map((r) => read.get(key(r))!));
    const columns = rotation === 0 || rotation === 180 ? await this.readGlyphColumns(image, base, got) : [];
    const inColumn = new Set(columns.flatMap((c) => c.glyphs));
    const segments: Line[] = columns.map((c) => c.line);
    got.forEach(({ strip: s, decoded: d }, i) => {
      if (inColumn.has(i) || d.words.length === 0 || d.confidence < this.opts.minLineConfidence) return;
      segments.push(lineFromDecoded(d, s, quads[i]!, recCfg.stride, image));
    });
    const joined = joinOverlappingSegments(segments, (p) =>
      rotatePoint(p, rotation, image.width, image.height),
    );
    const lines = this.opts.selectionMarks ? withSelectionMarks(image, joined, rotation) : joined;
    const t3 = performance.now();

    const upright = lines.map((l) => uprightBox(l.quad, rotation, image.width, image.height));
    const layout = orderLines(lines.map((l, i) => ({ box: upright[i]!, text: l.text })));
    const blocks: Block[] = layout.blocks.map((b) => {
      const ls = b.lineIndices.map((i) => lines[i]!);
      return { box: unionBox(ls.map((l) => l.box)), lines: ls };
    });
    const text = pageText(
      lines.map((l, i) => ({ box: upright[i]!, text: l.text })),
      layout,
    );
    const t4 = performance.now();
    return {
      page,
      width: image.width,
      height: image.height,
      rotation,
      blocks,
      text,
      timings: {
        loadMs: 0,
        detectMs: t1 - t0,
        classifyMs: t2 - t1,
        recognizeMs: t3 - t2,
        layoutMs: t4 - t3,
        totalMs: t4 - t0,
      },
    };
  }

  /**
   * Columns of sideways glyphs (stacked-glyphs.ts) read as one vertical line each, both ways up; a column's
   * reading replaces its glyphs' where the recogniser is confident of it and surer than of the glyphs alone.
   */
  private async readGlyphColumns(
    image: RasterImage,
    base: readonly Quad[],
    glyphReadings: ReadonlyArray<{ decoded: DecodedLine }>,
  ): Promise<Array<{ glyphs: readonly number[]; line: Line }>> {
    const columns = stackedGlyphColumns(base);
    if (columns.length === 0) return [];
    const recCfg = this.recognizerConfig();
    const down = columns.map((c) => textQuad(columnQuad(base, c)));
    const strips = down.flatMap((q) => {
      const s = cropStrip(image, q, stripWidth(q, recCfg.height, MAX_STRIP_WIDTH), recCfg.height);
      return [s, rotateStrip180(s)];
    });
    const decoded =
      this.rec instanceof RecognizerPool
        ? await this.rec.recognize(strips)
        : await recognizeStrips(this.rec, strips, recCfg);
    return columns.flatMap((glyphs, k) => {
      const up = decoded[2 * k + 1]!.confidence > decoded[2 * k]!.confidence ? 1 : 0;
      const best = decoded[2 * k + up]!;
      const alone = glyphs.reduce((sum, i) => sum + glyphReadings[i]!.decoded.confidence, 0) / glyphs.length;
      // Agreeing with the glyphs read one by one (in its direction), the column only puts them on one line.
      const inOrder = up ? [...glyphs].reverse() : glyphs;
      const agrees =
        best.text.replace(/\s/g, '') === inOrder.map((i) => glyphReadings[i]!.decoded.text).join('');
      const surer = best.confidence >= alone + COLUMN_CONFIDENCE_MARGIN;
      if (best.words.length === 0 || best.confidence < MIN_COLUMN_CONFIDENCE || !(surer || agrees)) return [];
      const quad = up ? turnQuad(down[k]!, 2) : down[k]!;
      return [{ glyphs, line: lineFromDecoded(best, strips[2 * k + up]!, quad, recCfg.stride, image) }];
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.det.close(), this.rec.close(), this.cls?.close()]);
  }
}

/** Pages mostly in CJK scripts keep their lines as read: a square glyph there is 口, not a check box. */
const MAX_CJK_SHARE = 0.05;

/** `lines` with the page's check boxes added (selection-marks.ts), on pages of mostly non-CJK text. */
function withSelectionMarks(image: RasterImage, lines: Line[], rotation: Rotation): Line[] {
  if (lines.length === 0) return lines;
  const chars = lines.flatMap((l) => [...l.text.replace(/\s/g, '')]);
  if (chars.filter((c) => CJK.test(c)).length > MAX_CJK_SHARE * chars.length) return lines;
  const heights = lines.map((l) => quadSize(l.quad).height).sort((a, b) => a - b);
  const marks = findSelectionMarks(image, heights[heights.length >> 1]!, rotation === 90 || rotation === 270);
  return addSelectionMarksTurned(lines, marks, rotation, image.width, image.height);
}

function uprightBox(q: Quad, rotation: Rotation, w: number, h: number): [number, number, number, number] {
  const pts = q.map((p) => rotatePoint(p, rotation, w, h));
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
