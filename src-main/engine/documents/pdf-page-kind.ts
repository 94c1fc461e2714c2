// What a PDF page already holds, read off pdf.js's operator list: visible text (born-digital), only invisible
// text (Tr 3/7: a previous OCR layer), painted content without text (a scan, or text drawn as outlines), or
// nothing at all. This decides whether the page needs OCR.

/** pdf.js's operator codes (`OPS`), passed in so this module does not load pdf.js itself. */
export type PdfOps = Readonly<Record<string, number>>;

export type PdfPageKind = 'text' | 'ocr-text' | 'scan' | 'empty';

export interface PageContentStats {
  /** Non-space glyphs drawn in a visible text render mode. */
  readonly visibleChars: number;
  /** Of those, glyphs without a usable Unicode value (no ToUnicode: private use, U+FFFD, control codes). */
  readonly unmappedChars: number;
  /** Non-space glyphs drawn invisibly (render mode 3 or 7). */
  readonly invisibleChars: number;
  readonly images: number;
  /** Share of the page's visible area covered by images (overlaps counted twice, capped at 1). */
  readonly imageCoverage: number;
  /** Paths filled or stroked, shadings, or annotation appearances. */
  readonly otherPaint: boolean;
}

/** Below this many readable characters, text over a mostly-image page is a stamp (page number, Bates). */
const MIN_TEXT_OVER_IMAGE = 32;
const IMAGE_PAGE_COVERAGE = 0.5;

export interface PageKindVerdict {
  readonly kind: PdfPageKind;
  /** Visible text was found but is not readable (no Unicode mapping), so the page counts as a scan. */
  readonly unreadableText: boolean;
}

export function classifyPage(s: PageContentStats): PageKindVerdict {
  const readable = s.visibleChars - s.unmappedChars;
  const unreadableText = s.visibleChars > 0 && s.unmappedChars > readable;
  const stampOnScan = s.imageCoverage >= IMAGE_PAGE_COVERAGE && readable < MIN_TEXT_OVER_IMAGE;
  if (readable > 0 && !unreadableText && !stampOnScan) return { kind: 'text', unreadableText };
  if (s.invisibleChars > 0) return { kind: 'ocr-text', unreadableText };
  if (s.images > 0 || s.otherPaint || s.visibleChars > 0) return { kind: 'scan', unreadableText };
  return { kind: 'empty', unreadableText };
}

