// How a trace reads for people (the testing helpers' failure messages, `cdk8s-istio explain`), and the source names
// they both take.
import { RequestSource } from '../../model/request';
import { DeclaredCallTrace, HopDestination, Outcome, RequestTrace, TraceHop } from '../../model/trace';

/**
 * The source a name gives: `ingress` (a request entering at the ingress gateway), `outside` (a client without
 * identity), or a workload as `namespace/name` or `name` (in `default`), its Service's or its Deployment's name.
 */
export function sourceNamed(name: string): RequestSource {
  if (name === 'ingress') return RequestSource.ingressGateway();
  if (name === 'outside') return RequestSource.outside();
  return RequestSource.workload(name);
}

/** `host:port subset s`. */
function destinationText(d: HopDestination): string {
  return `${d.host}${d.port !== undefined ? `:${d.port}` : ''}${d.subset !== undefined ? ` subset ${d.subset}` : ''}`;
}

/** What one hop did, on one line: route, transport, authentication, policy, retries/faults/egress, outcome. */
function hopLine(hop: TraceHop): string {
  const route = hop.virtualService ? `VirtualService ${hop.virtualService} ${hop.match}` : `${hop.listener}: ${hop.match}`;
  const to = hop.destination ? ` → ${destinationText(hop.destination)}` : '';
  const weights = hop.distribution.length > 1
    ? `, weights ${hop.distribution.map(d => `${d.destination.subset ?? d.destination.host} ${d.weight}% (${d.outcome})`).join(', ')}` : '';
  const parts = [`${hop.client} → ${hop.server}`, `route: ${route}${to}${weights}`];
  if (hop.tls) parts.push(`tls: ${hop.tls} (${hop.tlsReason})`);
  if (hop.authentication) parts.push(`authn: ${hop.authentication}`);
  if (hop.authorization) parts.push(`policy: ${hop.authorization}`);
  const r = hop.retries;
  const limits = [
    hop.timeout ? `timeout ${hop.timeout}` : undefined,
    r && !r.isDefault ? `retries ${r.attempts}${r.perTryTimeout ? ` × ${r.perTryTimeout}` : ''} on ${r.retryOn}` : undefined,
    ...hop.faults.map(f => `fault ${f.kind} ${f.percentage}%${f.fixedDelay ? ` ${f.fixedDelay}` : ''}${f.httpStatus ? ` ${f.httpStatus}` : ''}`),
    hop.egress ? `egress: ${hop.egress}` : undefined,
  ].filter(p => p !== undefined);
  if (limits.length > 0) parts.push(limits.join(', '));
  parts.push(hop.reason.startsWith(`${hop.outcome}:`) ? hop.reason : `${hop.outcome}: ${hop.reason}`);
  return parts.join(' | ');
}

/**
 * The trace for people: its outcome and reason, one numbered line per hop, the calls it follows indented under the
 * last hop (the one that reached their caller), then the notes.
 */
export function traceLines(trace: RequestTrace, indent = ''): string[] {
  return [
    `${indent}outcome ${trace.outcome}${trace.status !== undefined && String(trace.status) !== trace.outcome ? ` (${trace.status})` : ''}: ${trace.reason}`,
    ...trace.hops.map((h, i) => `${indent}  ${i + 1}. ${hopLine(h)}`),
    ...(trace.followed ?? []).flatMap(c => callLines(c, `${indent}     `)),
    ...trace.notes.map(n => `${indent}  note: ${n}`),
  ];
}

/** A followed call: `caller calls host:port (expected x)`, then its trace indented under it. */
function callLines(call: DeclaredCallTrace, indent: string): string[] {
  const expected = call.expected !== Outcome.OK ? ` (declared to end ${call.expected})` : '';
  const head = `${indent}${call.caller} calls ${call.host}${call.port !== undefined ? `:${call.port}` : ''}${expected}`;
  if (!call.trace) return [`${head}: not traced: ${call.traceError}`];
  return [`${head}:`, ...traceLines(call.trace, `${indent}  `)];
}
