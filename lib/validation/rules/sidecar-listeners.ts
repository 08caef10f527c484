import { At, asRecord, field, isSet, istioRule, items, NETWORKING, Report, show } from '../../private/rules/object';
import { Severity } from '../finding';

const UNIX = 'unix://';
/** The hosts a Sidecar ingress listener may forward to. */
const LOOPBACK_OR_ANY = ['127.0.0.1', '0.0.0.0', '::1', '::'];

/** ValidateUnixAddress: an abstract socket (`@name`) or an absolute path to a file. */
function unixPathProblem(path: string): string | undefined {
  if (path === '') return 'names no socket';
  if (path.startsWith('@')) return undefined;
  return path.startsWith('/') && !path.endsWith('/') ? undefined : 'is not an absolute path to a file';
}

/** `host:port` as Go's net.SplitHostPort splits it (IPv6 in brackets), or undefined. */
function splitHostPort(endpoint: string): { host: string; port: string } | undefined {
  const m = /^\[([^\]]*)\]:([^:]*)$/.exec(endpoint) ?? /^([^:[\]]*):([^:]*)$/.exec(endpoint);
  return m ? { host: m[1], port: m[2] } : undefined;
}

function checkDefaultEndpoint(endpoint: At, report: Report): void {
  const e = endpoint.value;
  if (typeof e !== 'string' || e === '') return;
  const expected = 'expected 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port> or unix://<absolute path>';
  if (e.startsWith(UNIX)) {
    const problem = unixPathProblem(e.slice(UNIX.length));
    if (problem) report(endpoint.path, `'defaultEndpoint' ${problem} (${expected}), got ${show(e)}`);
    return;
  }
  const parts = splitHostPort(e);
  const port = parts === undefined ? NaN : Number(parts.port);
  if (parts === undefined || !LOOPBACK_OR_ANY.includes(parts.host) || !/^\d+$/.test(parts.port) || port < 1 || port > 65535) {
    report(endpoint.path, `'defaultEndpoint' must forward to the workload on a loopback or any address (${expected}), got ${show(e)}`);
  }
}

/** validateConnectionPool's first check: a connection pool sets tcp or http. */
function checkPool(pool: At, report: Report): void {
  if (pool.value === undefined || pool.value === null) return;
  const p = asRecord(pool.value);
  if (!isSet(p.tcp) && !isSet(p.http)) report(pool.path, `'${pool.path.slice(pool.path.lastIndexOf('.') + 1)}' must set tcp or http limits, got ${show(pool.value)}`);
}

/**
 * CDKI1058 (error): a Sidecar configures something (egress, ingress, outboundTrafficPolicy or inboundConnectionPool);
 * each ingress listener has a port, of a number no other ingress listener uses, a `defaultEndpoint` on a loopback or
 * any address (or a unix socket), and `tls` without `subjectAltNames`, `httpsRedirect`, credential names,
 * `tlsCertificates`, modes ISTIO_MUTUAL and AUTO_PASSTHROUGH, on an HTTPS or TLS port only; egress listeners use each
 * port once and only the last one has no port; connection pools set tcp or http, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/sidecar/
 * @see Istio 1.30.3 pkg/config/validation/validation.go ValidateSidecar
 */
export const SIDECAR_LISTENERS = istioRule({
  code: 'CDKI1058',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'Sidecar',
  check(spec, report) {
    if (!['egress', 'ingress', 'outboundTrafficPolicy', 'inboundConnectionPool'].some((k) => isSet(spec.value[k]))) {
      report(spec.path, 'a Sidecar must configure egress, ingress, outboundTrafficPolicy or inboundConnectionPool, got none');
      return;
    }
    const ingressPorts = new Set<unknown>();
    for (const listener of items(spec, 'ingress')) {
      const port = field(listener, 'port');
      if (!isSet(port.value)) {
        report(port.path, `'port' is required on ingress listeners, got ${show(port.value)}`);
        continue;
      }
      const number = field(port, 'number');
      if (ingressPorts.has(number.value)) report(number.path, `ingress listeners must use different ports, got ${show(number.value)} twice`);
      ingressPorts.add(number.value);
      checkDefaultEndpoint(field(listener, 'defaultEndpoint'), report);
      const tls = field(listener, 'tls');
      if (isSet(tls.value)) {
        const t = asRecord(tls.value);
        for (const k of ['subjectAltNames', 'httpsRedirect', 'credentialName', 'credentialNames', 'tlsCertificates']) {
          if (isSet(t[k]) && t[k] !== '' && t[k] !== false) report(`${tls.path}.${k}`, `'${k}' is not supported in Sidecar ingress tls, got ${show(t[k])}`);
        }
        if (t.mode === 'ISTIO_MUTUAL' || t.mode === 'AUTO_PASSTHROUGH') report(`${tls.path}.mode`, `'mode' ${t.mode} cannot be used in Sidecar ingress tls (use SIMPLE or MUTUAL), got ${show(t.mode)}`);
        const protocol = field(port, 'protocol').value;
        if (typeof protocol !== 'string' || !['HTTPS', 'TLS'].includes(protocol.toUpperCase())) {
          report(tls.path, `'tls' is only allowed on HTTPS and TLS ports, got protocol ${show(protocol)}`);
        }
      }
      checkPool(field(listener, 'connectionPool'), report);
    }
    checkPool(field(spec, 'inboundConnectionPool'), report);
    const egress = items(spec, 'egress');
    const egressPorts = new Set<unknown>();
    egress.forEach((listener, i) => {
      const port = field(listener, 'port');
      if (!isSet(port.value)) {
        if (i !== egress.length - 1) report(port.path, `only the last egress listener may leave out 'port' (the catch-all); give this one a port or move it last, got listener ${i} of ${egress.length}`);
        return;
      }
      const number = field(port, 'number');
      if (typeof number.value === 'number' && number.value !== 0) {
        if (egressPorts.has(number.value)) report(number.path, `egress listeners must use different ports, got ${number.value} twice`);
        egressPorts.add(number.value);
      }
    });
  },
});
