import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { root } from './paths.ts';

export const devVarsPath = `${root}.dev.vars`;

/** Secrets a local run needs, each made fresh when missing. Never used in production. */
const generators: Record<string, () => string> = {
  ENVIRONMENT: () => 'development',
  UPSTASH_REDIS_REST_TOKEN: () => randomBytes(32).toString('base64url'),
  REFRESH_TOKEN_SECRET: () => randomBytes(32).toString('base64url'),
  MFA_ENCRYPTION_KEY: () => randomBytes(32).toString('base64url'),
  JWT_PRIVATE_KEYS: () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const kid = `dev-${new Date().toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
    return JSON.stringify([{ ...privateKey.export({ format: 'jwk' }), kid, alg: 'EdDSA' }]);
  },
};

function parse(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined) vars.set(match[1], match[2].replace(/^(['"])(.*)\1$/, '$2'));
  }
  return vars;
}

/**
 * Reads `.dev.vars` (git-ignored; wrangler reads it too), adding any development secret that is
 * missing, and says so — a fresh clone needs no manual setup.
 */
export function ensureDevVars(): Map<string, string> {
  const existing = existsSync(devVarsPath) ? readFileSync(devVarsPath, 'utf8') : '';
  const vars = parse(existing);
  const added: string[] = [];
  for (const [name, generate] of Object.entries(generators)) {
    if (!vars.has(name)) {
      vars.set(name, generate());
      added.push(name);
    }
  }
  if (added.length > 0) {
    const header = existing
      ? ''
      : '# Development secrets made by `pnpm start`/`pnpm dev`. Git-ignored; never deploy them.\n';
    // Single quotes: dotenv (and wrangler) take the JSON inside literally.
    const lines = added.map((name) => `${name}='${vars.get(name)}'`).join('\n');
    writeFileSync(devVarsPath, `${existing}${existing && !existing.endsWith('\n') ? '\n' : ''}${header}${lines}\n`, {
      mode: 0o600,
    });
    console.log(`portcullis: wrote development secrets to .dev.vars (${added.join(', ')})`);
  }
  return vars;
}
