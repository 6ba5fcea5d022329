/**
 * Desktop notifications for the tracker (paid, declined, expired). A click brings the window
 * forward and asks the services to open that order: the renderer picks it up on its next
 * `tracking.changes` poll, so no main → renderer channel and nothing new in the preload.
 */
import type { OrderKey } from '@shared/order-key';

export interface NotificationLike {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
}

export interface WindowLike {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export function desktopNotifier(deps: {
  supported: () => boolean;
  create: (options: { title: string; body: string }) => NotificationLike;
  window: () => WindowLike | null;
  open: (key: OrderKey) => void;
}) {
  // Held until closed or clicked: a collected notification loses its click handler on some platforms.
  const live = new Set<NotificationLike>();
  return ({ title, body, key }: { title: string; body: string; key: OrderKey }): void => {
    if (!deps.supported()) return;
    const notification = deps.create({ title, body });
    live.add(notification);
    notification.on('close', () => live.delete(notification));
    notification.on('click', () => {
      live.delete(notification);
      const window = deps.window();
      if (window) {
        if (window.isMinimized()) window.restore();
        window.show();
        window.focus();
      }
      deps.open(key);
    });
    notification.show();
  };
}
