import ipaddr from 'ipaddr.js';

/** One bucket for every client whose address the runtime could not tell (or that is garbled). */
export const UNKNOWN_CLIENT = 'unknown';

/**
 * The rate-limit identity of a client address. IPv4 as it is; IPv6 by its /64, because one
 * subscriber is routinely handed a whole /64 and could otherwise take a fresh bucket per request;
 * an IPv4-mapped IPv6 address (what a dual-stack Node socket reports) as the IPv4 it carries.
 * Only the plain dotted form of IPv4 counts: ipaddr.js would also read `01.2.3.4` or `1.2.3`.
 */
export function clientIpKey(ip: string | null): string {
  const address = ip?.trim().toLowerCase().replace(/%.*$/, '') ?? '';
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) return address;
  if (!ipaddr.IPv6.isValid(address)) return UNKNOWN_CLIENT;
  const v6 = ipaddr.IPv6.parse(address);
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${v6.parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(':')}::/64`;
}
