import { ref } from 'vue';

/**
 * True while the open page is one the person may no longer use (their role changed) but keeps
 * typed input: the page stays, with a notice (AccessLostNotice.vue), until they leave it.
 */
export const accessLost = ref(false);
