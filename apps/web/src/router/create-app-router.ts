import { createRouter, createWebHistory, type Router, type RouterHistory } from 'vue-router';
import './route-meta.ts';
import { installGuards } from './guards.ts';
import { routes } from './routes.ts';

export function createAppRouter(history: RouterHistory = createWebHistory()): Router {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });
  installGuards(router);
  return router;
}
