import { isIP } from 'net';
import { At, asRecord, field, isSet, istioRule, items, NETWORKING, PROTOCOLS, Report, show } from '../../private/rules/object';
import { isLabel, wildcardDomainProblem } from '../../private/sidecar-hosts';
import { Severity } from '../finding';

const UNIX = 'unix://';
/** The hosts a Sidecar ingress listener may forward to. */
const LOOPBACK_OR_ANY = ['127.0.0.1', '0.0.0.0', '::1', '::'];

/**
 * A listener's port and bind (validateSidecarIngressPortAndBind, validateSidecarEgressPortBindAndCaptureMode): a port
 * name that is a DNS-1123 label, a known protocol, a number from 1 to 65535 and an IP bind, or (egress only) number 0
 * with a `unix://` bind and captureMode DEFAULT or NONE.
 */
function checkPortAndBind(listener: At, port: At, egress: boolean, report: Report): void {
  const [name, protocol, number] = ['name', 'protocol', 'number'].map((k) => field(port, k));
  if (typeof name.value === 'string' && name.value !== '' && !isLabel(name.value)) report(name.path, `'name' must be a DNS-1123 label such as "http-api", got ${show(name.value)}`);
  if (typeof protocol.value === 'string' && protocol.value !== '' && !PROTOCOLS.includes(protocol.value.toLowerCase())) {
    report(protocol.path, `'protocol' must be one of ${PROTOCOLS.map((p) => p.toUpperCase()).join(', ')}, got ${show(protocol.value)}`);
  }
  const bind = field(listener, 'bind');
  const b = typeof bind.value === 'string' ? bind.value : '';
  if (egress && number.value === 0) {
    const problem = b.startsWith(UNIX) ? unixPathProblem(b.slice(UNIX.length)) : 'is not a unix:// socket, which a listener on port 0 needs';
    if (problem) report(bind.path, `'bind' ${problem}, got ${show(bind.value)}`);
    const capture = field(listener, 'captureMode');
    if (capture.value !== undefined && capture.value !== 'DEFAULT' && capture.value !== 'NONE') {
      report(capture.path, `'captureMode' must be DEFAULT or NONE on a unix socket listener, got ${show(capture.value)}`);
    }
    return;
  }
  if (typeof number.value === 'number' && (number.value < 1 || number.value > 65535)) report(number.path, `'number' must be a port from 1 to 65535, got ${number.value}`);
  if (b !== '' && isIP(b) === 0) report(bind.path, `'bind' must be an IP address, got ${show(b)}`);
}

/** validateSidecarOutboundTrafficPolicy: an egressProxy only with ALLOW_ANY, to a host name, with a port. */
function checkEgressProxy(spec: At, report: Report): void {
  const policy = field(spec, 'outboundTrafficPolicy');
  const proxy = field(policy, 'egressProxy');
  if (proxy.value === undefined || proxy.value === null) return;
  const mode = field(policy, 'mode').value ?? 'REGISTRY_ONLY';
  if (mode !== 'ALLOW_ANY') {
    report(proxy.path, `'egressProxy' is only used with mode ALLOW_ANY (unknown hosts go to it); set mode: ALLOW_ANY, got mode ${show(mode)}`);
    return;
  }
  const host = field(proxy, 'host');
  const problem = typeof host.value === 'string' ? (host.value.includes('*') ? 'has a wildcard' : wildcardDomainProblem(host.value)) : 'is missing';
  if (problem !== undefined) report(host.path, `'host' ${problem} (expected a service host such as "egress.example.com"), got ${show(host.value)}`);
  const port = field(proxy, 'port');
  if (port.value === undefined || port.value === null) report(port.path, `'port' must name the egress proxy's port, e.g. {number: 3128}, got none`);
}

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
 * port (or unix socket) once and only the last one has no port; listener ports have a DNS-1123 name, a known protocol,
 * a number from 1 to 65535 and an IP bind, or (egress) number 0 with a unix socket bind; connection pools set tcp or
 * http; an `outboundTrafficPolicy.egressProxy` comes with mode ALLOW_ANY, a host name and a port, as istiod's
 * webhook requires.
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
      checkPortAndBind(listener, port, false, report);
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
    const unixBinds = new Set<unknown>();
    egress.forEach((listener, i) => {
      const port = field(listener, 'port');
      if (!isSet(port.value)) {
        if (i !== egress.length - 1) report(port.path, `only the last egress listener may leave out 'port' (the catch-all); give this one a port or move it last, got listener ${i} of ${egress.length}`);
        return;
      }
      checkPortAndBind(listener, port, true, report);
      const number = field(port, 'number');
      if (typeof number.value === 'number' && number.value !== 0) {
        if (egressPorts.has(number.value)) report(number.path, `egress listeners must use different ports, got ${number.value} twice`);
        egressPorts.add(number.value);
      } else if (number.value === 0) {
        const bind = field(listener, 'bind');
        if (unixBinds.has(bind.value)) report(bind.path, `egress listeners must use different unix sockets, got ${show(bind.value)} twice`);
        unixBinds.add(bind.value);
      }
    });
    checkEgressProxy(spec, report);
  },
});
