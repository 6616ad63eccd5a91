import { describe, expect, it } from 'vitest';
import { compileIpAllowList, normalizeIpRule } from './ip-allow-list.js';

describe('normalizeIpRule', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['192.168.1.7', '192.168.1.7'],
    ['192.168.1.7/32', '192.168.1.7'],
    ['192.168.1.7/31', '192.168.1.6/31'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['255.255.255.255/1', '128.0.0.0/1'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'],
    ['2001:db8:1234:5678::/32', '2001:db8::/32'],
    ['2001:db8::1/128', '2001:db8::1'],
    ['2001:db8::1/127', '2001:db8::/127'],
    ['fe80::1:2/65', 'fe80::/65'],
    ['::', '::'],
    ['::/0', '::/0'],
    ['::1', '::1'],
    ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
    ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['::ffff:a01:203', '10.1.2.3'],
    ['::ffff:10.0.0.0/104', '10.0.0.0/8'],
    ['::ffff:0:0/96', '0.0.0.0/0'],
    ['::ffff:0:0/95', '::fffe:0:0/95'],
    ['64:ff9b::192.0.2.1', '64:ff9b::c000:201'],
    ['::1.2.3.4', '::102:304'],
  ])('%s → %s', (text, expected) => {
    expect(normalizeIpRule(text)).toBe(expected);
  });

  it.each([
    '',
    'localhost',
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0.0/',
    '10.0.0.0/-1',
    '10.0.0.0/08',
    '10.0.0.0/8/8',
    '10.0.0.0 /8',
    ' 10.0.0.1',
    '10.0.0',
    '256.0.0.1',
    '010.0.0.1',
    '1::2::3',
    '12345::',
    'fe80::1%eth0',
    '10.0.0.0/a',
    '*',
  ])('rejects %j', (text) => {
    expect(normalizeIpRule(text)).toBeNull();
  });
});

describe('compileIpAllowList', () => {
  const allowed = compileIpAllowList(['10.0.0.0/8', '192.168.1.7', '2001:db8::/32']);

  it.each([
    ['10.1.2.3', true],
    ['10.255.255.255', true],
    ['11.0.0.1', false],
    ['192.168.1.7', true],
    ['192.168.1.8', false],
    ['::ffff:10.1.2.3', true],
    ['::FFFF:10.1.2.3', true],
    ['::ffff:a01:203', true],
    ['::ffff:192.168.1.7', true],
    ['::ffff:11.0.0.1', false],
    ['2001:db8::1', true],
    ['2001:db8:ffff::1', true],
    ['2001:db9::1', false],
    ['::1', false],
    ['fe80::1%eth0', false],
    ['', false],
    ['not an address', false],
  ])('%j → %s', (address, expected) => {
    expect(allowed(address)).toBe(expected);
  });

  it('matches IPv4 clients against IPv6 rules that cover the mapped range', () => {
    const anyIpv6 = compileIpAllowList(['::/0']);
    expect(anyIpv6('10.1.2.3')).toBe(true);
    expect(anyIpv6('::ffff:10.1.2.3')).toBe(true);
    expect(anyIpv6('2001:db8::1')).toBe(true);
  });

  it('accepts rules written as IPv4-mapped IPv6', () => {
    const mapped = compileIpAllowList(['::ffff:10.0.0.0/104']);
    expect(mapped('10.9.9.9')).toBe(true);
    expect(mapped('::ffff:10.9.9.9')).toBe(true);
    expect(mapped('11.0.0.1')).toBe(false);
  });

  it('strips a zone id from link-local clients', () => {
    expect(compileIpAllowList(['fe80::/10'])('fe80::1%eth0')).toBe(true);
  });

  it('allows everything with 0.0.0.0/0 and ::/0 and nothing with an empty list', () => {
    const everything = compileIpAllowList(['0.0.0.0/0', '::/0']);
    expect(everything('203.0.113.9')).toBe(true);
    expect(everything('2001:db8::9')).toBe(true);
    expect(compileIpAllowList([])('10.0.0.1')).toBe(false);
  });

  it('throws on an invalid rule', () => {
    expect(() => compileIpAllowList(['10.0.0.0/33'])).toThrow('invalid IP allow-list rule "10.0.0.0/33"');
  });
});
