// The few page globals the viewer's browser tests touch inside page.evaluate callbacks (the e2e room has no DOM
// types; in the page they are real). Cast `globalThis as unknown as PageGlobals` inside each callback.
export interface PageRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface PageElement {
  getBoundingClientRect(): PageRect;
  getAttribute(name: string): string | null;
  dispatchEvent(event: unknown): boolean;
  readonly dataset: Record<string, string | undefined>;
  readonly textContent: string | null;
  /** For <img>. */
  readonly naturalWidth?: number;
  readonly classList: { contains(name: string): boolean };
}

export interface PageGlobals {
  readonly document: {
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): Iterable<PageElement> & { readonly length: number };
  };
  readonly navigator: { readonly clipboard: { readText(): Promise<string> } };
  readonly performance: { now(): number };
  requestAnimationFrame(callback: (time: number) => void): number;
  atob(data: string): string;
  readonly DataTransfer: new () => { readonly items: { add(file: unknown): unknown } };
  readonly File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
  readonly WheelEvent: new (
    type: 'wheel',
    init: {
      bubbles: boolean;
      cancelable: boolean;
      clientX: number;
      clientY: number;
      deltaX?: number;
      deltaY: number;
      ctrlKey?: boolean;
    },
  ) => unknown;
}
