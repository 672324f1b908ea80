import { describe, expect, it } from 'vitest';
import { laptop, phone } from '../../test/auth-client.ts';
import { deviceKey } from './known-devices.ts';

describe('deviceKey', () => {
  it('is the browser and OS family, so a browser update is not a new device', () => {
    expect(deviceKey(laptop.userAgent)).toBe('Chrome|Linux');
    expect(deviceKey(laptop.userAgent.replace('Chrome/131', 'Chrome/132'))).toBe('Chrome|Linux');
    expect(deviceKey(phone.userAgent)).toBe('Safari|iOS');
  });

  it('treats a missing or unreadable user agent as one unknown device, bounded in size', () => {
    expect(deviceKey('')).toBe('unknown|unknown');
    expect(deviceKey('x'.repeat(10_000)).length).toBeLessThanOrEqual(128);
  });
});
