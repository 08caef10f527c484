import { At, field, items } from './object';

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
