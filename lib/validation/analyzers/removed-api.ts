import { findingFor, groupOf, specOf } from '../../private/analysis/objects';
import { items } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';

const CODE = 'CDKI2001';
const AUTHZ = 'use security.istio.io/v1 AuthorizationPolicy';
const MIXER = 'Mixer was removed in Istio 1.8; use telemetry.istio.io/v1 Telemetry, extensions.istio.io/v1alpha1 WasmPlugin or EnvoyFilter';
const APPS = 'removed in Kubernetes 1.16; use apps/v1';

/** Replacement advice by `group` then `kind` (`*` for any other kind of the group). */
const REMOVED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'authentication.istio.io': {
    MeshPolicy: 'was removed in Istio 1.6; use security.istio.io/v1 PeerAuthentication in the root namespace istio-system',
    '*': 'was removed in Istio 1.6; use security.istio.io/v1 PeerAuthentication (peers, mTLS) and RequestAuthentication + AuthorizationPolicy (origins, JWT)',
  },
  'rbac.istio.io': { '*': `was removed in Istio 1.6; ${AUTHZ}` },
  'config.istio.io': {
    RouteRule: 'was removed in Istio 1.0; use networking.istio.io/v1 VirtualService',
    DestinationPolicy: 'was removed in Istio 1.0; use networking.istio.io/v1 DestinationRule',
    EgressRule: 'was removed in Istio 1.0; use networking.istio.io/v1 ServiceEntry',
    '*': `was removed with Mixer: ${MIXER}`,
  },
  'extensions': {
    Ingress: 'was removed in Kubernetes 1.22; use networking.k8s.io/v1 Ingress, or an Istio Gateway + VirtualService',
    NetworkPolicy: 'was removed in Kubernetes 1.16; use networking.k8s.io/v1 NetworkPolicy',
    PodSecurityPolicy: 'was removed in Kubernetes 1.25; use Pod Security Admission',
    '*': APPS,
  },
  'apps': { '*': APPS },
};

/**
 * The removal notice for an object of a removed API (`authentication.istio.io`, `rbac.istio.io`, `config.istio.io`,
 * `extensions/v1beta1`, `apps/v1beta1`, `apps/v1beta2`), or `undefined` when its API is current.
 * @see https://istio.io/latest/news/releases/1.6.x/announcing-1.6/upgrade-notes/
 */
export function removedApiNotice(obj: ManifestObject): string | undefined {
  const group = groupOf(obj);
  if (group === 'apps' && obj.apiVersion !== 'apps/v1beta1' && obj.apiVersion !== 'apps/v1beta2') return undefined;
  if (group === 'extensions' && obj.apiVersion !== 'extensions/v1beta1') return undefined;
  const table = REMOVED[group];
  if (!table) return undefined;
  const kind = obj.kind ?? '';
  let advice = table[kind] ?? table['*'];
  if (kind === 'Policy' && group === 'authentication.istio.io') {
    const spec = specOf(obj);
    const parts = [
      items(spec, 'peers').length > 0 ? 'PeerAuthentication for its peers (mTLS)' : undefined,
      items(spec, 'origins').length > 0 ? 'RequestAuthentication + AuthorizationPolicy for its origins (JWT)' : undefined,
    ].filter((p) => p !== undefined);
    if (parts.length > 0) advice = `was removed in Istio 1.6; use security.istio.io/v1 ${parts.join(' and ')}`;
  }
  return `${obj.apiVersion} ${kind} ${advice}`;
}

/**
 * CDKI2001: an object of an API that Istio or Kubernetes removed; the API server rejects it (no such kind).
 * @see https://istio.io/latest/news/releases/1.6.x/announcing-1.6/upgrade-notes/
 */
export const removedApi: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    const findings: Finding[] = [];
    for (const obj of objects) {
      const notice = removedApiNotice(obj);
      if (notice) findings.push(findingFor(obj, CODE, Severity.ERROR, 'apiVersion', notice));
    }
    return findings;
  },
};
