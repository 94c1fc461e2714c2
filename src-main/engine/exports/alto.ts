// ALTO 4 (https://www.loc.gov/standards/alto/, schema 4.2): Page > PrintSpace > TextBlock > TextLine > String,
// with SP between words, coordinates in page pixels (MeasurementUnit pixel) and word confidence WC in 0..1.
import path from 'node:path';
import type { DocumentResult, PageResult } from '../../../src-shared/ocr-result.ts';
import { VERSION } from '../version.ts';
import { lineAngle, lineWords, pixelBox } from './page-structure.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { xmlAttrs, xmlEscape, xmlLanguage } from './xml.ts';

export interface AltoOptions {
  /** BCP 47 tag of the text's language, written as LANG on each TextBlock. */
  readonly language?: string;
  /** The image named in sourceImageInformation; default: the source file's name. */
  readonly imageName?: string;
}

export const ALTO_NAMESPACE = 'http://www.loc.gov/standards/alto/ns-v4#';

const geometry = (b: readonly [number, number, number, number]) => ({
  HPOS: b[0],
  VPOS: b[1],
  WIDTH: b[2] - b[0],
  HEIGHT: b[3] - b[1],
});

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[values.length >> 1] ?? 0;
}

function pageAlto(page: PageResult, index: number, lang: string | undefined): string {
  const n = index + 1;
  const pageAttrs = xmlAttrs({
    ID: `page_${n}`,
    PHYSICAL_IMG_NR: page.page,
    WIDTH: page.width,
    HEIGHT: page.height,
  });
  const out = [`    <Page ${pageAttrs}>`];
  const space = xmlAttrs({ ID: `ps_${n}`, ...geometry([0, 0, page.width, page.height]) });
  out.push(`      <PrintSpace ${space}>`);
  let lineNo = 0;
  let wordNo = 0;
  page.blocks.forEach((block, b) => {
    const lines = block.lines.filter((l) => lineWords(l).length > 0);
    // ALTO turns whole blocks (ROTATION, degrees counter-clockwise); take the block's typical line angle.
    const angle = lines.length > 0 ? Math.round(median(lines.map(lineAngle))) : 0;
    const blockAttrs = xmlAttrs({
      ID: `block_${n}_${b + 1}`,
      ...geometry(pixelBox(block.box, page)),
      ROTATION: angle === 0 ? undefined : ((angle % 360) + 360) % 360,
      LANG: lang,
    });
    out.push(`        <TextBlock ${blockAttrs}>`);
    for (const line of lines) {
      lineNo += 1;
      out.push(
        `          <TextLine ${xmlAttrs({ ID: `line_${n}_${lineNo}`, ...geometry(pixelBox(line.box, page)) })}>`,
      );
      let prevRight: number | undefined;
      for (const w of lineWords(line)) {
        const box = pixelBox(w.box, page);
        if (prevRight !== undefined) {
          // The gap between the words; overlapping boxes (italics, rotated lines) give a zero-width space.
          const sp = { WIDTH: Math.max(0, box[0] - prevRight), HPOS: prevRight, VPOS: box[1] };
          out.push(`            <SP ${xmlAttrs(sp)} />`);
        }
        wordNo += 1;
        const wc = Math.round(Math.min(Math.max(w.confidence, 0), 1) * 1000) / 1000;
        const attrs = xmlAttrs({
          ID: `word_${n}_${wordNo}`,
          ...geometry(box),
          CONTENT: w.text.trim(),
          WC: String(wc),
        });
        out.push(`            <String ${attrs} />`);
        prevRight = box[2];
      }
      out.push('          </TextLine>');
    }
    out.push('        </TextBlock>');
  });
  out.push('      </PrintSpace>', '    </Page>');
  return out.join('\n');
}

/** The document as one ALTO file: a Page per page, in order. */
export function exportAlto(doc: DocumentResult, options: AltoOptions = {}): string {
  // The schema wants at least one Page; an empty Layout would be an invalid file rather than an empty one.
  if (doc.pages.length === 0) throw new OcrDeskError('INVALID_ARGUMENT', 'ALTO needs a document with pages');
  const image = options.imageName ?? path.basename(doc.source);
  const root = xmlAttrs({
    xmlns: ALTO_NAMESPACE,
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation': `${ALTO_NAMESPACE} http://www.loc.gov/alto/v4/alto-4-2.xsd`,
    SCHEMAVERSION: '4.2',
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<alto ${root}>`,
    '  <Description>',
    '    <MeasurementUnit>pixel</MeasurementUnit>',
    `    <sourceImageInformation><fileName>${xmlEscape(image)}</fileName></sourceImageInformation>`,
    '    <Processing ID="ocr_1">',
    '      <processingCategory>contentGeneration</processingCategory>',
    '      <processingSoftware>',
    '        <softwareName>OCR Desk</softwareName>',
    `        <softwareVersion>${xmlEscape(VERSION)}</softwareVersion>`,
    '      </processingSoftware>',
    '    </Processing>',
    '  </Description>',
    '  <Layout>',
    ...doc.pages.map((p, i) => pageAlto(p, i, xmlLanguage(options.language))),
    '  </Layout>',
    '</alto>',
    '',
  ].join('\n');
}
