/** Decoded page pixels handed between stages: interleaved 8-bit RGB, row-major, no padding. */
export interface RasterImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 3;
  readonly data: Uint8Array;
}

/** One page of an input document, decoded. */
export interface LoadedPage {
  /** 1-based page number within the input. */
  readonly page: number;
  readonly image: RasterImage;
  /** Resolution from the file's metadata, when it has one. */
  readonly dpi?: number;
}
