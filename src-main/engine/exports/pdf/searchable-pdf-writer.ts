// Searchable PDF (and PDF/A) writer: pages are added one at a time, each the page image — or the input PDF's
// own page, copied untouched — with the recognised words on top as invisible text. Only one page's pixels
// are alive at a time; encoded pages wait in the document until finish() writes the file.
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFPage,
  PDFRef,
  PDFStream,
  PDFString,
  type PDFContext,
  type PDFPageLeaf,
} from 'pdf-lib';
import { DEFAULT_JOB_OPTIONS } from '../../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../../src-shared/errors.ts';
import type { PageResult } from '../../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../../documents/raster.ts';
import { VERSION } from '../../version.ts';
import { CidMap } from './cid-map.ts';
import { buildGlyphlessFont, GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPHLESS_FONT_NAME } from './glyphless-font.ts';
import {
  encodeJpeg,
  encodeRaster,
  imageMatrix,
  isJpeg,
  type EncodedImage,
  type ImageEncodeOptions,
  type ImageEncoding,
} from './image-xobject.ts';
import {
  lossyWarnings,
  OPTIMIZE_LEVELS,
  optimizeDocumentImages,
  type ImageOptimization,
  type OptimizeLevel,
} from './optimize-images.ts';
import { PdfaInspector } from './pdfa-compat.ts';
import { writeDocumentMetadata, type PdfaLevel } from './pdfa-metadata.ts';
import { frameSize, frameToUserSpace, PdfSource } from './pdf-page-import.ts';
import { deflatedContentStream, pdfNumber, textLayerOperators, type TextLayerMode } from './text-layer.ts';

export type { PdfaLevel } from './pdfa-metadata.ts';

export interface SearchablePdfOptions {
  /** PDF/A level to write, or 'none' for a plain PDF. Default '2b'. */
  readonly pdfa?: PdfaLevel | 'none';
  readonly title?: string;
  readonly author?: string;
  readonly subject?: string;
  readonly keywords?: string;
  /** JPEG quality for colour page images that are not JPEG already, and for optimize 'lossy'. Default 85. */
  readonly jpegQuality?: number;
  /**
   * Image optimisation when the file is written (optimize-images.ts): 'lossless' keeps every pixel, 'lossy'
   * re-encodes images where that is clearly smaller. Default 'none' here, every image as it came; jobs default
   * to DEFAULT_JOB_OPTIONS.optimize.
   */
  readonly optimize?: OptimizeLevel;
  /** 'visible' strokes the glyph boxes (checking placement); 'none' writes the image only. Default 'invisible'. */
  readonly textLayer?: TextLayerMode | 'none';
  /** Creation date written to Info and XMP; default now. */
  readonly date?: Date;
}

export interface SearchablePdfResult {
  readonly bytes: Uint8Array;
  /** The PDF/A level the file claims, null for a plain PDF. */
  readonly pdfa: PdfaLevel | null;
  readonly warnings: readonly string[];
}

/** A page image: decoded pixels, or the bytes of a JPEG file (embedded as they are). */
export type PageImageSource = RasterImage | Uint8Array;

/** Resolution assumed when a page result carries none (PageResult.dpi). */
export const DEFAULT_DPI = 300;
const PROBLEMS_LISTED = 5;

interface FontObjects {
  readonly type0: PDFRef;
  readonly toUnicode: PDFRef;
  readonly cidToGid: PDFRef;
  readonly cids: CidMap;
}

const N = (s: string): PDFName => PDFName.of(s);

function matrix(m: readonly number[]): string {
  return m.map(pdfNumber).join(' ');
}

// PDF 1.4's page size limits (PDF Reference, Appendix C), which PDF/A-1 keeps: 3 to 14 400 units a side.
const MIN_PAGE_SIDE = 3;
const MAX_PAGE_SIDE = 14_400;

/** Points per page pixel: 72 / dpi, bent just enough to keep an odd resolution inside the page size limits. */
function pageScale(result: PageResult): number {
  const dpi = result.dpi !== undefined && result.dpi > 0 ? result.dpi : DEFAULT_DPI;
  const long = Math.max(result.width, result.height);
  const short = Math.min(result.width, result.height);
  return Math.max(MIN_PAGE_SIDE / short, Math.min(72 / dpi, MAX_PAGE_SIDE / long));
}

function validRotation(r: number): 0 | 90 | 180 | 270 {
  return ((((Math.round(r / 90) * 90) % 360) + 360) % 360) as 0 | 90 | 180 | 270;
}

