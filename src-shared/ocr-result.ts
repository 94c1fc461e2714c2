// The result contract of one page. Coordinates are pixels of the page image as it was loaded (before any
// rotation the engine applied); `rotation` says how the page must be turned clockwise to read upright.
import { z } from 'zod';

export const PointSchema = z.tuple([z.number(), z.number()]);
/** Four corners clockwise from the text's top-left, in page pixels; for rotated text boxes. */
export const QuadSchema = z.tuple([PointSchema, PointSchema, PointSchema, PointSchema]);
/** Axis-aligned [x0, y0, x1, y1] in page pixels. */
export const BoxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const WordSchema = z.object({
  text: z.string(),
  confidence: z.number().min(0).max(1),
  box: BoxSchema,
  quad: QuadSchema,
});

export const LineSchema = z.object({
  text: z.string(),
  confidence: z.number().min(0).max(1),
  box: BoxSchema,
  quad: QuadSchema,
  words: z.array(WordSchema),
});

export const BlockSchema = z.object({
  box: BoxSchema,
  lines: z.array(LineSchema),
});

export const RotationSchema = z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]);

export const StageTimingsSchema = z.object({
  loadMs: z.number(),
  detectMs: z.number(),
  classifyMs: z.number(),
  recognizeMs: z.number(),
  layoutMs: z.number(),
  totalMs: z.number(),
});

/** What preprocessing did to a page before recognition (absent fields: not applied). */
export const PreprocessRecordSchema = z.object({
  /** Degrees the image was turned counter-clockwise to straighten its lines. */
  deskewDegrees: z.number().optional(),
  /** Clockwise quarter turn applied to make the page upright. */
  autoRotate: RotationSchema.optional(),
  despeckle: z.boolean().optional(),
  binarize: z.boolean().optional(),
  /** Share of the page that is ink, when blank-page detection ran. */
  inkRatio: z.number().optional(),
  blank: z.boolean().optional(),
});

/** Where a page's text came from: our OCR, or the text a born-digital PDF already carries. */
export const TextOriginSchema = z.enum(['ocr', 'pdf-text', 'none']);

export const PageResultSchema = z.object({
  /** 1-based page number within its input file. */
  page: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  rotation: RotationSchema,
  /** Blocks in reading order; lines in reading order inside each block. */
  blocks: z.array(BlockSchema),
  /** The page's text in reading order: lines joined by newlines, blocks by blank lines. */
  text: z.string(),
  timings: StageTimingsSchema,
  /** Resolution of the page image: from the file, the PDF render, or estimated from text height. */
  dpi: z.number().positive().optional(),
  dpiSource: z.enum(['file', 'render', 'estimated', 'assumed']).optional(),
  /** For pages of PDF inputs: which page, its size in points before /Rotate, its turn, what it held. */
  pdf: z
    .object({
      pageIndex: z.number().int().min(0),
      widthPt: z.number().positive(),
      heightPt: z.number().positive(),
      rotate: RotationSchema,
      kind: z.enum(['text', 'ocr-text', 'scan', 'empty']),
    })
    .optional(),
  origin: TextOriginSchema.optional(),
  preprocess: PreprocessRecordSchema.optional(),
  /** Things the user should know that did not stop the page (damaged input repaired, ...). */
  warnings: z.array(z.string()).optional(),
});

export type Point = z.infer<typeof PointSchema>;
export type Quad = z.infer<typeof QuadSchema>;
export type Box = z.infer<typeof BoxSchema>;
export type Word = z.infer<typeof WordSchema>;
export type Line = z.infer<typeof LineSchema>;
export type Block = z.infer<typeof BlockSchema>;
export type Rotation = z.infer<typeof RotationSchema>;
export type StageTimings = z.infer<typeof StageTimingsSchema>;
export type PageResult = z.infer<typeof PageResultSchema>;
export type PreprocessRecord = z.infer<typeof PreprocessRecordSchema>;
export type TextOrigin = z.infer<typeof TextOriginSchema>;

export const DocumentResultSchema = z.object({
  source: z.string(),
  mediaType: z.string(),
  pages: z.array(PageResultSchema),
  warnings: z.array(z.string()).optional(),
});
export type DocumentResult = z.infer<typeof DocumentResultSchema>;
