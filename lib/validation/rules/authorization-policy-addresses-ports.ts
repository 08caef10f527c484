import { isIpBlock } from '../../private/security';
import { operations, sources } from '../../private/rules/authorization-policy';
import { istioRule, items, SECURITY, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1048 (error): AuthorizationPolicy `ipBlocks`/`remoteIpBlocks` (and their `not*`) hold IP addresses or CIDR
 * ranges, and `ports`/`notPorts` port numbers (0 to 65535), as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 * @see Istio 1.30.3 pkg/config/security/security.go ValidateIPs, ValidatePorts
 */
export const AUTHORIZATION_POLICY_ADDRESSES_PORTS = istioRule({
  code: 'CDKI1048',
  severity: Severity.ERROR,
  group: SECURITY,
  kind: 'AuthorizationPolicy',
  check(spec, report) {
    for (const source of sources(spec)) {
      for (const key of ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks']) {
        for (const block of items(source, key)) {
          if (typeof block.value === 'string' && block.value !== '' && !isIpBlock(block.value)) {
            report(block.path, `'${key}' entries must be IP addresses or CIDR ranges such as "203.0.113.0/24", got ${show(block.value)}`);
          }
        }
      }
    }
    for (const operation of operations(spec)) {
      for (const key of ['ports', 'notPorts']) {
        for (const port of items(operation, key)) {
          if (typeof port.value === 'string' && port.value !== '' && !(/^\d+$/.test(port.value) && Number(port.value) <= 65535)) {
            report(port.path, `'${key}' entries must be port numbers from 0 to 65535, got ${show(port.value)}`);
          }
        }
      }
    }
  },
});
