import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { vCan } from './permissions/v-can.ts';
import { createAppRouter } from './router/create-app-router.ts';
import { followSession } from './router/follow-session.ts';
import { useSessionStore } from './stores/session-store.ts';
import './styles/app.css';
import { pollSession } from './tabs/poll-session.ts';

const app = createApp(App);
const pinia = createPinia();
const router = createAppRouter();
app.use(pinia);
app.use(router);
app.directive('can', vCan);
followSession(router);
const session = useSessionStore();
pollSession(
  () => session.checkSession(),
  () => session.status === 'signed-in',
);
app.mount('#app');
