import { describe, expect, it } from 'vitest';
import { clientIpKey, UNKNOWN_CLIENT } from './client-ip-key.ts';

describe('clientIpKey', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(clientIpKey('203.0.113.10')).toBe('203.0.113.10');
  });

  it('buckets IPv6 by its /64, however the address is written', () => {
    const key = '2001:db8:85a3:8d3::/64';
    for (const address of [
      '2001:db8:85a3:8d3:1319:8a2e:370:7348',
      '2001:0DB8:85A3:08D3::1',
      '2001:db8:85a3:8d3::',
      '2001:db8:85a3:8d3:ffff:ffff:ffff:ffff',
      '2001:db8:85a3:8d3::1%eth0',
    ]) {
      expect(clientIpKey(address)).toBe(key);
    }
    expect(clientIpKey('2001:db8:85a3:8d4::1')).not.toBe(key);
    expect(clientIpKey('::1')).toBe('0:0:0:0::/64');
  });

  it('reads an IPv4-mapped IPv6 address (a dual-stack socket’s view) as the IPv4 it carries', () => {
    expect(clientIpKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientIpKey('::ffff:c000:201')).toBe('192.0.2.1');
  });

  it('puts a missing or garbled address in one shared bucket, never in a bucket of its own', () => {
    for (const address of [
      null,
      '',
      'unknown',
      '256.1.1.1',
      '1.2.3',
      '01.2.3.4',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      '12345::1',
      `${'a'.repeat(200)}::1`,
      '::ffff:300.1.1.1',
      '203.0.113.10, 198.51.100.7',
    ]) {
      expect(clientIpKey(address)).toBe(UNKNOWN_CLIENT);
    }
  });
});
