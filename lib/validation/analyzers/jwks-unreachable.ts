import { Outcome } from '../../model/trace';
import { findingFor, ofKind, specOf } from '../../private/analysis/objects';
import { uriScheme } from '../../private/rules/jwks-uri';
import { At, field, items, SECURITY } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'CDKI3003';

/**
 * CDKI3003: a RequestAuthentication `jwksUri` whose keys the mesh model says cannot be fetched (error), or might not
 * be (warning). istiod fetches key sets itself, without a sidecar, and when the fetch fails it inlines a key set no
 * token matches, so every token gets 401 and nothing fails at apply (Istio 1.30.3 pilot/pkg/model/jwks_resolver.go).
 * - error: the fetch fails in the model: a Service of the set that refuses istiod's plain text (STRICT mTLS), denies
 *   it, has no pods or no such port; or, with `PILOT_JWT_ENABLE_REMOTE_JWKS=envoy`, a host with no Service or
 *   ServiceEntry, so the workload's Envoy has no cluster to fetch through.
 * - error: no `jwksUri` nor `jwks`, and an issuer that is not an http(s) URL, so OpenID discovery
 *   (`<issuer>/.well-known/openid-configuration`, resolveJwksURIUsingOpenID) cannot even be attempted; a discovery URL
 *   is judged like a `jwksUri`.
 * - warning: an `http://` URL on a host that is neither a Service or ServiceEntry host of the set nor declared outside
 *   it (MeshValidation `addExternalHosts`): nothing shows istiod reaches it, and over plain http whoever answers there
 *   decides who gets in. An `https://` URL on such a host is taken as a public key server.
 *
 * The mesh's `outboundTrafficPolicy` (REGISTRY_ONLY) does not block istiod's fetch: istiod has no sidecar
 * (`sidecar.istio.io/inject: "false"` in manifests/charts/istio-control/istio-discovery/templates/deployment.yaml).
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export const jwksUnreachable: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const policies = ofKind(objects, SECURITY, 'RequestAuthentication');
    if (policies.length === 0) return [];
    const model = modelOf(objects, external.hosts);
    const findings: Finding[] = [];
    for (const policy of policies) {
      for (const rule of items(specOf(policy), 'jwtRules')) {
        const uri = [field(rule, 'jwksUri'), field(rule, 'jwks_uri')].find((u): u is At<string> => typeof u.value === 'string' && u.value !== '');
        const issuer = field(rule, 'issuer');
        if (!uri && (field(rule, 'jwks').value !== undefined || typeof issuer.value !== 'string' || issuer.value === '')) continue;
        // Without jwksUri (or jwks), istiod finds the key set by OpenID discovery of the issuer.
        const url = uri?.value ?? `${String(issuer.value).replace(/\/$/, '')}/.well-known/openid-configuration`;
        const what = uri ? `the key set ${url}` : `the OpenID discovery document ${url} of issuer ${String(issuer.value)} (no jwksUri)`;
        const at = uri?.path ?? issuer.path;
        if (!uri && !['http', 'https'].includes(uriScheme(url))) {
          findings.push(findingFor(policy, CODE, Severity.ERROR, at,
            `sets neither 'jwksUri' nor 'jwks', so istiod looks the key set up by OpenID discovery at ${url}, which is not an http(s) URL: the fetch fails, istiod inlines a key set no token matches, and every token gets 401; set 'jwksUri' (or 'jwks')`));
          continue;
        }
        let fetch;
        try {
          fetch = model.keySetFetch(url);
        } catch {
          continue; // not an http(s) URL: CDKI1027 reports it
        }
        if (fetch.outcome !== Outcome.OK && fetch.outcome !== Outcome.UNKNOWN) {
          const fix = fetch.outcome === Outcome.REFUSED
            ? 'let the key server accept plain text on that port (a PERMISSIVE PeerAuthentication for it)'
            : 'serve the keys where the fetch reaches them';
          findings.push(findingFor(policy, CODE, Severity.ERROR, at,
            `${what} cannot be fetched: ${fetch.reason}; istiod then inlines a key set no token matches, so every token gets 401; ${fix}`));
        } else if (!fetch.hostKnown && uriScheme(url) === 'http') {
          findings.push(findingFor(policy, CODE, Severity.WARNING, at,
            `${what} is fetched by istiod from ${fetch.host}, which is neither a Service of the set, a declared external host, nor an https:// URL: `
            + 'if istiod cannot reach it, or whoever answers there serves other keys, every token gets 401 (or forged ones pass); '
            + 'serve the keys from a Service of the set, use https://, or declare the host (MeshValidation.of(chart).addExternalHosts)'));
        }
      }
    }
    return findings;
  },
};
