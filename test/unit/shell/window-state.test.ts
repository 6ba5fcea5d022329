import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWindowState, placeWindow, readWindowState, writeWindowState } from '../../../electron/main/window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 860 };
const monitorRight = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('parseWindowState', () => {
  it('accepts exactly the shape it writes', () => {
    expect(parseWindowState('{"bounds":{"x":-20,"y":5,"width":1000,"height":700},"maximized":false}')).toEqual({
      bounds: { x: -20, y: 5, width: 1000, height: 700 },
      maximized: false,
    });
  });

  it.each([
    '',
    'null',
    '[]',
    '{"bounds":{"x":0,"y":0,"width":1000,"height":700}}',
    '{"bounds":{"x":"0","y":0,"width":1000,"height":700},"maximized":false}',
    '{"bounds":{"x":0.5,"y":0,"width":1000,"height":700},"maximized":false}',
    '{"bounds":{"x":0,"y":0,"width":0,"height":700},"maximized":false}',
    '{"bounds":{"x":0,"y":0,"width":1e9,"height":700},"maximized":false}',
    '{"bounds":null,"maximized":true}',
  ])('refuses %s', (text) => {
    expect(parseWindowState(text)).toBeNull();
  });

  it('round-trips through the file, written atomically; an absent or oversized file reads as null', () => {
    const dir = mkdtempSync(join(tmpdir(), 'window-state-'));
    const file = join(dir, 'sub', 'window-state.json');
    expect(readWindowState(file)).toBeNull();
    writeWindowState(file, { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true });
    expect(readWindowState(file)).toEqual({ bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('maximized', true);
    writeFileSync(file, ' '.repeat(5000));
    expect(readWindowState(file)).toBeNull();
  });
});

describe('placeWindow', () => {
  it('centres the default size on the primary display the first time', () => {
    expect(placeWindow(null, [monitorRight, laptop])).toEqual({
      bounds: { x: 1440 + 640, y: 270, width: 1280, height: 860 },
      maximized: false,
    });
  });

  it('keeps a saved place on a secondary display that is still there', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1200, height: 800 }, maximized: true };
    expect(placeWindow(saved, [laptop, monitorRight])).toEqual(saved);
  });

  it('brings a window from an unplugged monitor back to the primary display, centred', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1200, height: 800 }, maximized: false };
    expect(placeWindow(saved, [laptop]).bounds).toEqual({ x: 120, y: 30, width: 1200, height: 800 });
  });

  it('pulls a window hanging over an edge fully inside, and shrinks one larger than the display', () => {
    expect(placeWindow({ bounds: { x: 1000, y: -10, width: 1000, height: 700 }, maximized: false }, [laptop]).bounds).toEqual({
      x: 440,
      y: 0,
      width: 1000,
      height: 700,
    });
    expect(placeWindow({ bounds: { x: 0, y: 0, width: 4000, height: 3000 }, maximized: false }, [laptop]).bounds).toEqual(laptop);
  });

  it('a window whose title bar is above every display (unreachable) is re-centred', () => {
    const saved = { bounds: { x: 100, y: -2000, width: 1000, height: 700 }, maximized: false };
    expect(placeWindow(saved, [laptop]).bounds).toEqual({ x: 220, y: 80, width: 1000, height: 700 });
  });

  it('never goes below the minimum size', () => {
    const saved = { bounds: { x: 10, y: 10, width: 200, height: 100 }, maximized: false };
    expect(placeWindow(saved, [laptop]).bounds).toMatchObject({ width: 900, height: 600 });
  });
});
