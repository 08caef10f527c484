import { At, field, items } from './object';

/**
 * Every non-empty `jwtRules[].jwksUri` (or its proto name `jwks_uri`, which istiod accepts too and
 * cdk8s's generated class writes) of a RequestAuthentication spec.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/
 */
export function jwksUris(spec: At): At<string>[] {
  return items(spec, 'jwtRules')
    .flatMap((rule) => [field(rule, 'jwksUri'), field(rule, 'jwks_uri')])
    .filter((uri): uri is At<string> => typeof uri.value === 'string' && uri.value !== '');
}

/**
 * The lowercased URL scheme as Go's url.Parse reads it (`''` when there is none).
 * @see https://istio.io/latest/docs/reference/config/security/jwt/
 */
export function uriScheme(uri: string): string {
  return /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1].toLowerCase() ?? '';
}
