import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Toast {
  id: number;
  message: string;
  kind: 'success' | 'error';
}

/** Short confirmations ("Signed out 2 devices"), announced politely to screen readers. */
export const useToasts = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([]);
  let next = 1;

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((toast) => toast.id !== id);
  }

  function notify(message: string, kind: Toast['kind'] = 'success'): void {
    const id = next++;
    toasts.value = [...toasts.value.slice(-2), { id, message, kind }];
    setTimeout(() => dismiss(id), kind === 'error' ? 8_000 : 4_000);
  }

  return { toasts, notify, dismiss };
});
