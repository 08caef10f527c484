import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { GATEWAY_API_BUNDLE } from '../../../scripts/crd-bundle';
import { ManifestObject } from '../../../lib/validation/finding';
import { validateSchema } from '../../../lib/validation/schema-validator';
import { withField } from './fixtures';

/** One `x-kubernetes-validations` entry of the bundle (a rule text may carry another message elsewhere), and the kinds holding it. */
interface BundleRule {
  readonly rule: string;
  readonly message: string;
  readonly kinds: Set<string>;
}

/** Every distinct rule/message pair of the served versions of the committed Gateway API bundle. */
function bundleRules(): BundleRule[] {
  const rules = new Map<string, BundleRule>();
  const walk = (node: unknown, kind: string): void => {
    if (node === null || typeof node !== 'object') return;
    for (const { rule, message } of (node as { 'x-kubernetes-validations'?: Array<{ rule: string; message: string }> })['x-kubernetes-validations'] ?? []) {
      const key = `${message}\n${rule}`;
      if (!rules.has(key)) rules.set(key, { rule, message, kinds: new Set() });
      rules.get(key)!.kinds.add(kind);
    }
    Object.values(node).forEach((child) => walk(child, kind));
  };
  for (const doc of parseAllDocuments(fs.readFileSync(path.join(__dirname, '..', '..', '..', GATEWAY_API_BUNDLE.yaml), 'utf8'))) {
    const crd = doc.toJS() as { kind: string; spec: { names: { kind: string }; versions: Array<{ served: boolean; schema: unknown }> } };
    if (crd.kind !== 'CustomResourceDefinition') continue;
    for (const version of crd.spec.versions) if (version.served) walk(version.schema, crd.spec.names.kind);
  }
  return [...rules.values()];
}

const meta = (name: string) => ({ name, namespace: 'default' });
const gw = 'gateway.networking.k8s.io/v1';
/** A valid object of each kind; every case sets one field of it. */
const BASE: Readonly<Record<string, ManifestObject>> = {
  BackendTLSPolicy: {
    apiVersion: gw,
    kind: 'BackendTLSPolicy',
    metadata: meta('tls'),
    spec: { targetRefs: [{ group: '', kind: 'Service', name: 'svc' }], validation: { hostname: 'svc.example.com', wellKnownCACertificates: 'System' } },
  },
  Gateway: { apiVersion: gw, kind: 'Gateway', metadata: meta('gw'), spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } },
  GatewayClass: { apiVersion: gw, kind: 'GatewayClass', metadata: { name: 'istio' }, spec: { controllerName: 'istio.io/gateway-controller' } },
  GRPCRoute: {
    apiVersion: gw,
    kind: 'GRPCRoute',
    metadata: meta('grpc'),
    spec: { parentRefs: [{ name: 'gw' }], rules: [{ matches: [{ method: { service: 'foo.Bar', method: 'Get' } }], backendRefs: [{ name: 'svc', port: 9000 }] }] },
  },
  HTTPRoute: {
    apiVersion: gw,
    kind: 'HTTPRoute',
    metadata: meta('route'),
    spec: { parentRefs: [{ name: 'gw' }], hostnames: ['a.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/a' } }], backendRefs: [{ name: 'svc', port: 80 }] }] },
  },
  ListenerSet: { apiVersion: gw, kind: 'ListenerSet', metadata: meta('ls'), spec: { parentRef: { name: 'gw' }, listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } },
  TLSRoute: {
    apiVersion: gw,
    kind: 'TLSRoute',
    metadata: meta('tls'),
    spec: { parentRefs: [{ name: 'gw' }], hostnames: ['a.example.com'], rules: [{ backendRefs: [{ name: 'svc', port: 443 }] }] },
  },
};

