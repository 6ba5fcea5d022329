import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppI18n, navigatorLocale } from './i18n';
import { createAppRouter } from './router';
import { useAppStore } from './stores/app';
import './styles.css';

const pinia = createPinia();
const locale = navigatorLocale();

const app = createApp(App);
app.use(pinia);
app.use(createAppI18n(locale));
app.use(createAppRouter());
useAppStore(pinia).setLocale(locale);
app.mount('#app');
