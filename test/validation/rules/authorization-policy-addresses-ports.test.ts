import { AUTHORIZATION_POLICY_ADDRESSES_PORTS } from '../../../lib/validation/rules/authorization-policy-addresses-ports';
import { authorizationPolicy } from './objects';

const problems = (rule: object) => AUTHORIZATION_POLICY_ADDRESSES_PORTS.check(authorizationPolicy({ rules: [rule] })).map((f) => [f.code, f.path, f.message]);

describe('AUTHORIZATION_POLICY_ADDRESSES_PORTS', () => {
  test('fails on an IP block that is no address and a port that is no number', () => {
    expect(problems({ from: [{ source: { remoteIpBlocks: ['1.2.3.4', 'ip1'] } }], to: [{ operation: { notPorts: ['90', 'port2'] } }] })).toEqual([
      ['CDKI1048', 'spec.rules[0].from[0].source.remoteIpBlocks[1]', "'remoteIpBlocks' entries must be IP addresses or CIDR ranges such as \"203.0.113.0/24\", got \"ip1\""],
      ['CDKI1048', 'spec.rules[0].to[0].operation.notPorts[1]', "'notPorts' entries must be port numbers from 0 to 65535, got \"port2\""],
    ]);
  });

  test('passes addresses, CIDR ranges and ports', () => {
    expect(problems({ from: [{ source: { ipBlocks: ['10.0.0.0/8', '2001:db8::1'] } }], to: [{ operation: { ports: ['8080'] } }] })).toEqual([]);
  });
});
