import { fileURLToPath } from 'node:url';

/** The repository root, whatever directory a script is started from. */
export const root: string = fileURLToPath(new URL('../../', import.meta.url));
export const binDir: string = `${root}node_modules/.bin`;
