/**
 * Client address allow-lists (`allow_ips`): IPv4/IPv6 addresses and CIDR blocks.
 *
 * Rules are stored in one canonical text form, so the same rule written two ways compares equal:
 * - a CIDR block keeps its network address only (`10.1.2.3/8` → `10.0.0.0/8`);
 * - a full-length prefix is written as a bare address (`192.168.1.7/32` → `192.168.1.7`);
 * - IPv6 is lower-case and compressed as RFC 5952 says (`2001:DB8:0:0::1` → `2001:db8::1`);
 * - an IPv4-mapped IPv6 rule becomes the IPv4 rule it means (`::ffff:10.0.0.0/104` → `10.0.0.0/8`).
 * Zone ids (`fe80::1%eth0`) are not accepted in rules.
 */

import { BlockList, isIPv4, isIPv6 } from 'node:net';

type Family = 'ipv4' | 'ipv6';

interface ParsedRule {
  family: Family;
  /** Network address in canonical text. */
  address: string;
  prefix: number;
}

const PREFIX_TEXT = /^(?:0|[1-9]\d{0,2})$/;

/** Canonical text of an address or CIDR block, or null when it is neither (or the prefix is out of range). */
export function normalizeIpRule(text: string): string | null {
  const rule = parseRule(text);
  if (rule === null) return null;
  const fullLength = rule.family === 'ipv4' ? 32 : 128;
  return rule.prefix === fullLength ? rule.address : `${rule.address}/${rule.prefix}`;
}

/**
 * A matcher for client addresses. Rules must be valid (see normalizeIpRule; an invalid one throws).
 * IPv4 clients match IPv4 rules whether Node reports them as `10.1.2.3` or, on a dual-stack socket, as
 * `::ffff:10.1.2.3`. An empty list matches nothing; so does an address that cannot be parsed.
 */
export function compileIpAllowList(rules: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const text of rules) {
    const rule = parseRule(text);
    if (rule === null) throw new TypeError(`invalid IP allow-list rule ${JSON.stringify(text)}`);
    list.addSubnet(rule.address, rule.prefix, rule.family);
  }
  if (rules.length === 0) return () => false;
  return (address) => {
    // Link-local clients may come with a zone id; rules never carry one.
    const zoneStart = address.indexOf('%');
    const bare = zoneStart === -1 ? address : address.slice(0, zoneStart);
    if (isIPv4(bare)) return list.check(bare, 'ipv4') || list.check(`::ffff:${bare}`, 'ipv6');
    if (!isIPv6(bare)) return false;
    const groups = parseIpv6Groups(bare);
    const mapped = groups !== null && isIpv4Mapped(groups) ? ipv4FromGroups(groups) : null;
    return list.check(bare, 'ipv6') || (mapped !== null && list.check(mapped, 'ipv4'));
  };
}

function parseRule(text: string): ParsedRule | null {
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? null : text.slice(slash + 1);
  if (prefixText !== null && !PREFIX_TEXT.test(prefixText)) return null;

  if (isIPv4(addressText)) {
    const prefix = prefixText === null ? 32 : Number(prefixText);
    if (prefix > 32) return null;
    return { family: 'ipv4', address: formatIpv4(maskIpv4(ipv4ToNumber(addressText), prefix)), prefix };
  }
  if (addressText.includes('%') || !isIPv6(addressText)) return null;
  const groups = parseIpv6Groups(addressText);
  if (groups === null) return null;
  const prefix = prefixText === null ? 128 : Number(prefixText);
  if (prefix > 128) return null;
  if (prefix >= 96 && isIpv4Mapped(groups)) {
    const ipv4Prefix = prefix - 96;
    const ipv4 = ((groups[6]! << 16) | groups[7]!) >>> 0;
    return { family: 'ipv4', address: formatIpv4(maskIpv4(ipv4, ipv4Prefix)), prefix: ipv4Prefix };
  }
  return { family: 'ipv6', address: formatIpv6(maskIpv6(groups, prefix)), prefix };
}

function ipv4ToNumber(text: string): number {
  return text.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

function maskIpv4(value: number, prefix: number): number {
  if (prefix === 0) return 0;
  return (value & (0xffffffff << (32 - prefix))) >>> 0;
}

function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
}

/** Eight 16-bit groups of text that net.isIPv6 accepted (without a zone id); null if it is not that. */
function parseIpv6Groups(text: string): number[] | null {
  let body = text;
  const tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  const lastPart = body.slice(lastColon + 1);
  if (lastPart.includes('.')) {
    if (!isIPv4(lastPart)) return null;
    const ipv4 = ipv4ToNumber(lastPart);
    tail.push(Math.floor(ipv4 / 65_536), ipv4 % 65_536);
    // Keep the colon when it is part of a `::` just before the IPv4 part.
    body = body.slice(0, body[lastColon - 1] === ':' ? lastColon + 1 : lastColon);
  }
  const parseGroups = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16));
  const doubleColon = body.indexOf('::');
  let groups: number[];
  if (doubleColon === -1) {
    groups = [...parseGroups(body), ...tail];
  } else {
    const head = parseGroups(body.slice(0, doubleColon));
    const rest = [...parseGroups(body.slice(doubleColon + 2)), ...tail];
    const zeros = 8 - head.length - rest.length;
    if (zeros < 1) return null;
    groups = [...head, ...new Array<number>(zeros).fill(0), ...rest];
  }
  return groups.length === 8 && groups.every((group) => group >= 0 && group <= 0xffff) ? groups : null;
}

function isIpv4Mapped(groups: readonly number[]): boolean {
  return groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
}

function ipv4FromGroups(groups: readonly number[]): string {
  return formatIpv4(((groups[6]! << 16) | groups[7]!) >>> 0);
}

function maskIpv6(groups: readonly number[], prefix: number): number[] {
  return groups.map((group, index) => {
    const bits = Math.min(16, Math.max(0, prefix - index * 16));
    return bits === 0 ? 0 : group & ((0xffff << (16 - bits)) & 0xffff);
  });
}

/** RFC 5952: lower-case hex without leading zeros; the longest run of two or more zero groups (the first of equals) becomes `::`. */
function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}
