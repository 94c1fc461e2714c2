// Pages of an input PDF copied into the output as they are: content streams, images and fonts keep their
// bytes (no re-encoding), objects shared between pages are copied once. What a page could run is left
// behind: page and annotation actions (JavaScript, Launch, ...), internal links (they would drag other pages
// along), media annotations. The catalog (OpenAction, Names/JavaScript, AcroForm) is never copied at all.
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFObjectCopier,
  PDFPageLeaf,
  PDFRef,
  type PDFContext,
} from 'pdf-lib';
import { OcrDeskError } from '../../../../src-shared/errors.ts';

const N = (s: string): PDFName => PDFName.of(s);

/** Page entries that run code, point at the input's structure, or carry data nobody sees. */
const DROPPED_PAGE_KEYS = [
  'AA',
  'Thumb',
  'B',
  'PieceInfo',
  'Metadata',
  'StructParents',
  'PresSteps',
  'ID',
  'PZ',
  'Trans',
  'Dur',
];
/** Annotation entries that run code or reference other objects of the input. */
const DROPPED_ANNOT_KEYS = ['P', 'Parent', 'Popup', 'IRT', 'AA', 'Dest', 'StructParent', 'OC', 'RT'];
/** Annotations that play media or embed files: active content, or nothing that a page image shows. */
const DROPPED_ANNOT_TYPES = new Set([
  'Popup',
  'Sound',
  'Movie',
  'Screen',
  '3D',
  'RichMedia',
  'FileAttachment',
]);

export type Box4 = readonly [number, number, number, number];

export interface ImportedPage {
  readonly leaf: PDFPageLeaf;
  /** The visible area (CropBox within MediaBox) in default user space. */
  readonly box: Box4;
  /** /Rotate of the input page, normalised to 0/90/180/270. */
  readonly rotate: 0 | 90 | 180 | 270;
}

/** An input PDF, parsed once and copied from page by page. */
export class PdfSource {
  private readonly copiers = new Map<PDFContext, PDFObjectCopier>();

  private constructor(
    readonly bytes: Uint8Array,
    readonly doc: PDFDocument,
  ) {}

  static async load(bytes: Uint8Array): Promise<PdfSource> {
    const corrupt = (e: unknown): OcrDeskError => {
      const message = e instanceof Error ? e.message.split('\n', 1)[0] : String(e);
      return new OcrDeskError(
        'CORRUPT_INPUT',
        `the input PDF cannot be parsed: ${message}`,
        {},
        { cause: e },
      );
    };
    let doc: PDFDocument;
    try {
      doc = await PDFDocument.load(bytes, {
        ignoreEncryption: true,
        updateMetadata: false,
        throwOnInvalidObject: false,
      });
    } catch (e) {
      throw corrupt(e);
    }
    // pdf-lib cannot decrypt: copied streams would be ciphertext.
    if (doc.isEncrypted) {
      throw new OcrDeskError('ENCRYPTED_PDF', 'the input PDF is encrypted: its pages cannot be copied');
    }
    let pages: number;
    try {
      pages = doc.getPageCount(); // walks the page tree: fails on a broken one
    } catch (e) {
      throw corrupt(e);
    }
    if (pages === 0) throw new OcrDeskError('EMPTY_INPUT', 'the input PDF has no pages');
    return new PdfSource(bytes, doc);
  }

  get pageCount(): number {
    return this.doc.getPageCount();
  }

  /** Copies page `index` (0-based) into `dest`, active content removed. */
  importPage(index: number, dest: PDFDocument): ImportedPage {
    if (!Number.isInteger(index) || index < 0 || index >= this.pageCount) {
      throw new OcrDeskError(
        'INVALID_ARGUMENT',
        `page index ${index} is outside the input's ${this.pageCount} pages`,
        {
          index,
          pageCount: this.pageCount,
        },
      );
    }
    let copier = this.copiers.get(dest.context);
    if (!copier) {
      copier = PDFObjectCopier.for(this.doc.context, dest.context);
      this.copiers.set(dest.context, copier);
    }
    const leaf = copier.copy(this.sanitizedPage(index));
    return { leaf, box: visibleBox(leaf), rotate: normaliseRotate(leaf) };
  }

