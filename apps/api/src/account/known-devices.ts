import Bowser from 'bowser';
import type { Deps } from '../app-env.ts';
import { keys } from '../keys/keys.ts';
import { noteDevice } from './account-scripts.ts';

const SECOND = 1000;

/**
 * A device, for new-sign-in alerts, is the browser and OS family without versions: every browser
 * update would otherwise look like a new device. Bounded, since attackers choose user agents.
 */
export function deviceKey(userAgent: string): string {
  const parsed = userAgent ? Bowser.parse(userAgent) : undefined;
  const browser = parsed?.browser.name ?? 'unknown';
  const os = parsed?.os.name ?? 'unknown';
  return `${browser}|${os}`.slice(0, 128);
}

/** Records a sign-in from this user agent; true when the device was not among the user's recent ones. */
export async function noteSignInDevice(deps: Deps, userId: string, userAgent: string, now: number): Promise<boolean> {
  const ttlMs = deps.config.KNOWN_DEVICE_TTL_SECONDS * SECOND;
  const added = await noteDevice.run(deps.store, {
    devices: keys.userDevices(userId),
    device: deviceKey(userAgent),
    now,
    forgetBefore: now - ttlMs,
    ttlMs,
    cap: deps.config.KNOWN_DEVICES_PER_USER,
  });
  return added === 1;
}