export class SearchablePdfWriter {
  private font: FontObjects | undefined;
  private source: PdfSource | undefined;
  private readonly inspector: PdfaInspector | undefined;
  private readonly pdfaProblems: string[] = [];
  private readonly warnings: string[] = [];
  private readonly encodings: ImageEncoding[] = [];
  /** The writer's own JPEGs, already at jpegQuality: the lossy pass leaves their pixels alone. */
  private readonly ownJpegs = new Set<PDFRef>();
  /** The writer's own Flate images, deflated at level 9 when an optimize level is on. */
  private readonly ownFlate = new Set<PDFRef>();
  private optimizations: ImageOptimization[] = [];
  private pushState: PDFRef | undefined;
  private finished = false;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly opts: Required<Omit<SearchablePdfOptions, 'title' | 'author' | 'subject' | 'keywords'>> &
      SearchablePdfOptions,
  ) {
    const level = opts.pdfa;
    this.inspector = level === 'none' ? undefined : new PdfaInspector(doc.context, level);
  }

  static async create(options: SearchablePdfOptions = {}): Promise<SearchablePdfWriter> {
    const pdfa = options.pdfa ?? '2b';
    if (!['1b', '2b', '3b', 'none'].includes(pdfa)) {
      throw new OcrDeskError('INVALID_ARGUMENT', `unknown PDF/A level ${String(pdfa)}`, { pdfa });
    }
    const jpegQuality = options.jpegQuality ?? DEFAULT_JOB_OPTIONS.jpegQuality;
    if (!Number.isInteger(jpegQuality) || jpegQuality < 1 || jpegQuality > 100) {
      throw new OcrDeskError('INVALID_ARGUMENT', 'jpegQuality must be an integer from 1 to 100', {
        jpegQuality,
      });
    }
    const optimize = options.optimize ?? 'none';
    if (!OPTIMIZE_LEVELS.includes(optimize)) {
      throw new OcrDeskError('INVALID_ARGUMENT', `unknown optimize level ${String(optimize)}`, { optimize });
    }
    const doc = await PDFDocument.create({ updateMetadata: false });
    return new SearchablePdfWriter(doc, {
      ...options,
      pdfa,
      jpegQuality,
      optimize,
      textLayer: options.textLayer ?? 'invisible',
      date: options.date ?? new Date(),
    });
  }

  get pageCount(): number {
    return this.doc.getPageCount();
  }

  /** How each image page was embedded, in page order (PDF pages are not listed). */
  get imageEncodings(): readonly ImageEncoding[] {
    return this.encodings;
  }

  /** What the optimize pass did to each image it changed, in page order (filled in by finish()). */
  get imageOptimizations(): readonly ImageOptimization[] {
    return this.optimizations;
  }

  private get imageOptions(): ImageEncodeOptions {
    return { jpegQuality: this.opts.jpegQuality, flateLevel: this.opts.optimize === 'none' ? 6 : 9 };
  }

  private get context(): PDFContext {
    return this.doc.context;
  }

  private checkOpen(): void {
    if (this.finished) throw new OcrDeskError('INTERNAL', 'the PDF writer has already finished');
  }

  /** The glyphless Type0 font, made on first use; its ToUnicode and CIDToGIDMap are filled in by finish(). */
  private fontObjects(): FontObjects {
    if (this.font) return this.font;
    const ctx = this.context;
    const program = buildGlyphlessFont();
    const fontFile = ctx.flateStream(program, { Length1: program.length });
    const descriptor = ctx.obj({
      Type: 'FontDescriptor',
      FontName: GLYPHLESS_FONT_NAME,
      Flags: 4, // symbolic: the glyphs are not the standard Latin set
      FontBBox: [0, 0, GLYPH_ADVANCE, GLYPH_HEIGHT],
      ItalicAngle: 0,
      Ascent: GLYPH_HEIGHT,
      // Not 0: poppler reads a zero Descent as "unknown" and assumes -0.35 em, which pushes word boxes below the line.
      Descent: -1,
      CapHeight: GLYPH_HEIGHT,
      StemV: 80,
      FontFile2: ctx.register(fontFile),
    });
    const toUnicode = ctx.nextRef();
    const cidToGid = ctx.nextRef();
    const cidFont = ctx.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: GLYPHLESS_FONT_NAME,
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
      FontDescriptor: ctx.register(descriptor),
      DW: GLYPH_ADVANCE,
      CIDToGIDMap: cidToGid,
    });
    const type0 = ctx.register(
      ctx.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: GLYPHLESS_FONT_NAME,
        Encoding: 'Identity-H',
        DescendantFonts: [ctx.register(cidFont)],
        ToUnicode: toUnicode,
      }),
    );
    this.font = { type0, toUnicode, cidToGid, cids: new CidMap() };
    return this.font;
  }

  private textOperators(
    result: PageResult | undefined,
    frame: { sx: number; sy: number; height: number },
    fontName: string,
  ): string {
    if (!result || this.opts.textLayer === 'none') return '';
    if (!result.blocks.some((b) => b.lines.length > 0)) return '';
    const font = this.fontObjects();
    return textLayerOperators(
      result,
      frame,
      { resourceName: fontName, cids: font.cids },
      this.opts.textLayer,
    );
  }

  /** Adds a page showing `source` with the words of `result` over it; the page is sized from result.dpi. */
  async addImagePage(result: PageResult, source: PageImageSource): Promise<void> {
    this.checkOpen();
    let image: EncodedImage;
    if (source instanceof Uint8Array) {
      if (!isJpeg(source)) {
        throw new OcrDeskError(
          'INVALID_ARGUMENT',
          'page image bytes must be a JPEG file; pass other images decoded',
        );
      }
      image = await encodeJpeg(this.context, source, this.imageOptions);
    } else {
      image = await encodeRaster(this.context, source, this.imageOptions);
    }
    for (const w of image.warnings) this.warnings.push(`page ${this.pageCount + 1}: ${w}`);
    this.encodings.push(image.encoding);

    const scale = pageScale(result);
    const width = result.width * scale;
    const height = result.height * scale;
    const ctx = this.context;
    const drawImage = `q ${matrix(imageMatrix(image.orientation, width, height))} cm /Im0 Do Q\n`;
    const text = this.textOperators(result, { sx: scale, sy: scale, height }, 'F0');
    const content = deflatedContentStream(ctx, drawImage + text);
    const page = this.doc.addPage([width, height]);
    const imageRef = ctx.register(image.stream);
    if (image.encoding === 'color') this.ownJpegs.add(imageRef);
    else if (image.encoding !== 'jpeg-passthrough' && this.opts.optimize !== 'none')
      this.ownFlate.add(imageRef);
    const resources: Record<string, unknown> = { XObject: { Im0: imageRef } };
    if (text !== '') resources.Font = { F0: this.fontObjects().type0 };
    page.node.set(N('Resources'), ctx.obj(resources as never));
    page.node.set(N('Contents'), ctx.register(content));
    if (result.rotation !== 0) page.node.set(N('Rotate'), PDFNumber.of(validRotation(result.rotation)));
  }

  /**
   * Adds page `pageIndex` (0-based) of the PDF file `pdf`, its content kept as it is, with the words of `result`
   * (recognised on the page as rendered, /Rotate and CropBox applied, at any resolution) on top. Pages whose
   * text came from the PDF itself (origin 'pdf-text') get no second text layer. Pass the same Uint8Array for every
   * page of one input: it is parsed once. Encrypted input throws ENCRYPTED_PDF: add its rendered pages instead.
   */
  async addPdfPage(pdf: Uint8Array, pageIndex: number, result?: PageResult): Promise<void> {
    this.checkOpen();
    if (this.source?.bytes !== pdf) this.source = await PdfSource.load(pdf);
    const imported = this.source.importPage(pageIndex, this.doc);
    const { leaf, box, rotate } = imported;
    const pageNo = this.pageCount + 1;
    if (this.inspector) {
      for (const p of this.inspector.inspectPage(leaf)) this.pdfaProblems.push(`page ${pageNo}: ${p}`);
    }
    const ref = this.context.register(leaf);
    const wanted = result && result.origin !== 'pdf-text' ? result : undefined;
    const { width, height } = frameSize(box, rotate);
    const fontName = wanted ? this.freeFontName(leaf) : 'F0';
    const text = wanted
      ? this.textOperators(wanted, { sx: width / wanted.width, sy: height / wanted.height, height }, fontName)
      : '';
    if (text !== '') {
      this.addTextToCopiedPage(
        leaf,
        fontName,
        `\nQ\nq ${matrix(frameToUserSpace(box, rotate))} cm\n${text}Q\n`,
      );
    }
    if (wanted && wanted.rotation !== 0)
      leaf.set(N('Rotate'), PDFNumber.of(validRotation(rotate + wanted.rotation)));
    this.doc.addPage(PDFPage.of(leaf, ref, this.doc));
  }

  private freeFontName(leaf: PDFPageLeaf): string {
    const fonts = leaf.lookupMaybe(N('Resources'), PDFDict)?.lookupMaybe(N('Font'), PDFDict);
    let name = 'OcrDeskText';
    for (let i = 1; fonts?.has(N(name)); i++) name = `OcrDeskText${i}`;
    return name;
  }

  /** Original content streams stay as they are, wrapped in q … Q so their graphics state cannot leak into ours. */
  private addTextToCopiedPage(leaf: PDFPageLeaf, fontName: string, ops: string): void {
    const ctx = this.context;
    this.pushState ??= ctx.register(ctx.stream('q\n'));
    const old = leaf.get(N('Contents'));
    const resolved = old instanceof PDFRef ? ctx.lookup(old) : old;
    const contents: PDFRef[] = [this.pushState];
    if (resolved instanceof PDFArray) {
      for (const c of resolved.asArray()) if (c instanceof PDFRef) contents.push(c);
    } else if (old instanceof PDFRef) {
      contents.push(old);
    } else if (resolved instanceof PDFStream) {
      contents.push(ctx.register(resolved));
    }
    contents.push(ctx.register(deflatedContentStream(ctx, ops)));
    leaf.set(N('Contents'), ctx.obj(contents));

    // A page's own Resources and Font dictionaries: the input's may be shared with other pages.
    const res = leaf.lookupMaybe(N('Resources'), PDFDict);
    const resources = res ? res.clone() : ctx.obj({});
    const fonts = resources.lookupMaybe(N('Font'), PDFDict);
    const fontDict = fonts ? fonts.clone() : ctx.obj({});
    fontDict.set(N(fontName), this.fontObjects().type0);
    resources.set(N('Font'), fontDict);
    leaf.set(N('Resources'), resources);
  }

  /** Writes the file. The writer cannot be used afterwards. */
  async finish(): Promise<SearchablePdfResult> {
    this.checkOpen();
    if (this.pageCount === 0) throw new OcrDeskError('EMPTY_INPUT', 'no pages to write');
    this.finished = true;
    const ctx = this.context;
    const requested = this.opts.pdfa;
    let level: PdfaLevel | null = requested === 'none' ? null : requested;
    if (level && this.pdfaProblems.length > 0) {
      const shown = this.pdfaProblems.slice(0, PROBLEMS_LISTED).join('; ');
      const more = this.pdfaProblems.length - PROBLEMS_LISTED;
      this.warnings.push(
        `written as a plain PDF, not PDF/A-${level}: the input cannot be made conformant without re-encoding ` +
          `(${shown}${more > 0 ? `; and ${more} more` : ''})`,
      );
      level = null;
    }
    this.optimizations = await optimizeDocumentImages(this.doc, {
      level: this.opts.optimize,
      jpegQuality: this.opts.jpegQuality,
      keepPixels: this.ownJpegs,
      deflated: this.ownFlate,
    });
    this.warnings.push(...lossyWarnings(this.optimizations, this.opts.jpegQuality));
    if (this.font) {
      ctx.assign(this.font.toUnicode, ctx.flateStream(this.font.cids.toUnicodeCMap()));
      ctx.assign(this.font.cidToGid, ctx.flateStream(this.font.cids.cidToGidMap()));
    }
    writeDocumentMetadata(
      ctx,
      this.doc.catalog,
      {
        ...(this.opts.title !== undefined && { title: this.opts.title }),
        ...(this.opts.author !== undefined && { author: this.opts.author }),
        ...(this.opts.subject !== undefined && { subject: this.opts.subject }),
        ...(this.opts.keywords !== undefined && { keywords: this.opts.keywords }),
        creator: `OCR Desk ${VERSION}`,
        producer: `OCR Desk ${VERSION} (pdf-lib)`,
        date: this.opts.date,
      },
      level,
    );
    const bytes = await this.doc.save({
      // PDF/A-1 is PDF 1.4: no object or cross-reference streams (Preflight 1.4).
      useObjectStreams: level !== '1b',
      addDefaultPage: false,
      updateFieldAppearances: false,
    });
    // pdf-lib always writes %PDF-1.7; PDF/A-1 is PDF 1.4, and this file uses nothing newer. Same length, so
    // no offset moves.
    if (level === '1b') bytes.set(new TextEncoder().encode('%PDF-1.4'), 0);
    return { bytes, pdfa: level, warnings: this.warnings };
  }
}