// Filters and other values the cases combine.
const reqHeaders = { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-a', value: '1' }] } };
const respHeaders = { type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'x-b', value: '1' }] } };
const mirror = (extra: object = {}) => ({ type: 'RequestMirror', requestMirror: { backendRef: { name: 'shadow', port: 80 }, ...extra } });
const extension = { type: 'ExtensionRef', extensionRef: { group: 'example.com', kind: 'Filter', name: 'f' } };
const cors = (extra: object = {}) => ({ type: 'CORS', cors: { allowOrigins: ['https://a.example.com'], ...extra } });
const redirect = (extra: object = {}) => ({ type: 'RequestRedirect', requestRedirect: { hostname: 'b.example.com', ...extra } });
const rewrite = (extra: object = {}) => ({ type: 'URLRewrite', urlRewrite: { hostname: 'b.example.com', ...extra } });
const prefix = (value: string) => ({ path: { type: 'PathPrefix', value } });
const exact = (value: string) => ({ path: { type: 'Exact', value } });
const backend = { name: 'svc', port: 80 };
const httpRules = (count: number, matches: number) => Array.from({ length: count }, () => ({ matches: Array.from({ length: matches }, (_, i) => prefix(`/p${i}`)) }));
const grpcRules = (count: number, matches: number) => Array.from({ length: count }, () => ({ matches: Array.from({ length: matches }, (_, i) => ({ method: { service: `s.S${i}` } })) }));
const listener = (name: string, port: number, protocol: string, extra: object = {}) => ({ name, port, protocol, ...extra });
const https = (tls: object) => listener('https', 443, 'HTTPS', { hostname: 'a.example.com', tls });
const cert = { certificateRefs: [{ name: 'cert' }] };
const service = (name: string, extra: object = {}) => ({ group: '', kind: 'Service', name, ...extra });
const san = (extra: object) => ({ hostname: 'svc.example.com', wellKnownCACertificates: 'System', subjectAltNames: [extra] });
const ca = { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }] };

/** A rule's case: on `kind`, the field at `set` given `good` passes clean, given `bad` fails with the rule's message at `at` (default `set`). */
interface Case {
  readonly message: string;
  readonly kind: string;
  readonly set: string;
  readonly good: unknown;
  readonly bad: unknown;
  readonly at?: string;
}

