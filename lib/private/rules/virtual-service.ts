import { At, field, items, Report, show } from './object';

const UNIT_NS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const DURATION = /^[+-]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

/**
 * The http, tcp and tls rules of a VirtualService spec.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
export function allRoutes(spec: At): At[] {
  return [...items(spec, 'http'), ...items(spec, 'tcp'), ...items(spec, 'tls')];
}

/**
 * Every `match` entry of every http rule.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
export function httpMatches(spec: At): At[] {
  return items(spec, 'http').flatMap((rule) => items(rule, 'match'));
}

/**
 * Every destination a VirtualService sends to: route destinations of http/tcp/tls rules and http mirrors.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
export function destinations(spec: At): At[] {
  const routed = allRoutes(spec).flatMap((rule) => items(rule, 'route').map((rd) => field(rd, 'destination')));
  const mirrored = items(spec, 'http').flatMap((rule) => [
    field(rule, 'mirror'),
    ...items(rule, 'mirrors').map((m) => field(m, 'destination')),
  ]);
  return [...routed, ...mirrored].filter((d) => d.value !== undefined && d.value !== null);
}

/** Nanoseconds in a Go/protobuf duration string such as `1.5s` or `1m30s`; undefined when it is not one. */
export function nanoseconds(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Math.round(Number(amount) * UNIT_NS[unit]);
  return text.startsWith('-') ? -total : total;
}

/**
 * Whether a VirtualService applies to the mesh's sidecars: it names no gateways, or `mesh` among them (istiod's isGateway).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService-gateways
 */
export function appliesToMesh(spec: At): boolean {
  const gateways = items(spec, 'gateways').map((g) => g.value);
  return gateways.length === 0 || gateways.includes('mesh');
}

/**
 * Reports a duration below 1ms or not a whole number of milliseconds, as istiod's ValidateDuration rejects them
 * (a value that is no duration string is left to the CRD schema).
 * @see Istio 1.30.3 pkg/config/validation/agent/validation.go ValidateDuration
 */
export function checkMsDuration(duration: At, report: Report): void {
  const ns = typeof duration.value === 'string' ? nanoseconds(duration.value) : undefined;
  if (ns === undefined) return;
  const name = duration.path.slice(duration.path.lastIndexOf('.') + 1);
  if (ns < 1e6) {
    report(duration.path, `'${name}' must be at least 1ms, got ${show(duration.value)}`);
  } else if (ns % 1e6 !== 0) {
    report(duration.path, `'${name}' must be a whole number of milliseconds, got ${show(duration.value)}`);
  }
}
