import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppI18n, loadLocale, navigatorLocale } from './i18n';
import { createAppRouter } from './router';
import { useAppStore } from './stores/app';
import './styles.css';

async function start(): Promise<void> {
  const pinia = createPinia();
  const locale = navigatorLocale();
  // English is in this chunk; Dutch or French is fetched before the first render, so no English flashes.
  const messages = await loadLocale(locale);

  const app = createApp(App);
  app.use(pinia);
  app.use(createAppI18n(locale, { [locale]: messages }));
  app.use(createAppRouter());
  await useAppStore(pinia).setLocale(locale);
  app.mount('#app');
}

void start();
