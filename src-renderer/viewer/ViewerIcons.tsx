// Small stroke icons for the viewer's toolbar (24×24 grid, drawn in currentColor so themes colour them).
const PATHS = {
  prev: 'M15 6l-6 6 6 6',
  next: 'M9 6l6 6-6 6',
  zoomOut: 'M5 12h14',
  zoomIn: 'M12 5v14M5 12h14',
  fitWidth: 'M3 12h18M7 8l-4 4 4 4M17 8l4 4-4 4',
  fitPage: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5',
  rotate: 'M20 12a8 8 0 1 1-2.34-5.66M20 4v4h-4',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM21 21l-5-5',
  up: 'M6 15l6-6 6 6',
  down: 'M6 9l6 6 6-6',
  copy: 'M9 9h10v12H9zM5 15V3h10',
  review: 'M12 3l9 16H3zM12 10v4M12 17v.5',
  close: 'M6 6l12 12M18 6L6 18',
  check: 'M5 12l5 5 9-10',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { readonly name: IconName }): React.JSX.Element {
  return (
    <svg className="pv-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}
