// hOCR 1.2 (http://kba.github.io/hocr-spec/1.2/): XHTML with one element per page, block, paragraph, line and
// word, each carrying its box in page pixels. Laid out like Tesseract's output so hOCR tools read it unchanged.
import path from 'node:path';
import type { DocumentResult, PageResult } from '../../../src-shared/ocr-result.ts';
import { VERSION } from '../version.ts';
import { lineAngle, lineWords, pixelBox } from './page-structure.ts';
import { xmlAttrs, xmlEscape, xmlLanguage } from './xml.ts';

export interface HocrOptions {
  /** BCP 47 tag of the text's language (`en`, `zh-Hans`), where the model pack or the user says it. */
  readonly language?: string;
  /** The page image named in each page's `image` property; default: the source file's name. */
  readonly imageName?: string;
  /** The document title; default: the source file's name. */
  readonly title?: string;
}

const bbox = (b: readonly number[]): string => `bbox ${b.join(' ')}`;
// hOCR property values are quoted strings: a quote or backslash inside is backslash-escaped (spec §2.2).
const quoted = (s: string): string => `"${s.replace(/["\\]/g, '\\$&')}"`;

function pageHocr(page: PageResult, index: number, image: string, lang: string | undefined): string {
  const n = index + 1;
  const props = [`image ${quoted(image)}`, bbox([0, 0, page.width, page.height]), `ppageno ${page.page - 1}`];
  if (page.dpi !== undefined) props.push(`scan_res ${Math.round(page.dpi)} ${Math.round(page.dpi)}`);
  const out = [`  <div ${xmlAttrs({ class: 'ocr_page', id: `page_${n}`, title: props.join('; ') })}>`];
  let lineNo = 0;
  let wordNo = 0;
  page.blocks.forEach((block, b) => {
    const box = bbox(pixelBox(block.box, page));
    out.push(`   <div ${xmlAttrs({ class: 'ocr_carea', id: `block_${n}_${b + 1}`, title: box })}>`);
    out.push(`    <p ${xmlAttrs({ class: 'ocr_par', id: `par_${n}_${b + 1}`, lang, title: box })}>`);
    for (const line of block.lines) {
      const words = lineWords(line);
      if (words.length === 0) continue;
      const lineProps = [bbox(pixelBox(line.box, page))];
      // Whole degrees, 0-359, as Tesseract writes it; upright lines leave it out.
      const angle = ((Math.round(lineAngle(line)) % 360) + 360) % 360;
      if (angle !== 0) lineProps.push(`textangle ${angle}`);
      lineNo += 1;
      out.push(
        `     <span ${xmlAttrs({ class: 'ocr_line', id: `line_${n}_${lineNo}`, title: lineProps.join('; ') })}>`,
      );
      for (const w of words) {
        wordNo += 1;
        const conf = Math.round(Math.min(Math.max(w.confidence, 0), 1) * 100);
        const title = `${bbox(pixelBox(w.box, page))}; x_wconf ${conf}`;
        const attrs = xmlAttrs({ class: 'ocrx_word', id: `word_${n}_${wordNo}`, title });
        out.push(`      <span ${attrs}>${xmlEscape(w.text.trim())}</span>`);
      }
      out.push('     </span>');
    }
    out.push('    </p>', '   </div>');
  });
  out.push('  </div>');
  return out.join('\n');
}

/** The document as one hOCR file: a `div.ocr_page` per page, in order. */
export function exportHocr(doc: DocumentResult, options: HocrOptions = {}): string {
  const name = path.basename(doc.source);
  const image = options.imageName ?? name;
  const lang = xmlLanguage(options.language);
  const capabilities = ['ocr_page', 'ocr_carea', 'ocr_par', 'ocr_line', 'ocrx_word', 'ocrp_wconf'];
  if (lang !== undefined) capabilities.push('ocrp_lang');
  const meta = (m: string, content: string): string => `  <meta ${xmlAttrs({ name: m, content })} />`;
  const head = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"',
    '    "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
    `<html ${xmlAttrs({ xmlns: 'http://www.w3.org/1999/xhtml', 'xml:lang': lang, lang })}>`,
    ' <head>',
    `  <title>${xmlEscape(options.title ?? name)}</title>`,
    '  <meta http-equiv="Content-Type" content="text/html;charset=utf-8" />',
    meta('ocr-system', `OCR Desk ${VERSION}`),
    meta('ocr-capabilities', capabilities.join(' ')),
    meta('ocr-number-of-pages', String(doc.pages.length)),
  ];
  if (lang !== undefined) head.push(meta('ocr-langs', lang));
  head.push(' </head>', ' <body>');
  const pages = doc.pages.map((p, i) => pageHocr(p, i, image, lang));
  return [...head, ...pages, ' </body>', '</html>', ''].join('\n');
}
