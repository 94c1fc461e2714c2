// The page image the GUI draws boxes over: decoded as the engine saw it, sent as JPEG.
import sharp from 'sharp';
import type { JobOptions } from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import type { PageResult } from '../../../src-shared/ocr-result.ts';
import { loadImagePages } from '../documents/image-loader.ts';
import { renderPdfPage } from '../documents/pdf-reader.ts';
import type { RasterImage } from '../documents/raster.ts';
import { loadProcessedImage } from '../queue/pdf-output.ts';

export async function pageImage(
  file: string,
  page: number,
  _options: JobOptions,
  maxWidth: number | undefined,
  annotate?: PageResult,
  processed?: string,
  /** For PDF inputs: the resolution the page was read at (its boxes are in those pixels). */
  pdfDpi?: number,
): Promise<Buffer> {
  if (processed) return encode(await loadProcessedImage(processed), maxWidth, annotate);
  if (pdfDpi !== undefined) return encode(await renderPdfPage(file, page, pdfDpi), maxWidth, annotate);
  for await (const loaded of loadImagePages(file, { pages: (n) => n === page })) {
    return encode(loaded.image, maxWidth, annotate);
  }
  throw new OcrDeskError('NOT_FOUND', `no page ${page} in this file`, { page });
}

async function encode(
  image: RasterImage,
  maxWidth: number | undefined,
  annotate?: PageResult,
): Promise<Buffer> {
  const { width, height, channels, data } = image;
  let img = sharp(data, { raw: { width, height, channels } });
  if (annotate) {
    const flat = await img
      .composite([{ input: boxesSvg(annotate) }])
      .png({ compressionLevel: 1 })
      .toBuffer();
    img = sharp(flat);
  }
  if (maxWidth && maxWidth < width) img = img.resize({ width: Math.max(16, Math.round(maxWidth)) });
  return img.jpeg({ quality: 85 }).toBuffer();
}

/** Word boxes as an SVG overlay, coloured by confidence (red under 0.6, amber under 0.85, else green). */
function boxesSvg(result: PageResult): Buffer {
  const rects = result.blocks.flatMap((b) =>
    b.lines.flatMap((l) =>
      l.words.map((w) => {
        const colour = w.confidence < 0.6 ? '#d32f2f' : w.confidence < 0.85 ? '#f9a825' : '#2e7d32';
        const points = w.quad.map((p) => p.join(',')).join(' ');
        return `<polygon points="${points}" fill="none" stroke="${colour}" stroke-width="2"/>`;
      }),
    ),
  );
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${result.width}" height="${result.height}">${rects.join('')}</svg>`,
  );
}
