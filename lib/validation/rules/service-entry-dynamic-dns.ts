import { asRecord, field, isSet, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/** The protocols Envoy's dynamic forward proxy serves (Istio 1.30.3 ValidateServiceEntry, DYNAMIC_DNS). */
const PROTOCOLS = ['HTTP', 'HTTP2', 'GRPC', 'TLS'];

/**
 * CDKI1057 (error): a DYNAMIC_DNS ServiceEntry has wildcard hosts only, no `addresses`, no `endpoints`, ports of
 * protocol HTTP, HTTP2, GRPC or TLS, and is not MESH_INTERNAL when it uses a waypoint (label `istio.io/use-waypoint`),
 * as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/#ServiceEntry-Resolution
 * @see Istio 1.30.3 pkg/config/validation/validation.go ValidateServiceEntry
 */
export const SERVICE_ENTRY_DYNAMIC_DNS = istioRule({
  code: 'CDKI1057',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'ServiceEntry',
  check(spec, report, obj) {
    if (spec.value.resolution !== 'DYNAMIC_DNS') return;
    for (const host of items(spec, 'hosts')) {
      if (typeof host.value === 'string' && !host.value.startsWith('*')) report(host.path, `'hosts' must be wildcards (e.g. "*.example.com") with resolution DYNAMIC_DNS, got ${show(host.value)}`);
    }
    for (const key of ['addresses', 'endpoints']) {
      const f = field(spec, key);
      if (isSet(f.value)) report(f.path, `'${key}' cannot be set with resolution DYNAMIC_DNS, which resolves each request's host, got ${show(f.value)}`);
    }
    for (const port of items(spec, 'ports')) {
      const protocol = field(port, 'protocol');
      if (typeof protocol.value === 'string' && !PROTOCOLS.includes(protocol.value.toUpperCase())) {
        report(protocol.path, `'protocol' must be one of ${PROTOCOLS.join(', ')} with resolution DYNAMIC_DNS, got ${show(protocol.value)}`);
      }
    }
    const waypoint = asRecord(asRecord(obj.metadata).labels)['istio.io/use-waypoint'];
    if (spec.value.location === 'MESH_INTERNAL' && typeof waypoint === 'string' && waypoint !== '' && waypoint.toLowerCase() !== 'none') {
      report('spec.location', `'location' MESH_INTERNAL is not supported with resolution DYNAMIC_DNS on a ServiceEntry that uses the waypoint ${show(waypoint)}; use MESH_EXTERNAL`);
    }
  },
});
