import type { Permission } from '@portcullis/permissions';
import { type Directive, type ShallowRef, shallowRef, watchEffect } from 'vue';
import { useOrgStore } from '../stores/org-store.ts';

/**
 * `v-can="'posts.create'"` — shown when the caller may do it on at least their own items;
 * `v-can="{ permission: 'posts.delete', owner: post.authorId }"` — on that item.
 */
export type CanBinding = Permission | { permission: Permission; owner: string | null };

interface Bound {
  binding: ShallowRef<CanBinding>;
  stop: () => void;
}

const bound = new WeakMap<HTMLElement, Bound>();

/**
 * Hides an element the caller may not use. It watches the store itself: directive hooks run
 * untracked, so without its own effect the element would keep its old state when permissions
 * change and the component around it does not re-render. Hiding is a courtesy — the API decides.
 */
export const vCan: Directive<HTMLElement, CanBinding> = {
  mounted(el, { value }) {
    const orgStore = useOrgStore();
    const binding = shallowRef(value);
    const stop = watchEffect(() => {
      const current = binding.value;
      const allowed =
        typeof current === 'string'
          ? orgStore.canAnyIn(orgStore.activeOrgId, current)
          : orgStore.canIn(orgStore.activeOrgId, current.permission, current.owner);
      // An inline style, so that no class (`.btn { display: inline-flex }`) can show it again.
      el.style.display = allowed ? '' : 'none';
    });
    bound.set(el, { binding, stop });
  },
  updated(el, { value }) {
    const entry = bound.get(el);
    if (entry) entry.binding.value = value;
  },
  unmounted(el) {
    bound.get(el)?.stop();
    bound.delete(el);
  },
};

declare module 'vue' {
  interface GlobalDirectives {
    vCan: typeof vCan;
  }
}