  /** A shallow clone of the page (in the source's context) without what it must not take along. */
  private sanitizedPage(index: number): PDFPageLeaf {
    const ctx = this.doc.context;
    const page = this.doc.getPage(index).node.clone();
    for (const k of DROPPED_PAGE_KEYS) page.delete(N(k));
    const annots = page.lookup(N('Annots'));
    if (annots instanceof PDFArray) {
      const kept: PDFRef[] = [];
      for (const entry of annots.asArray()) {
        const a = entry instanceof PDFRef ? ctx.lookup(entry) : entry;
        if (!(a instanceof PDFDict)) continue;
        const subtype = a.lookup(N('Subtype'));
        const type = subtype instanceof PDFName ? subtype.decodeText() : '';
        if (DROPPED_ANNOT_TYPES.has(type)) continue;
        const clone = a.clone();
        for (const k of DROPPED_ANNOT_KEYS) clone.delete(N(k));
        const action = clone.lookup(N('A'));
        const keepAction =
          type === 'Link' &&
          action instanceof PDFDict &&
          (action.lookup(N('S')) as PDFName | undefined) === N('URI');
        if (keepAction) {
          const uri = action.clone();
          uri.delete(N('Next'));
          clone.set(N('A'), uri);
        } else {
          clone.delete(N('A'));
          if (type === 'Link') continue; // an internal link without its target is dead weight
        }
        kept.push(ctx.register(clone));
      }
      if (kept.length > 0) page.set(N('Annots'), ctx.obj(kept));
      else page.delete(N('Annots'));
    }
    return page;
  }
}

function numbers(a: PDFArray | undefined): number[] | undefined {
  if (!a || a.size() !== 4) return undefined;
  const v = a.asArray().map((x) => (x instanceof PDFNumber ? x.asNumber() : NaN));
  return v.every(Number.isFinite) ? v : undefined;
}

function normalise(v: number[]): Box4 {
  return [Math.min(v[0]!, v[2]!), Math.min(v[1]!, v[3]!), Math.max(v[0]!, v[2]!), Math.max(v[1]!, v[3]!)];
}

/** CropBox clipped to MediaBox, as renderers (pdf.js, poppler) show the page. */
function visibleBox(leaf: PDFPageLeaf): Box4 {
  const media = numbers(leaf.lookupMaybe(N('MediaBox'), PDFArray));
  const m: Box4 = media ? normalise(media) : [0, 0, 612, 792];
  const cropValues = numbers(leaf.lookupMaybe(N('CropBox'), PDFArray));
  if (!cropValues) return m;
  const c = normalise(cropValues);
  const b: Box4 = [Math.max(c[0], m[0]), Math.max(c[1], m[1]), Math.min(c[2], m[2]), Math.min(c[3], m[3])];
  return b[2] > b[0] && b[3] > b[1] ? b : m;
}

function normaliseRotate(leaf: PDFPageLeaf): 0 | 90 | 180 | 270 {
  const r = leaf.lookupMaybe(N('Rotate'), PDFNumber)?.asNumber() ?? 0;
  const q = (((Math.round(r / 90) * 90) % 360) + 360) % 360;
  return q as 0 | 90 | 180 | 270;
}

/**
 * The matrix from the displayed page frame (width×height in points, origin at the displayed bottom-left, as
 * the page looks after /Rotate) to the page's default user space.
 */
export function frameToUserSpace(
  box: Box4,
  rotate: 0 | 90 | 180 | 270,
): [number, number, number, number, number, number] {
  const [x0, y0, x1, y1] = box;
  switch (rotate) {
    case 90:
      return [0, 1, -1, 0, x1, y0];
    case 180:
      return [-1, 0, 0, -1, x1, y1];
    case 270:
      return [0, -1, 1, 0, x0, y1];
    default:
      return [1, 0, 0, 1, x0, y0];
  }
}

/** Size of the displayed page frame in points. */
export function frameSize(box: Box4, rotate: 0 | 90 | 180 | 270): { width: number; height: number } {
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  return rotate === 90 || rotate === 270 ? { width: h, height: w } : { width: w, height: h };
}
