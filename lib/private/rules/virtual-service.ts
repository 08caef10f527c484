import { At, field, items } from './object';

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
