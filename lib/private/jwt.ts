// Checks and rendering of JWT rules, shared by RequestAuthentication and JwtProtectedService.
import { IConstruct } from 'constructs';
import { RequestAuthenticationSpecJwtRules } from '../../imports/security.istio.io';
import { checkPortNumber } from './checks';
import { fail, show } from './errors';
import { HEADER_TOKEN } from './http-names';
import { checkNonEmpty, checkStrings } from './security';
import { JwksSource, JwtHeaderLocation, JwtRule } from '../security/request-authentication';

/**
 * Checks a JWT rule (props `<prefix>issuer`, `<prefix>jwks`, ...) and renders it without `jwksUri`, which the caller
 * patches in: the generated mapping would write the proto name `jwks_uri`, which istiod accepts only through a CRD alias.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 * @see Istio 1.30.3 pkg/config/validation/validation.go validateJwtRule
 */
export function renderJwtRule(scope: IConstruct, prefix: string, rule: JwtRule): { rule: RequestAuthenticationSpecJwtRules; jwksUri?: string } {
  if (typeof rule?.issuer !== 'string' || rule.issuer.trim() === '') {
    fail(scope, `${prefix}issuer`, `must be the non-empty "iss" of accepted tokens, e.g. "https://accounts.example.com", got ${show(rule?.issuer)}`);
  }
  const jwks = rule.jwks === undefined ? undefined : checkJwks(scope, `${prefix}jwks`, rule.jwks);
  if (jwks === undefined && !/^https?:\/\/[^/\s]+/.test(rule.issuer)) {
    fail(scope, `${prefix}jwks`, `must be set when the issuer is not an http(s) URL: without it istiod discovers the keys at <issuer>/.well-known/openid-configuration; got issuer ${show(rule.issuer)}`);
  }
  const header = (prop: string, name: unknown) => {
    if (typeof name !== 'string' || !HEADER_TOKEN.test(name)) fail(scope, prop, `must be an HTTP header name such as "x-jwt-assertion", got ${show(name)}`);
    return name;
  };
  return {
    rule: {
      issuer: rule.issuer,
      ...(jwks?.json !== undefined && { jwks: jwks.json }),
      ...(rule.audiences !== undefined && { audiences: checkStrings(scope, `${prefix}audiences`, rule.audiences, 'audience', 'accept any audience') }),
      ...(rule.forwardOriginalToken && { forwardOriginalToken: true }),
      ...(rule.fromHeaders !== undefined && { fromHeaders: checkHeaders(scope, `${prefix}fromHeaders`, rule.fromHeaders) }),
      ...(rule.fromParams !== undefined && { fromParams: checkStrings(scope, `${prefix}fromParams`, rule.fromParams, 'parameter', "use Istio's defaults") }),
      ...(rule.outputPayloadToHeader !== undefined && { outputPayloadToHeader: header(`${prefix}outputPayloadToHeader`, rule.outputPayloadToHeader) }),
      ...(rule.outputClaimToHeaders !== undefined && {
        outputClaimToHeaders: checkNonEmpty(scope, `${prefix}outputClaimToHeaders`, rule.outputClaimToHeaders, 'claim', 'copy no claim').map((c, i) => {
          if (typeof c?.claim !== 'string' || c.claim.trim() === '') fail(scope, `${prefix}outputClaimToHeaders[${i}].claim`, `must be a non-empty claim name such as "sub", got ${show(c?.claim)}`);
          return { header: header(`${prefix}outputClaimToHeaders[${i}].header`, c.header), claim: c.claim };
        }),
      }),
    },
    jwksUri: jwks?.uri,
  };
}

/** Throws unless the source is well-formed: an http(s) URL, a port of the service, a key set with keys. */
export function checkJwks(scope: IConstruct, prop: string, jwks: JwksSource): JwksSource {
  if (!(jwks instanceof JwksSource)) {
    fail(scope, prop, `must be a JwksSource such as JwksSource.fromUri("https://example.com/.well-known/jwks.json"), got ${show(jwks)}`);
  }
  if (jwks.service !== undefined) {
    if (typeof jwks.path !== 'string' || !jwks.path.startsWith('/')) fail(scope, `${prop}.path`, `must start with "/", got ${show(jwks.path)}`);
    checkPortNumber(scope, `${prop}.port`, jwks.port!);
    if (!jwks.service.ports.some(p => p.port === jwks.port)) {
      fail(scope, `${prop}.port`, `must be a port of service ${jwks.service.name} (${jwks.service.ports.map(p => p.port).join(', ')}), got ${jwks.port}`);
    }
  }
  if (jwks.uri !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(jwks.uri);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
      fail(scope, prop, `must be an http:// or https:// URL, got ${show(jwks.uri)}`);
    }
    if (jwks.uri.length > 2048) fail(scope, prop, `must be at most 2048 characters, got ${jwks.uri.length}`);
  } else {
    let keys: unknown;
    try {
      keys = (JSON.parse(jwks.json ?? '') as { keys?: unknown }).keys;
    } catch {
      keys = undefined;
    }
    if (!Array.isArray(keys) || keys.length === 0) {
      fail(scope, prop, `must be a JSON Web Key Set with at least one key, {"keys": [...]}, got ${show(jwks.json)}`);
    }
  }
  return jwks;
}

function checkHeaders(scope: IConstruct, prop: string, headers: readonly JwtHeaderLocation[]): { name: string; prefix?: string }[] {
  checkNonEmpty(scope, prop, headers, 'header', "use Istio's defaults");
  return headers.map((h, i) => {
    if (typeof h?.name !== 'string' || !HEADER_TOKEN.test(h.name)) {
      fail(scope, `${prop}[${i}].name`, `must be an HTTP header name such as "x-jwt-assertion", got ${show(h?.name)}`);
    }
    return { name: h.name, ...(h.prefix !== undefined && { prefix: h.prefix }) };
  });
}

/**
 * What is wrong with an inline `jwks` as istiod's jwk.Parse reads it, or undefined: JSON holding a key set (`keys`, a
 * list of keys) or a single key, each key an object with a string `kty`.
 * @see Istio 1.30.3 pkg/config/validation/validation.go validateJwtRule
 */
export function jwksProblem(json: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return 'is not JSON';
  }
  const isKey = (k: unknown) => typeof k === 'object' && k !== null && typeof (k as { kty?: unknown }).kty === 'string';
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'is not a JSON object';
  const keys = (parsed as { keys?: unknown }).keys;
  if (keys === undefined) return isKey(parsed) ? undefined : 'is neither a key set ({"keys": [...]}) nor a key (with "kty")';
  if (!Array.isArray(keys)) return 'has "keys" that is not a list';
  return keys.every(isKey) ? undefined : 'has a key without "kty"';
}
