import { isIP } from 'net';
import { field, istioRule, items, NETWORKING, PROTOCOLS, show } from '../../private/rules/object';
import { Severity } from '../finding';

const UNIX = 'unix://';

/**
 * CDKI1050 (error): every Gateway server's `port.protocol` is one istiod knows (HTTP, HTTPS, GRPC, TCP, TLS, ...), its
 * `port.number` is from 1 to 65535 (0 with a `unix://` bind, which requires
 * it), and `bind` is an IP address or a `unix://` socket, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Server
 * @see Istio 1.30.3 pkg/config/validation/validation.go validateServerPort, validateServerBind
 */
export const GATEWAY_SERVER_PORT = istioRule({
  code: 'CDKI1050',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'Gateway',
  check(spec, report) {
    for (const server of items(spec, 'servers')) {
      const bind = field(server, 'bind');
      const b = typeof bind.value === 'string' ? bind.value : '';
      const protocol = field(field(server, 'port'), 'protocol');
      if (typeof protocol.value === 'string' && !PROTOCOLS.includes(protocol.value.toLowerCase())) {
        report(protocol.path, `'protocol' must be one of ${PROTOCOLS.map((p) => p.toUpperCase()).join(', ')}, got ${show(protocol.value)}`);
      }
      const number = field(field(server, 'port'), 'number');
      const n = number.value;
      if (typeof n !== 'number') continue; // the CRD schema requires the port number
      if (b.startsWith(UNIX)) {
        if (n !== 0) report(number.path, `'number' must be 0 for a server bound to the unix socket ${show(b)}, got ${n}`);
      } else if (n < 1 || n > 65535) {
        report(number.path, `'number' must be a port from 1 to 65535, got ${n}`);
      }
      if (b !== '' && !b.startsWith(UNIX) && isIP(b) === 0) report(bind.path, `'bind' must be an IP address or a unix:// socket, got ${show(b)}`);
    }
  },
});
