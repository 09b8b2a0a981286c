import { describe, expect, it } from 'vitest';
import { canonicalAddress, createAllowList, embeddedIpv4, isInternalAddress } from './index.ts';

describe('isInternalAddress', () => {
  it('names internal every range a request from the hub must not reach', () => {
    const internal = [
      '0.0.0.0', '0.255.255.255', '10.0.0.0', '10.255.255.255', '100.64.0.0', '100.127.255.255', '127.0.0.1', '127.255.255.254',
      '169.254.0.1', '169.254.169.254', '172.16.0.0', '172.31.255.255', '192.0.0.8', '192.0.2.10', '192.168.0.1', '198.18.0.1',
      '198.19.255.255', '198.51.100.7', '203.0.113.7', '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255',
      '::', '::1', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'febf::1', 'ff02::1', 'ff0e::1', '2001:db8::1', '2001:0:4136:e378::1', '64:ff9b:1::a00:1', '100::1',
      // IPv6 forms of internal IPv4 addresses
      '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '::ffff:0:10.0.0.1', '::127.0.0.1', '::a00:1',
      '64:ff9b::127.0.0.1', '64:ff9b::a9fe:a9fe', '64:ff9b::c0a8:101', '2002:7f00:1::', '2002:a00:1:1::1', '2002:a9fe:a9fe::',
      // not an address at all
      'localhost', '', '1.2.3', '::ffff:999.0.0.1',
    ];
    for (const address of internal) expect(isInternalAddress(address), address).toBe(true);
  });

  it('lets public addresses through, including their IPv6 wrappings', () => {
    const external = ['1.1.1.1', '14.225.10.20', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0', '192.88.98.1', '198.17.255.255', '198.20.0.0', '223.255.255.255', '2001:ee0:4000::1', '2404:6800:4005:80a::200e', '::ffff:14.225.10.20', '64:ff9b::e0e:e0e', '2002:e0e:e0e::1'];
    for (const address of external) expect(isInternalAddress(address), address).toBe(false);
  });

  it('reads the IPv4 address inside the IPv6 forms that carry one', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('64:ff9b::169.254.169.254')).toBe('169.254.169.254');
    expect(embeddedIpv4('2002:c0a8:101::1')).toBe('192.168.1.1');
    expect(embeddedIpv4('2001:ee0:4000::1')).toBeUndefined();
    expect(canonicalAddress('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(canonicalAddress('FD00::1')).toBe('fd00::1');
  });
});

describe('createAllowList', () => {
  it('trusts listed addresses, ranges and host names, and nothing else', () => {
    const allow = createAllowList(['127.0.0.1', '10.1.0.0/16', 'fd00:1::/32', 'QLVB.noibo.gov.vn']);
    expect(allow.allowsAddress('127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('::ffff:127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('127.0.0.2')).toBe(false);
    expect(allow.allowsAddress('10.1.200.3')).toBe(true);
    expect(allow.allowsAddress('10.2.0.1')).toBe(false);
    expect(allow.allowsAddress('fd00:1:ffff::9')).toBe(true);
    expect(allow.allowsAddress('fd00:2::9')).toBe(false);
    expect(allow.allowsHost('qlvb.noibo.gov.vn.')).toBe(true);
    expect(allow.allowsHost('evil.qlvb.noibo.gov.vn')).toBe(false);
    expect(() => createAllowList(['10.0.0.0/40'])).toThrow(/prefix length/);
  });
});
