/** IP addresses and CIDR ranges, for NetworkPolicy `ipBlock` peers. IPv4 and IPv6. */

/** An address as a number with its family's width. */
export interface ParsedIp {
  bits: 32 | 128;
  value: bigint;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split('::').length > 2) return undefined;
  // An embedded IPv4 tail (`::ffff:10.0.0.1`) counts as two groups.
  let groups = text;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseV4(tail);
    if (v4 === undefined) return undefined;
    groups = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = groups.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const fill = rest === undefined ? 0 : 8 - left.length - right.length;
  if (fill < 0 || (rest === undefined && left.length !== 8) || (rest !== undefined && fill < 1)) return undefined;
  const all = [...left, ...Array<string>(fill).fill('0'), ...right];
  let value = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return value;
}

/** Parses `10.0.0.1` or `fd00::1`; undefined when it is not an IP address (a host name). */
export function parseIp(text: string): ParsedIp | undefined {
  const v4 = parseV4(text);
  if (v4 !== undefined) return { bits: 32, value: v4 };
  const v6 = text.includes(':') ? parseV6(text) : undefined;
  return v6 !== undefined ? { bits: 128, value: v6 } : undefined;
}

/** Whether `ip` lies in `cidr` (`10.0.0.0/8`, `fd00::/64`); a malformed CIDR or another family contains nothing. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base = '', lengthText] = cidr.split('/');
  const net = parseIp(base);
  const addr = parseIp(ip);
  if (!net || !addr || net.bits !== addr.bits || lengthText === undefined || !/^\d+$/.test(lengthText)) return false;
  const length = Number(lengthText);
  if (length > net.bits) return false;
  const shift = BigInt(net.bits - length);
  return net.value >> shift === addr.value >> shift;
}