type Matrix = readonly [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** `outer` after `inner`: a point goes through `inner` first (PDF's `cm` semantics). */
function concat(outer: Matrix, inner: Matrix): Matrix {
  const [a, b, c, d, e, f] = outer;
  const [a2, b2, c2, d2, e2, f2] = inner;
  return [
    a * a2 + c * b2,
    b * a2 + d * b2,
    a * c2 + c * d2,
    b * c2 + d * d2,
    a * e2 + c * f2 + e,
    b * e2 + d * f2 + f,
  ];
}

function asMatrix(v: unknown): Matrix | undefined {
  if (v === null || typeof v !== 'object' || !('length' in v) || v.length !== 6) return undefined;
  const m = Array.from(v as ArrayLike<unknown>, Number);
  return m.every(Number.isFinite) ? (m as unknown as Matrix) : undefined;
}

/** Area of the unit square under `m`, clipped to the page's view box. */
function clippedUnitArea(m: Matrix, view: readonly [number, number, number, number]): number {
  const xs = [m[4], m[0] + m[4], m[2] + m[4], m[0] + m[2] + m[4]];
  const ys = [m[5], m[1] + m[5], m[3] + m[5], m[1] + m[3] + m[5]];
  const w = Math.min(Math.max(...xs), view[2]) - Math.max(Math.min(...xs), view[0]);
  const h = Math.min(Math.max(...ys), view[3]) - Math.max(Math.min(...ys), view[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

function isUnmapped(unicode: string): boolean {
  if (unicode === '') return true;
  for (const ch of unicode) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c === 0xfffd || (c >= 0xe000 && c <= 0xf8ff) || c >= 0xf0000) return true;
  }
  return false;
}

interface GState {
  ctm: Matrix;
  renderMode: number;
}

/**
 * Walks an operator list once. Text state follows q/Q and form XObjects; annotation appearances count as
 * painted content, not as the page's text (getTextContent does not return their text either).
 */
export function pageContentStats(
  fnArray: ArrayLike<number>,
  argsArray: ArrayLike<unknown>,
  ops: PdfOps,
  view: readonly [number, number, number, number],
): PageContentStats {
  const o = (name: string): number => ops[name] ?? -1;
  const SAVE = new Set([o('save'), o('paintFormXObjectBegin')]);
  const RESTORE = new Set([o('restore'), o('paintFormXObjectEnd')]);
  const TEXT = new Set([
    o('showText'),
    o('showSpacedText'),
    o('nextLineShowText'),
    o('nextLineSetSpacingShowText'),
  ]);
  const IMAGE = new Set(
    [
      'paintImageXObject',
      'paintInlineImageXObject',
      'paintImageMaskXObject',
      'paintSolidColorImageMask',
      'paintImageXObjectRepeat',
      'paintImageMaskXObjectRepeat',
      'paintInlineImageXObjectGroup',
      'paintImageMaskXObjectGroup',
    ].map(o),
  );
  const PAINT = new Set([o('shadingFill'), o('rawFillPath')]);
  const pageArea = Math.max(1e-9, (view[2] - view[0]) * (view[3] - view[1]));

  let state: GState = { ctm: IDENTITY, renderMode: 0 };
  const stack: GState[] = [];
  let annotationDepth = 0;
  let visibleChars = 0;
  let unmappedChars = 0;
  let invisibleChars = 0;
  let images = 0;
  let imageArea = 0;
  let otherPaint = false;

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    const args = argsArray[i] as unknown[] | null | undefined;
    if (SAVE.has(fn)) {
      stack.push(state);
      state = { ...state };
      if (fn === o('paintFormXObjectBegin')) {
        const m = asMatrix(args?.[0]);
        if (m) state.ctm = concat(state.ctm, m);
      }
    } else if (RESTORE.has(fn)) {
      state = stack.pop() ?? state;
    } else if (fn === o('transform')) {
      const m = asMatrix(args);
      if (m) state.ctm = concat(state.ctm, m);
    } else if (fn === o('beginAnnotation')) {
      annotationDepth++;
    } else if (fn === o('endAnnotation')) {
      annotationDepth = Math.max(0, annotationDepth - 1);
    } else if (fn === o('setTextRenderingMode')) {
      state.renderMode = Number(args?.[0]) || 0;
    } else if (TEXT.has(fn)) {
      const glyphs = args?.[0];
      if (!Array.isArray(glyphs)) continue;
      for (const g of glyphs as unknown[]) {
        if (g === null || typeof g !== 'object') continue;
        const { unicode, isSpace } = g as { unicode?: unknown; isSpace?: unknown };
        if (isSpace === true || (typeof unicode === 'string' && unicode.trim() === '' && unicode !== ''))
          continue;
        if (annotationDepth > 0) {
          otherPaint = true;
        } else if (state.renderMode === 3 || state.renderMode === 7) {
          invisibleChars++;
        } else {
          visibleChars++;
          if (typeof unicode !== 'string' || isUnmapped(unicode)) unmappedChars++;
        }
      }
    } else if (IMAGE.has(fn)) {
      images++;
      imageArea += clippedUnitArea(state.ctm, view);
    } else if (fn === o('constructPath')) {
      // args: [painting operator, path data, bounds]; endPath only sets a clip.
      if (args?.[0] !== o('endPath')) otherPaint = true;
    } else if (PAINT.has(fn)) {
      otherPaint = true;
    }
  }
  return {
    visibleChars,
    unmappedChars,
    invisibleChars,
    images,
    imageCoverage: Math.min(1, imageArea / pageArea),
    otherPaint,
  };
}
