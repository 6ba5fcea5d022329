/**
 * The window's size and position, remembered in a small JSON file in userData. What is read
 * back is validated (numbers, sane sizes) and clamped onto a display that is still there, so a
 * monitor unplugged since last time never leaves the window off-screen.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 860 } as const;
export const MIN_SIZE = { width: 900, height: 600 } as const;
const MAX_DIMENSION = 100_000;
/** How much of the window's title bar must stay on a display to count as visible. */
const MIN_VISIBLE = 100;

const isInt = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_DIMENSION;

/** A parsed state, or null when the file is absent, broken or holds anything unexpected. */
export function parseWindowState(text: string): WindowState | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!data || typeof data !== 'object') return null;
  const { bounds, maximized } = data as { bounds?: unknown; maximized?: unknown };
  if (!bounds || typeof bounds !== 'object' || typeof maximized !== 'boolean') return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isInt(x) || !isInt(y) || !isInt(width) || !isInt(height) || width <= 0 || height <= 0) return null;
  return { bounds: { x, y, width, height }, maximized };
}

export function readWindowState(file: string): WindowState | null {
  try {
    const text = readFileSync(file, 'utf8');
    return text.length > 4096 ? null : parseWindowState(text);
  } catch {
    return null;
  }
}

/** Written to a temp file and renamed, so a crash mid-write leaves the old state, not half a file. */
export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state)}\n`);
  renameSync(temp, file);
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/**
 * Bounds to open with: the saved ones when their top strip is on one of `workAreas`, else the
 * saved size centred on the primary (first) work area; always at least MIN_SIZE and no larger
 * than the work area it ends up on. Without a saved state: the default size, centred.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[]): { bounds: Rect; maximized: boolean } {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height };
  const wanted = saved?.bounds ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  const titleBar = { x: wanted.x, y: wanted.y, width: wanted.width, height: Math.min(wanted.height, 40) };
  const home = saved
    ? workAreas.find((area) => {
        const o = overlap(titleBar, area);
        return o.width >= Math.min(MIN_VISIBLE, wanted.width) && o.height > 0;
      })
    : undefined;
  const area = home ?? primary;
  const width = Math.min(Math.max(wanted.width, MIN_SIZE.width), area.width);
  const height = Math.min(Math.max(wanted.height, MIN_SIZE.height), area.height);
  let x: number;
  let y: number;
  if (home) {
    // Visible already: keep the place, only pull it fully inside its display.
    x = Math.min(Math.max(wanted.x, area.x), area.x + area.width - width);
    y = Math.min(Math.max(wanted.y, area.y), area.y + area.height - height);
  } else {
    x = area.x + Math.round((area.width - width) / 2);
    y = area.y + Math.round((area.height - height) / 2);
  }
  return { bounds: { x, y, width, height }, maximized: saved?.maximized ?? false };
}
