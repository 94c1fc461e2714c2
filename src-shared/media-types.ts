/** Input types the engine accepts, by media type, with the extensions users know them by. */
export const SUPPORTED_INPUTS = {
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/tiff': ['.tif', '.tiff'],
  'image/webp': ['.webp'],
  'image/bmp': ['.bmp'],
  'image/gif': ['.gif'],
} as const;

export type SupportedMediaType = keyof typeof SUPPORTED_INPUTS;