const CASES: Case[] = [
  // BackendTLSPolicy
  { message: 'sectionName must be specified when targetRefs includes 2 or more references to the same target', kind: 'BackendTLSPolicy', set: 'spec.targetRefs', good: [service('a', { sectionName: 'x' }), service('a', { sectionName: 'y' })], bad: [service('a'), service('a', { sectionName: 'y' })] },
  { message: 'sectionName must be unique when targetRefs includes 2 or more references to the same target', kind: 'BackendTLSPolicy', set: 'spec.targetRefs', good: [service('a'), service('b')], bad: [service('a', { sectionName: 'x' }), service('a', { sectionName: 'x' })] },
  { message: 'must not contain both CACertificateRefs and WellKnownCACertificates', kind: 'BackendTLSPolicy', set: 'spec.validation', good: { hostname: 'svc.example.com', ...ca }, bad: { hostname: 'svc.example.com', ...ca, wellKnownCACertificates: 'System' } },
  { message: 'must specify either CACertificateRefs or WellKnownCACertificates', kind: 'BackendTLSPolicy', set: 'spec.validation', good: { hostname: 'svc.example.com', ...ca }, bad: { hostname: 'svc.example.com' } },
  { message: 'SubjectAltName element must contain Hostname, if Type is set to Hostname', kind: 'BackendTLSPolicy', set: 'spec.validation', at: 'spec.validation.subjectAltNames[0]', good: san({ type: 'Hostname', hostname: 'svc.example.com' }), bad: san({ type: 'Hostname' }) },
  { message: 'SubjectAltName element must not contain Hostname, if Type is not set to Hostname', kind: 'BackendTLSPolicy', set: 'spec.validation', at: 'spec.validation.subjectAltNames[0]', good: san({ type: 'URI', uri: 'spiffe://cluster.local/ns/a/sa/b' }), bad: san({ type: 'URI', uri: 'spiffe://cluster.local/ns/a/sa/b', hostname: 'svc.example.com' }) },
  { message: 'SubjectAltName element must contain URI, if Type is set to URI', kind: 'BackendTLSPolicy', set: 'spec.validation', at: 'spec.validation.subjectAltNames[0]', good: san({ type: 'URI', uri: 'spiffe://cluster.local/ns/a/sa/b' }), bad: san({ type: 'URI' }) },
  { message: 'SubjectAltName element must not contain URI, if Type is not set to URI', kind: 'BackendTLSPolicy', set: 'spec.validation', at: 'spec.validation.subjectAltNames[0]', good: san({ type: 'Hostname', hostname: 'svc.example.com' }), bad: san({ type: 'Hostname', hostname: 'svc.example.com', uri: 'spiffe://cluster.local/ns/a/sa/b' }) },
  // Gateway
  { message: 'IPAddress values must be unique', kind: 'Gateway', set: 'spec.addresses', good: [{ type: 'IPAddress', value: '10.0.0.1' }, { type: 'IPAddress', value: '10.0.0.2' }], bad: [{ type: 'IPAddress', value: '10.0.0.1' }, { type: 'IPAddress', value: '10.0.0.1' }] },
  { message: 'Hostname values must be unique', kind: 'Gateway', set: 'spec.addresses', good: [{ type: 'Hostname', value: 'a.example.com' }, { type: 'IPAddress', value: '10.0.0.1' }], bad: [{ type: 'Hostname', value: 'a.example.com' }, { type: 'Hostname', value: 'a.example.com' }] },
  { message: 'Hostname value must be empty or contain only valid characters', kind: 'Gateway', set: 'spec.addresses', at: 'spec.addresses[0]', good: [{ type: 'Hostname', value: '*.example.com' }], bad: [{ type: 'Hostname', value: 'A_b.example.com' }] },
  { message: 'Annotation keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters.', kind: 'Gateway', set: 'spec.infrastructure', at: 'spec.infrastructure.annotations', good: { annotations: { 'example.com/a': 'x' } }, bad: { annotations: { '-a': 'x' } } },
  { message: "If specified, the annotation key's prefix must be a DNS subdomain not longer than 253 characters in total.", kind: 'Gateway', set: 'spec.infrastructure', at: 'spec.infrastructure.annotations', good: { annotations: { 'example.com/a': 'x' } }, bad: { annotations: { [`${'a'.repeat(253)}/a`]: 'x' } } },
  { message: 'Label keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters.', kind: 'Gateway', set: 'spec.infrastructure', at: 'spec.infrastructure.labels', good: { labels: { 'app.kubernetes.io/name': 'x' } }, bad: { labels: { 'a/b/c': 'x' } } },
  { message: "If specified, the label key's prefix must be a DNS subdomain not longer than 253 characters in total.", kind: 'Gateway', set: 'spec.infrastructure', at: 'spec.infrastructure.labels', good: { labels: { app: 'x' } }, bad: { labels: { [`${'a'.repeat(253)}/a`]: 'x' } } },
  { message: "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']", kind: 'Gateway', set: 'spec.listeners', good: [https(cert)], bad: [listener('http', 80, 'HTTP', { tls: cert })] },
  { message: 'tls mode must be Terminate for protocol HTTPS', kind: 'Gateway', set: 'spec.listeners', good: [https({ mode: 'Terminate', ...cert })], bad: [https({ mode: 'Passthrough' })] },
  { message: 'tls mode must be set for protocol TLS', kind: 'Gateway', set: 'spec.listeners', good: [listener('tls', 443, 'TLS', { hostname: 'a.example.com', tls: { mode: 'Passthrough' } })], bad: [listener('tls', 443, 'TLS', { hostname: 'a.example.com' })] },
  { message: "hostname must not be specified for protocols ['TCP', 'UDP']", kind: 'Gateway', set: 'spec.listeners', good: [listener('tcp', 9000, 'TCP')], bad: [listener('tcp', 9000, 'TCP', { hostname: 'a.example.com' })] },
  { message: 'Listener name must be unique within the Gateway', kind: 'Gateway', set: 'spec.listeners', good: [listener('a', 80, 'HTTP'), listener('b', 8080, 'HTTP')], bad: [listener('a', 80, 'HTTP'), listener('a', 8080, 'HTTP')] },
  { message: 'Combination of port, protocol and hostname must be unique for each listener', kind: 'Gateway', set: 'spec.listeners', good: [listener('a', 80, 'HTTP', { hostname: 'a.example.com' }), listener('b', 80, 'HTTP')], bad: [listener('a', 80, 'HTTP'), listener('b', 80, 'HTTP')] },
  { message: 'certificateRefs or options must be specified when mode is Terminate', kind: 'Gateway', set: 'spec.listeners', at: 'spec.listeners[0].tls', good: [https({ options: { 'example.com/cert': 'x' } })], bad: [https({ certificateRefs: [] })] },
  { message: 'Port for TLS configuration must be unique within the Gateway', kind: 'Gateway', set: 'spec.tls', at: 'spec.tls.frontend.perPort', good: { frontend: { default: { validation: ca }, perPort: [{ port: 443, tls: { validation: ca } }, { port: 8443, tls: { validation: ca } }] } }, bad: { frontend: { default: { validation: ca }, perPort: [{ port: 443, tls: { validation: ca } }, { port: 443, tls: { validation: ca } }] } } },
  { message: 'Hostname value must only contain valid characters', kind: 'Gateway', set: 'status', at: 'status.addresses[0]', good: { addresses: [{ type: 'Hostname', value: 'a.example.com' }] }, bad: { addresses: [{ type: 'Hostname', value: 'A_b' }] } },
  // ListenerSet: its other listener rules are the Gateway's.
  { message: 'Combination of port, protocol and hostname must be unique for each listener', kind: 'ListenerSet', set: 'spec.listeners', good: [listener('a', 80, 'HTTP'), listener('b', 8080, 'HTTP')], bad: [listener('a', 80, 'HTTP'), listener('b', 80, 'HTTP')] },
  // Routes: the parentRefs rules are the same on HTTPRoute, GRPCRoute and TLSRoute (`namespace` is `__namespace__` in CEL).
  { message: 'sectionName must be specified when parentRefs includes 2 or more references to the same parent', kind: 'HTTPRoute', set: 'spec.parentRefs', good: [{ name: 'gw', sectionName: 'a' }, { name: 'gw', sectionName: 'b' }], bad: [{ name: 'gw' }, { name: 'gw', sectionName: 'b' }] },
  { message: 'sectionName must be unique when parentRefs includes 2 or more references to the same parent', kind: 'HTTPRoute', set: 'spec.parentRefs', good: [{ name: 'gw', namespace: 'a' }, { name: 'gw', namespace: 'b' }], bad: [{ name: 'gw', namespace: 'a' }, { name: 'gw', namespace: 'a' }] },
  { message: 'Must have port for Service reference', kind: 'HTTPRoute', set: 'spec.rules[0].backendRefs', at: 'spec.rules[0].backendRefs[0]', good: [{ name: 'other', kind: 'Backend', group: 'example.com' }], bad: [{ name: 'svc' }] },
  { message: 'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128', kind: 'HTTPRoute', set: 'spec.rules', good: httpRules(2, 64), bad: httpRules(3, 64) },
  { message: 'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128', kind: 'GRPCRoute', set: 'spec.rules', good: grpcRules(2, 64), bad: grpcRules(3, 64) },
  // HTTPRoute filters (the header, mirror and extension rules are GRPCRoute's too)
  { message: 'RequestHeaderModifier filter cannot be repeated', kind: 'HTTPRoute', set: 'spec.rules[0].filters', good: [reqHeaders, respHeaders], bad: [reqHeaders, reqHeaders] },
  { message: 'ResponseHeaderModifier filter cannot be repeated', kind: 'HTTPRoute', set: 'spec.rules[0].filters', good: [reqHeaders, respHeaders], bad: [respHeaders, respHeaders] },
  { message: 'filter.requestHeaderModifier must be nil if the filter.type is not RequestHeaderModifier', kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0]', good: [reqHeaders], bad: [{ ...respHeaders, requestHeaderModifier: reqHeaders.requestHeaderModifier }] },
  { message: 'filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type', kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0]', good: [reqHeaders], bad: [{ type: 'RequestHeaderModifier' }] },
  { message: 'filter.responseHeaderModifier must be nil if the filter.type is not ResponseHeaderModifier', kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0]', good: [respHeaders], bad: [{ ...reqHeaders, responseHeaderModifier: respHeaders.responseHeaderModifier }] },
  { message: 'filter.responseHeaderModifier must be specified for ResponseHeaderModifier filter.type', kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0]', good: [respHeaders], bad: [{ type: 'ResponseHeaderModifier' }] },
  { message: 'filter.requestMirror must be nil if the filter.type is not RequestMirror', kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0]', good: [mirror()], bad: [{ ...reqHeaders, requestMirror: mirror().requestMirror }] },
  { message: 'filter.requestMirror must be specified for RequestMirror filter.type', kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0]', good: [mirror()], bad: [{ type: 'RequestMirror' }] },
  { message: 'filter.extensionRef must be nil if the filter.type is not ExtensionRef', kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0]', good: [extension], bad: [{ ...reqHeaders, extensionRef: extension.extensionRef }] },
  { message: 'filter.extensionRef must be specified for ExtensionRef filter.type', kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0]', good: [extension], bad: [{ type: 'ExtensionRef' }] },
  { message: 'Only one of percent or fraction may be specified in HTTPRequestMirrorFilter', kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0].requestMirror', good: [mirror({ percent: 10 })], bad: [mirror({ percent: 10, fraction: { numerator: 1, denominator: 10 } })] },
  { message: 'numerator must be less than or equal to denominator', kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0].requestMirror.fraction', good: [mirror({ fraction: { numerator: 10, denominator: 10 } })], bad: [mirror({ fraction: { numerator: 11, denominator: 10 } })] },
  { message: 'RequestRedirect filter must not be used together with backendRefs', kind: 'HTTPRoute', set: 'spec.rules[0]', good: { filters: [redirect()] }, bad: { filters: [redirect()], backendRefs: [backend] } },
  { message: 'When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified', kind: 'HTTPRoute', set: 'spec.rules[0]', good: { matches: [prefix('/a')], filters: [redirect({ path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/b' } })] }, bad: { matches: [exact('/a')], filters: [redirect({ path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/b' } })] } },
  { message: 'When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified', kind: 'HTTPRoute', set: 'spec.rules[0]', good: { matches: [prefix('/a')], filters: [rewrite({ path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/b' } })], backendRefs: [backend] }, bad: { matches: [prefix('/a'), prefix('/c')], filters: [rewrite({ path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/b' } })], backendRefs: [backend] } },
  { message: 'Within backendRefs, when using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified', kind: 'HTTPRoute', set: 'spec.rules[0]', good: { matches: [prefix('/a')], backendRefs: [{ ...backend, filters: [redirect({ path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/b' } })] }] }, bad: { matches: [exact('/a')], backendRefs: [{ ...backend, filters: [redirect({ path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/b' } })] }] } },
  { message: 'Within backendRefs, When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified', kind: 'HTTPRoute', set: 'spec.rules[0]', good: { backendRefs: [{ ...backend, filters: [rewrite({ path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/b' } })] }] }, bad: { matches: [exact('/a')], backendRefs: [{ ...backend, filters: [rewrite({ path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/b' } })] }] } },
  { message: 'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both', kind: 'HTTPRoute', set: 'spec.rules[0]', at: 'spec.rules[0].filters', good: { filters: [redirect(), reqHeaders] }, bad: { filters: [redirect(), rewrite()] } },
  { message: 'CORS filter cannot be repeated', kind: 'HTTPRoute', set: 'spec.rules[0].filters', good: [cors(), reqHeaders], bad: [cors(), cors()] },
  { message: 'RequestRedirect filter cannot be repeated', kind: 'HTTPRoute', set: 'spec.rules[0]', at: 'spec.rules[0].filters', good: { filters: [redirect()] }, bad: { filters: [redirect(), redirect()] } },
  { message: 'URLRewrite filter cannot be repeated', kind: 'HTTPRoute', set: 'spec.rules[0].filters', good: [rewrite()], bad: [rewrite(), rewrite()] },
  { message: 'filter.cors must be nil if the filter.type is not CORS', kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0]', good: [cors()], bad: [{ ...rewrite(), cors: cors().cors }] },
  { message: 'filter.cors must be specified for CORS filter.type', kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0]', good: [cors()], bad: [{ type: 'CORS' }] },
  { message: 'filter.requestRedirect must be nil if the filter.type is not RequestRedirect', kind: 'HTTPRoute', set: 'spec.rules[0]', at: 'spec.rules[0].filters[0]', good: { filters: [redirect()] }, bad: { filters: [{ ...reqHeaders, requestRedirect: redirect().requestRedirect }] } },
  { message: 'filter.requestRedirect must be specified for RequestRedirect filter.type', kind: 'HTTPRoute', set: 'spec.rules[0]', at: 'spec.rules[0].filters[0]', good: { filters: [redirect()] }, bad: { filters: [{ type: 'RequestRedirect' }] } },
  { message: 'filter.urlRewrite must be nil if the filter.type is not URLRewrite', kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0]', good: [rewrite()], bad: [{ ...reqHeaders, urlRewrite: rewrite().urlRewrite }] },
  { message: 'filter.urlRewrite must be specified for URLRewrite filter.type', kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0]', good: [rewrite()], bad: [{ type: 'URLRewrite' }] },
  { message: "AllowOrigins cannot contain '*' alongside other origins", kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0].cors.allowOrigins', good: [cors({ allowOrigins: ['*'] })], bad: [cors({ allowOrigins: ['*', 'https://a.example.com'] })] },
  { message: "AllowHeaders cannot contain '*' alongside other methods", kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0].cors.allowHeaders', good: [cors({ allowHeaders: ['*'] })], bad: [cors({ allowHeaders: ['*', 'x-a'] })] },
  { message: "AllowMethods cannot contain '*' alongside other methods", kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0].cors.allowMethods', good: [cors({ allowMethods: ['GET', 'POST'] })], bad: [cors({ allowMethods: ['*', 'GET'] })] },
  { message: "replaceFullPath must be specified when type is set to 'ReplaceFullPath'", kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0].urlRewrite.path', good: [rewrite({ path: { type: 'ReplaceFullPath', replaceFullPath: '/x' } })], bad: [rewrite({ path: { type: 'ReplaceFullPath' } })] },
  { message: "type must be 'ReplaceFullPath' when replaceFullPath is set", kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0].urlRewrite.path', good: [rewrite({ path: { type: 'ReplaceFullPath', replaceFullPath: '/x' } })], bad: [rewrite({ path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/y', replaceFullPath: '/x' } })] },
  { message: "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'", kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0].urlRewrite.path', good: [rewrite({ path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/y' } })], bad: [rewrite({ path: { type: 'ReplacePrefixMatch' } })] },
  { message: "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set", kind: 'HTTPRoute', set: 'spec.rules[0].filters', at: 'spec.rules[0].filters[0].urlRewrite.path', good: [rewrite({ path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/y' } })], bad: [rewrite({ path: { type: 'ReplaceFullPath', replaceFullPath: '/x', replacePrefixMatch: '/y' } })] },
  // HTTPRoute path matches
  ...([
    ["value must be an absolute path and start with '/'", { type: 'RegularExpression', value: 'a.*' }, 'a'],
    ["must not contain '//'", prefix('/a/b').path, '/a//b'],
    ["must not contain '/./'", prefix('/a.b').path, '/a/./b'],
    ["must not contain '/../'", prefix('/a..b').path, '/a/../b'],
    ["must not contain '%2f'", prefix('/a%20b').path, '/a%2fb'],
    ["must not contain '%2F'", prefix('/a%20b').path, '/a%2Fb'],
    ["must not contain '#'", { type: 'RegularExpression', value: '/a#b' }, '/a#b'],
    ["must not end with '/..'", prefix('/a..').path, '/a/..'],
    ["must not end with '/.'", prefix('/a.').path, '/a/.'],
  ] as const).map(([message, good, bad]): Case => ({ message: `${message} when type one of ['Exact', 'PathPrefix']`, kind: 'HTTPRoute', set: 'spec.rules[0].matches[0].path', good, bad: { type: 'Exact', value: bad } })),
  { message: "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']", kind: 'HTTPRoute', set: 'spec.rules[0].matches[0].path', good: { type: 'RegularExpression', value: '/a.*' }, bad: { type: 'Regex', value: '/a' } },
  { message: 'must only contain valid characters', kind: 'HTTPRoute', set: 'spec.rules[0].matches[0].path', good: { type: 'PathPrefix', value: "/a-b_c~!$&'()*+,;=:@%41" }, bad: { type: 'PathPrefix', value: '/a b' } },
  { message: 'backendRequest timeout cannot be longer than request timeout', kind: 'HTTPRoute', set: 'spec.rules[0].timeouts', good: { request: '10s', backendRequest: '2s' }, bad: { request: '1s', backendRequest: '1500ms' } },
  // GRPCRoute method matches
  { message: "One or both of 'service' or 'method' must be specified", kind: 'GRPCRoute', set: 'spec.rules[0].matches[0].method', good: { type: 'Exact', method: 'Get' }, bad: { type: 'Exact' } },
  { message: 'service must only contain valid characters', kind: 'GRPCRoute', set: 'spec.rules[0].matches[0].method', good: { service: 'Foo.bar_baz' }, bad: { service: 'foo-bar' } },
  { message: 'method must only contain valid characters', kind: 'GRPCRoute', set: 'spec.rules[0].matches[0].method', good: { method: 'Get_2' }, bad: { method: '2Get' } },
  // TLSRoute hostnames
  { message: 'Hostnames cannot contain an IP', kind: 'TLSRoute', set: 'spec.hostnames', good: ['a.example.com', '10.0.0.1.example.com'], bad: ['a.example.com', '10.0.0.1'] },
  { message: 'Hostnames must be valid based on RFC-1123', kind: 'TLSRoute', set: 'spec.hostnames', good: ['a-b.example.com'], bad: ['a..example.com'] },
  { message: 'Wildcards on hostnames must be the first label, and the rest of hostname must be valid based on RFC-1123', kind: 'TLSRoute', set: 'spec.hostnames', good: ['*.example.com'], bad: ['a.*.example.com'] },
];

const RULES = bundleRules();
/** Transition rules (they read `oldSelf`) run only on update; validating one object is a create, so they never fail. */
const isTransition = (r: BundleRule) => /\boldSelf\b/.test(r.rule);
const covers = (c: Case, r: BundleRule) => r.message.startsWith(c.message) && r.kinds.has(c.kind);

describe('every CEL rule of the Gateway API v1.5.1 standard bundle, through validate', () => {
  test('the bundle has 83 distinct rules (rule and message); each but the transition rule has exactly one case here', () => {
    expect(RULES.length).toBe(83);
    expect(RULES.filter(isTransition).map((r) => r.message)).toEqual(['Value is immutable']);
    const uncovered = RULES.filter((r) => !isTransition(r) && CASES.filter((c) => covers(c, r)).length !== 1);
    expect(uncovered.map((r) => r.message)).toEqual([]);
    expect(CASES.filter((c) => RULES.filter((r) => covers(c, r)).length !== 1).map((c) => c.message)).toEqual([]);
  });

  const named = CASES.map((c) => [`${c.kind} ${c.at ?? c.set}: ${c.message}`, c] as const);

  test.each(named)('passes %s', (_name, c) => {
    expect(validateSchema(withField(BASE[c.kind], c.set, c.good))).toEqual([]);
  });

  test.each(named)('fails %s', (_name, c) => {
    const findings = validateSchema(withField(BASE[c.kind], c.set, c.bad));
    expect(findings).toContainEqual(expect.objectContaining({ code: 'IST0106', path: c.at ?? c.set, message: expect.stringContaining(c.message) }));
  });

  test('skips the transition rule on create, as the API server does: a GatewayClass passes with any controllerName', () => {
    expect(validateSchema(BASE.GatewayClass)).toEqual([]);
    expect(validateSchema(withField(BASE.GatewayClass, 'spec.controllerName', 'example.com/other'))).toEqual([]);
  });

  test.each(Object.entries(BASE))('passes the valid %s every case starts from', (_kind, obj) => {
    expect(validateSchema(obj)).toEqual([]);
  });

  test('evaluates every rule: crds/validators/cel-rules.json files none as not checked', () => {
    const table = require('../../../crds/validators/cel-rules.json') as Record<string, { rules: unknown[]; unchecked?: unknown[] }>;
    const gateway = Object.entries(table).filter(([location]) => location.includes('.gateway.networking.k8s.io#'));
    expect(gateway.flatMap(([, entry]) => entry.unchecked ?? [])).toEqual([]);
    expect(gateway.reduce((n, [, entry]) => n + entry.rules.length, 0)).toBeGreaterThanOrEqual(RULES.length - 1);
  });

  test('reports a Gateway API kind outside the standard channel as not checked (an info)', () => {
    const tcp = { apiVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'TCPRoute', metadata: meta('tcp'), spec: { bogus: 1 } };
    expect(validateSchema(tcp)).toEqual([expect.objectContaining({ code: 'CDKI2003', severity: 'info', message: expect.stringMatching(/not in Gateway API v1\.5\.1's standard channel$/) })]);
  });
});
