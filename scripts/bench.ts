/** `pnpm bench`: no benchmarks yet — the first ones arrive with core authentication. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { root } from './lib/paths.ts';

mkdirSync(`${root}bench`, { recursive: true });
writeFileSync(
  `${root}bench/results.json`,
  `${JSON.stringify({ benchmarks: [], note: 'no benchmarks yet' }, null, 2)}\n`,
);
console.log('portcullis: no benchmarks yet (they arrive with core authentication); wrote bench/results.json');
