/**
 * The console's screens as routes, so back/forward (and Alt+Left/Alt+Right) work and a
 * screen can be linked: `#/new`, `#/history`, `#/history/<environment>/<profile>/<order id>`, `#/links`, `#/settings`, `#/audit`.
 * Hash history: the renderer is one file served from app://, with no server to resolve paths.
 */
import { createRouter, createWebHashHistory } from 'vue-router';
import type { RouterHistory } from 'vue-router';
import AuditView from './views/AuditView.vue';
import HistoryView from './views/HistoryView.vue';
import LinksView from './views/LinksView.vue';
import NewOrder from './views/NewOrder.vue';
import SettingsView from './views/SettingsView.vue';

/** The top-level screens (one per entry in the main navigation). */
export type View = 'new' | 'history' | 'links' | 'settings' | 'audit';

export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({
    history,
    routes: [
      { path: '/', redirect: { name: 'new' } },
      { path: '/new', name: 'new', component: NewOrder, meta: { view: 'new' } },
      // One record for the list and an order's details: the view stays mounted between them.
      { path: '/history/:environment?/:profileId?/:orderId?', name: 'history', component: HistoryView, meta: { view: 'history' } },
      { path: '/links', name: 'links', component: LinksView, meta: { view: 'links' } },
      { path: '/settings', name: 'settings', component: SettingsView, meta: { view: 'settings' } },
      { path: '/audit', name: 'audit', component: AuditView, meta: { view: 'audit' } },
      { path: '/:rest(.*)*', redirect: { name: 'new' } },
    ],
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module 'vue-router' {
  interface RouteMeta {
    view?: View;
  }
}
