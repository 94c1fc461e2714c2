// The page image the GUI draws boxes over: decoded as the engine saw it, sent as JPEG.
import sharp from 'sharp';
import type { JobOptions } from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { loadImagePages } from '../documents/image-loader.ts';

export async function pageImage(
  file: string,
  page: number,
  _options: JobOptions,
  maxWidth: number | undefined,
): Promise<Buffer> {
  for await (const loaded of loadImagePages(file, { pages: (n) => n === page })) {
    const { width, height, channels, data } = loaded.image;
    let img = sharp(data, { raw: { width, height, channels } });
    if (maxWidth && maxWidth < width) img = img.resize({ width: Math.max(16, Math.round(maxWidth)) });
    return img.jpeg({ quality: 85 }).toBuffer();
  }
  throw new OcrDeskError('NOT_FOUND', `no page ${page} in this file`, { page });
}
