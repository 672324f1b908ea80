/** One bucket for every client whose address the runtime could not tell (or that is garbled). */
export const UNKNOWN_CLIENT = 'unknown';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEXTET = /^[0-9a-f]{1,4}$/;

/** The eight 16-bit groups of an IPv6 address, or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  // An embedded IPv4 tail (::ffff:192.0.2.1) is two groups written in dotted form.
  const tail = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1]) {
    if (!IPV4.test(tail[1])) return null;
    const [a = 0, b = 0, c = 0, d = 0] = tail[1].split('.').map(Number);
    text = `${text.slice(0, -tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string | undefined) => (part ? part.split(':') : []);
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  if (![...head, ...rest].every((group) => HEXTET.test(group))) return null;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...rest].map((group) =>
    Number.parseInt(group, 16),
  );
}

/**
 * The rate-limit identity of a client address. IPv4 as it is; IPv6 by its /64, because one
 * subscriber is routinely handed a whole /64 and could otherwise take a fresh bucket per request;
 * an IPv4-mapped IPv6 address (what a dual-stack Node socket reports) as the IPv4 it carries.
 */
export function clientIpKey(ip: string | null): string {
  if (!ip) return UNKNOWN_CLIENT;
  const address = ip.trim().toLowerCase().replace(/%.*$/, '');
  if (IPV4.test(address)) return address;
  const groups = address.includes(':') ? ipv6Groups(address) : null;
  if (!groups) return UNKNOWN_CLIENT;
  const hex = groups.map((group) => group.toString(16));
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return `${hex.slice(0, 4).join(':')}::/64`;
}
