import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppI18n, loadLocale, navigatorLocale } from './i18n';
import { afterPaint } from './lib/after-paint';
import { createAppRouter } from './router';
import { useAppStore } from './stores/app';
import './styles.css';

/**
 * Start-up in short tasks, so the window answers input all along (no task over 50 ms before the
 * form is usable): the modules are evaluated; then the shell is mounted and painted; then the
 * first screen renders.
 */
async function start(): Promise<void> {
  const pinia = createPinia();
  const locale = navigatorLocale();
  // English is in this chunk; Dutch or French is fetched before the first render, so no English flashes.
  const messages = await loadLocale(locale);

  const app = createApp(App);
  const router = createAppRouter();
  const removeGuard = router.beforeResolve(async () => {
    removeGuard();
    await afterPaint();
  });
  app.use(pinia);
  app.use(createAppI18n(locale, { [locale]: messages }));
  app.use(router);
  await useAppStore(pinia).setLocale(locale);
  await new Promise((resolve) => setTimeout(resolve));
  app.mount('#app');
}

void start();
