// A tracker notification in the shell: shown once; a click restores and focuses the window and asks
// the services to open that order (the renderer picks it up on its next poll).
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { desktopNotifier } from '../../../electron/main/notify';

class FakeNotification extends EventEmitter {
  readonly show = vi.fn();
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
}

const KEY = { environment: 'demo' as const, profileId: 'demo', orderId: 'CON-1' };

function rig(supported = true) {
  const made: FakeNotification[] = [];
  const window = { isMinimized: vi.fn(() => true), restore: vi.fn(), show: vi.fn(), focus: vi.fn() };
  const open = vi.fn();
  const notify = desktopNotifier({
    supported: () => supported,
    create: (options) => {
      const n = new FakeNotification(options);
      made.push(n);
      return n;
    },
    window: () => window,
    open,
  });
  return { made, window, open, notify };
}

describe('desktop notifications', () => {
  it('shows the text; a click brings the window back and opens the order', () => {
    const { made, window, open, notify } = rig();
    notify({ title: 'Paid: €12.50', body: 'CON-1 · Phone order', key: KEY });
    expect(made).toHaveLength(1);
    expect(made[0]!.options).toEqual({ title: 'Paid: €12.50', body: 'CON-1 · Phone order' });
    expect(made[0]!.show).toHaveBeenCalledOnce();
    expect(open).not.toHaveBeenCalled();
    made[0]!.emit('click');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(open).toHaveBeenCalledWith(KEY);
  });

  it('does nothing where the system has no notifications', () => {
    const { made, notify } = rig(false);
    notify({ title: 't', body: 'b', key: KEY });
    expect(made).toEqual([]);
  });
});
