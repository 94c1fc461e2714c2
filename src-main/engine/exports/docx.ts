// Word document: each block a paragraph in reading order, headings where the layout shows them (the same rule
// as Markdown), a page break between pages, and optionally each page's image above its text.
import {
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  TextRun,
  type IParagraphOptions,
  type ISectionOptions,
} from 'docx';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import type { DocumentResult, PageResult } from '../../../src-shared/ocr-result.ts';
import { blockHeadingLevels, blockLineTexts, joinLines } from './page-structure.ts';
import { stripInvalidXmlChars } from './xml.ts';

/** Document properties, shared by the formats that carry them. */
export interface DocumentMetadata {
  readonly title?: string;
  readonly author?: string;
  readonly subject?: string;
  readonly keywords?: string | readonly string[];
}

export interface DocxOptions {
  readonly metadata?: DocumentMetadata;
  /** PNG or JPEG bytes of each page's image, by page index; each is placed above its page's text. */
  readonly pageImages?: readonly (Uint8Array | undefined)[];
  /** Paper of the Word document; default A4. */
  readonly paper?: 'a4' | 'letter';
}

// Twentieths of a point (twips); 1440 to the inch.
interface Paper {
  readonly width: number;
  readonly height: number;
}
const PAPER: Record<'a4' | 'letter', Paper> = {
  a4: { width: 11906, height: 16838 },
  letter: { width: 12240, height: 15840 },
};
const MARGIN = 1440;
// docx sizes images in pixels at 96 to the inch: 15 twips each.
const TWIPS_PER_PX = 15;

function imageType(bytes: Uint8Array, page: number): 'png' | 'jpg' {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  throw new OcrDeskError('INVALID_ARGUMENT', `the image for page ${page} is neither PNG nor JPEG`, { page });
}

function pageImage(page: PageResult, bytes: Uint8Array, paper: Paper): IParagraphOptions {
  const maxW = (paper.width - 2 * MARGIN) / TWIPS_PER_PX;
  // A little under the text height, so the image and the paragraph mark holding it fit on one page.
  const maxH = ((paper.height - 2 * MARGIN) / TWIPS_PER_PX) * 0.97;
  const scale = Math.min(maxW / page.width, maxH / page.height);
  const run = new ImageRun({
    type: imageType(bytes, page.page),
    data: bytes,
    transformation: { width: Math.round(page.width * scale), height: Math.round(page.height * scale) },
    altText: {
      name: `Page ${page.page}`,
      description: `Image of page ${page.page}`,
      title: `Page ${page.page}`,
    },
  });
  return { children: [run] };
}

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2 } as const;

function pageParagraphs(page: PageResult): IParagraphOptions[] {
  const levels = blockHeadingLevels(page);
  const out: IParagraphOptions[] = [];
  page.blocks.forEach((block, i) => {
    const text = stripInvalidXmlChars(joinLines(blockLineTexts(block.lines)));
    if (text === '') return;
    const level = levels[i];
    const children = [new TextRun(text)];
    out.push(level === undefined ? { children } : { children, heading: HEADINGS[level] });
  });
  return out;
}

/** The document as a .docx file. */
export async function exportDocx(doc: DocumentResult, options: DocxOptions = {}): Promise<Uint8Array> {
  const paper = PAPER[options.paper ?? 'a4'];
  const children: Paragraph[] = [];
  doc.pages.forEach((page, i) => {
    const image = options.pageImages?.[i];
    const paragraphs = [
      ...(image === undefined ? [] : [pageImage(page, image, paper)]),
      ...pageParagraphs(page),
    ];
    // An empty page still takes a page of its own.
    if (paragraphs.length === 0) paragraphs.push({});
    // "Page break before" on a page's first paragraph rather than a break run, which leaves an empty line behind.
    paragraphs.forEach((p, j) =>
      children.push(new Paragraph(i > 0 && j === 0 ? { ...p, pageBreakBefore: true } : p)),
    );
  });
  if (children.length === 0) children.push(new Paragraph({}));
  const section: ISectionOptions = {
    properties: {
      page: { size: paper, margin: { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN } },
    },
    children,
  };
  const m = options.metadata ?? {};
  const clean = (s: string | undefined): string | undefined =>
    s === undefined ? undefined : stripInvalidXmlChars(s);
  const keywords = typeof m.keywords === 'string' ? m.keywords : m.keywords?.join('; ');
  const props = {
    title: clean(m.title),
    // An empty string leaves the property out; undefined would make the docx package write "Un-named".
    creator: clean(m.author) ?? '',
    lastModifiedBy: clean(m.author) ?? '',
    subject: clean(m.subject),
    keywords: clean(keywords),
  };
  const defined = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
  const document = new Document({ ...defined, sections: [section] });
  return Packer.pack(document, 'uint8array');
}
