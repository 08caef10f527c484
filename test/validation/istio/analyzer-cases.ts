// Istio 1.30.3's analyzer test table (pkg/config/analysis/analyzers/analyzers_test.go, testGrid), transcribed for the
// Istio analyzers whose codes cdk8s-istio reports or is adding: the virtualservice, authz, injection, service port name
// and destinationrule subset analyzers, and the VirtualService schema analyzer's IST0130/IST0131. Not ported: the
// analyzers of codes the library has no counterpart for (annotations, EnvoyFilter, Gateway certificates and ports,
// Sidecar and Telemetry selectors, webhooks, multicluster, ...), whose IST0101 findings are about other references
// (secrets, selectors) than ours.
//
// Each case names its input files (under testdata/analyzers/, each a copy of Istio's file, named on its first line),
// the Istio analyzer it ran, and the findings Istio expects, as `Kind namespace/name` (Istio's "origin"; where the
// YAML gives no namespace Istio prints none, and the object lands in `default`, as `kubectl apply` puts it).
import { Severity } from '../../../lib/validation/finding';

/** One expected finding. */
export interface ExpectedFinding {
  readonly code: string;
  readonly severity: Severity;
  readonly kind: string;
  /** `undefined` for a cluster-scoped object (a Namespace). */
  readonly namespace?: string;
  readonly name: string;
}

/** One case of Istio's table. */
export interface AnalyzerCase {
  /** The case name as Istio spells it. */
  readonly name: string;
  /** Input files, under testdata/analyzers/. */
  readonly files: readonly string[];
  /** The Istio analyzer the case runs (a key of ISTIO_ANALYZERS). */
  readonly analyzer: string;
  readonly expected: readonly ExpectedFinding[];
}

/** Each code's level, from Istio 1.30.3 pkg/config/analysis/msg/messages.yaml. */
export const LEVELS: Readonly<Record<string, Severity>> = {
  IST0101: Severity.ERROR, // ReferencedResourceNotFound
  IST0102: Severity.INFO, // NamespaceNotInjected
  IST0103: Severity.WARNING, // PodMissingProxy
  IST0109: Severity.ERROR, // ConflictingMeshGatewayVirtualServiceHosts
  IST0112: Severity.ERROR, // VirtualServiceDestinationPortSelectorRequired
  IST0118: Severity.INFO, // PortNameIsNotUnderNamingConvention
  IST0123: Severity.WARNING, // NamespaceMultipleInjectionLabels
  IST0127: Severity.WARNING, // NoMatchingWorkloadsFound
  IST0130: Severity.WARNING, // VirtualServiceUnreachableRule
  IST0131: Severity.INFO, // VirtualServiceIneffectiveMatch
  IST0132: Severity.WARNING, // VirtualServiceHostNotFoundInGateway
  IST0140: Severity.WARNING, // IngressRouteRulesNotAffected
  IST0148: Severity.INFO, // NamespaceInjectionEnabledByDefault
  IST0149: Severity.ERROR, // JwtClaimBasedRoutingWithoutRequestAuthN
  IST0150: Severity.WARNING, // ExternalNameServiceTypeInvalidPortName
  IST0165: Severity.WARNING, // ReferencedInternalGateway
  IST0173: Severity.ERROR, // DestinationRuleSubsetNotSelectPods
  IST0174: Severity.WARNING, // UnknownDestinationRuleHost
};

/**
 * A code an Istio analyzer reports, and, where several of our analyzers report the same code (IST0101), the field our
 * finding is on for the reference that Istio analyzer checks.
 */
export interface AnalyzerCode {
  readonly code: string;
  readonly path?: RegExp;
}

/**
 * The codes each ported Istio analyzer reports (the msg.New... calls of its source, pkg/config/analysis/analyzers/...).
 * A case judges only these: Istio's table runs one analyzer per case.
 */
export const ISTIO_ANALYZERS: Readonly<Record<string, readonly AnalyzerCode[]>> = {
  // injection/injection.go
  'injection.Analyzer': [{ code: 'IST0102' }, { code: 'IST0103' }, { code: 'IST0123' }, { code: 'IST0148' }],
  // service/portname.go
  'service.PortNameAnalyzer': [{ code: 'IST0118' }, { code: 'IST0150' }],
  // virtualservice/conflictingmeshgatewayhosts.go
  'virtualservice.ConflictingMeshGatewayHostsAnalyzer': [{ code: 'IST0109' }],
  // virtualservice/destinationhosts.go: destination and mirror hosts and ports
  'virtualservice.DestinationHostAnalyzer': [{ code: 'IST0101', path: /(destination|mirror)\.(host|port(\.number)?)$/ }, { code: 'IST0112' }, { code: 'IST0140' }],
  // virtualservice/destinationrules.go: subsets
  'virtualservice.DestinationRuleAnalyzer': [{ code: 'IST0101', path: /\.subset$/ }],
  // virtualservice/gateways.go: gateway references
  'virtualservice.GatewayAnalyzer': [{ code: 'IST0101', path: /gateways/ }, { code: 'IST0132' }, { code: 'IST0165' }],
  // virtualservice/jwtclaimroute.go
  'virtualservice.JWTClaimRouteAnalyzer': [{ code: 'IST0149' }],
  // authz/authorizationpolicies.go: selectors, and the namespaces of rules' sources
  'authz.AuthorizationPoliciesAnalyzer': [{ code: 'IST0127' }, { code: 'IST0101', path: /^spec\.rules/ }],
  // destinationrule/subset.go
  'destinationrule.PodNotSelectedAnalyzer': [{ code: 'IST0173' }, { code: 'IST0174' }],
  // schema/validation.go, for VirtualServices: the unreachable-rule and ineffective-match warnings of
  // pkg/config/validation (IST0106, schema errors, are the webhook half's)
  'schema.ValidationAnalyzer.VirtualService': [{ code: 'IST0130' }, { code: 'IST0131' }],
};

/**
 * An expected finding from Istio's `{msg.X, "Kind namespace/name"}` (`default` where the origin of a namespaced object
 * has no namespace).
 */
function at(code: string, origin: string): ExpectedFinding {
  const [kind, ref] = origin.split(' ');
  const [namespace, name] = ref.includes('/') ? ref.split('/') : [kind === 'Namespace' ? undefined : 'default', ref];
  return { code, severity: LEVELS[code], kind, namespace, name };
}

export const ANALYZER_CASES: readonly AnalyzerCase[] = [
  {
    name: 'istioInjection',
    files: ['injection.yaml'],
    analyzer: 'injection.Analyzer',
    expected: [
      at('IST0102', 'Namespace bar'),
      at('IST0103', 'Pod default/noninjectedpod'),
      at('IST0123', 'Namespace busted'),
      at('IST0123', 'Namespace multi-ns-1'),
      at('IST0123', 'Namespace multi-ns-2'),
      at('IST0123', 'Namespace multi-ns-3'),
    ],
  },
  {
    name: 'istioInjectionEnableNamespacesByDefault',
    files: ['injection.yaml', 'common-sidecar-injector-enabled-nsbydefault.yaml'],
    analyzer: 'injection.Analyzer',
    expected: [
      at('IST0148', 'Namespace bar'),
      at('IST0103', 'Pod default/noninjectedpod'),
      at('IST0123', 'Namespace busted'),
      at('IST0123', 'Namespace multi-ns-1'),
      at('IST0123', 'Namespace multi-ns-2'),
      at('IST0123', 'Namespace multi-ns-3'),
    ],
  },
  {
    name: 'portNameNotFollowConvention',
    files: ['service-no-port-name.yaml'],
    analyzer: 'service.PortNameAnalyzer',
    expected: [
      at('IST0118', 'Service my-namespace1/my-service1'),
      at('IST0118', 'Service my-namespace1/my-service1'),
      at('IST0118', 'Service my-namespace2/my-service2'),
    ],
  },
  { name: 'namedPort', files: ['service-port-name.yaml'], analyzer: 'service.PortNameAnalyzer', expected: [] },
  { name: 'unnamedPortInSystemNamespace', files: ['service-no-port-name-system-namespace.yaml'], analyzer: 'service.PortNameAnalyzer', expected: [] },
  {
    name: 'virtualServiceConflictingMeshGatewayHosts',
    files: ['virtualservice_conflictingmeshgatewayhosts.yaml'],
    analyzer: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
    expected: [
      at('IST0109', 'VirtualService team3/ratings'),
      at('IST0109', 'VirtualService team4/ratings'),
      at('IST0109', 'VirtualService foo/ratings'),
      at('IST0109', 'VirtualService bar/ratings'),
      at('IST0109', 'VirtualService foo/productpage'),
      at('IST0109', 'VirtualService foo/bogus-productpage'),
      at('IST0109', 'VirtualService team2/ratings'),
    ],
  },
  {
    name: 'virtualServiceConflictingMeshGatewayHostsWithExportTo',
    files: ['virtualservice_conflictingmeshgatewayhosts_with_exportto.yaml'],
    analyzer: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
    expected: [
      at('IST0109', 'VirtualService foo/productpage'),
      at('IST0109', 'VirtualService bar/productpage'),
      at('IST0109', 'VirtualService foo/productpage-c'),
      at('IST0109', 'VirtualService bar/productpage-c'),
      at('IST0109', 'VirtualService foo/productpage-d'),
      at('IST0109', 'VirtualService bar/productpage-d'),
    ],
  },
  {
    name: 'virtualServiceDestinationHosts',
    files: ['virtualservice_destinationhosts.yaml'],
    analyzer: 'virtualservice.DestinationHostAnalyzer',
    expected: [
      at('IST0101', 'VirtualService default/reviews-bogushost'),
      at('IST0101', 'VirtualService default/reviews-bogushost'),
      at('IST0101', 'VirtualService default/reviews-bookinfo-other'),
      at('IST0101', 'VirtualService default/reviews-mirror-bogushost'),
      at('IST0101', 'VirtualService default/reviews-bogusport'),
      at('IST0112', 'VirtualService default/reviews-2port-missing'),
      at('IST0101', 'VirtualService istio-system/cross-namespace-details'),
      at('IST0101', 'VirtualService hello/hello-export-to-bogus'),
    ],
  },
  {
    name: 'virtualServiceDestinationRules',
    files: ['virtualservice_destinationrules.yaml'],
    analyzer: 'virtualservice.DestinationRuleAnalyzer',
    expected: [
      at('IST0101', 'VirtualService default/reviews-bogussubset'),
      at('IST0101', 'VirtualService default/reviews-mirror-bogussubset'),
    ],
  },
  {
    name: 'virtualServiceGateways',
    files: ['virtualservice_gateways.yaml'],
    analyzer: 'virtualservice.GatewayAnalyzer',
    expected: [
      at('IST0101', 'VirtualService httpbin-bogus'),
      at('IST0132', 'VirtualService default/cross-test'),
      at('IST0132', 'VirtualService httpbin-bogus'),
      at('IST0132', 'VirtualService httpbin'),
    ],
  },
  {
    name: 'virtualServiceJWTClaimRoute',
    files: ['virtualservice_jwtclaimroute.yaml'],
    analyzer: 'virtualservice.JWTClaimRouteAnalyzer',
    expected: [at('IST0149', 'VirtualService foo')],
  },
  {
    name: 'virtualServiceInternalGatewayRef',
    files: ['virtualservice_internal_gateway_ref.yaml'],
    analyzer: 'virtualservice.GatewayAnalyzer',
    expected: [at('IST0165', 'VirtualService httpbin')],
  },
  {
    name: 'authorizationpolicies',
    files: ['authorizationpolicies.yaml'],
    analyzer: 'authz.AuthorizationPoliciesAnalyzer',
    expected: [
      at('IST0127', 'AuthorizationPolicy istio-system/meshwide-httpbin-v1'),
      at('IST0127', 'AuthorizationPolicy httpbin-empty/httpbin-empty-namespace-wide'),
      at('IST0127', 'AuthorizationPolicy httpbin/httpbin-nopods'),
      at('IST0101', 'AuthorizationPolicy httpbin/httpbin-bogus-ns'),
      at('IST0101', 'AuthorizationPolicy httpbin/httpbin-bogus-ns'),
      at('IST0101', 'AuthorizationPolicy httpbin/httpbin-bogus-not-ns'),
      at('IST0101', 'AuthorizationPolicy httpbin/httpbin-bogus-not-ns'),
      at('IST0127', 'AuthorizationPolicy test-ambient/no-workload'),
    ],
  },
  {
    name: 'dupmatches',
    files: ['virtualservice_dupmatches.yaml', 'virtualservice_overlappingmatches.yaml'],
    analyzer: 'schema.ValidationAnalyzer.VirtualService',
    expected: [
      at('IST0130', 'VirtualService duplicate-match'),
      at('IST0130', 'VirtualService foo/sample-foo-cluster01'),
      at('IST0131', 'VirtualService almost-duplicate-match'),
      at('IST0131', 'VirtualService duplicate-match'),
      at('IST0130', 'VirtualService duplicate-tcp-match'),
      at('IST0130', 'VirtualService duplicate-empty-tcp'),
      at('IST0131', 'VirtualService almost-duplicate-tcp-match'),
      at('IST0131', 'VirtualService duplicate-tcp-match'),
      at('IST0130', 'VirtualService none/tls-routing'),
      at('IST0131', 'VirtualService none/tls-routing-almostmatch'),
      at('IST0131', 'VirtualService none/tls-routing'),
      at('IST0131', 'VirtualService non-method-get'),
      at('IST0131', 'VirtualService overlapping-in-single-match'),
      at('IST0131', 'VirtualService overlapping-in-two-matches'),
      at('IST0131', 'VirtualService overlapping-mathes-with-different-methods'),
    ],
  },
  {
    name: 'host defined in virtualservice not found in the gateway',
    files: ['virtualservice_host_not_found_gateway.yaml'],
    analyzer: 'virtualservice.GatewayAnalyzer',
    expected: [
      at('IST0132', 'VirtualService default/testing-service-02-test-01'),
      at('IST0132', 'VirtualService default/testing-service-02-test-02'),
      at('IST0132', 'VirtualService default/testing-service-02-test-03'),
      at('IST0132', 'VirtualService default/testing-service-03-test-04'),
    ],
  },
  {
    name: 'host defined in virtualservice not found in the gateway(beta version)',
    files: ['virtualservice_host_not_found_gateway_beta.yaml'],
    analyzer: 'virtualservice.GatewayAnalyzer',
    expected: [
      at('IST0132', 'VirtualService default/testing-service-02-test-01'),
      at('IST0132', 'VirtualService default/testing-service-02-test-02'),
      at('IST0132', 'VirtualService default/testing-service-02-test-03'),
      at('IST0132', 'VirtualService default/testing-service-03-test-04'),
    ],
  },
  {
    name: 'host defined in virtualservice not found in the gateway with ns',
    files: ['virtualservice_host_not_found_gateway_with_ns_prefix.yaml'],
    analyzer: 'virtualservice.GatewayAnalyzer',
    expected: [at('IST0132', 'VirtualService default/testing-service-01-test-01')],
  },
  {
    name: 'host defined in virtualservice not found in the gateway with ns(beta version)',
    files: ['virtualservice_host_not_found_gateway_with_ns_prefix_beta.yaml'],
    analyzer: 'virtualservice.GatewayAnalyzer',
    expected: [at('IST0132', 'VirtualService default/testing-service-01-test-01')],
  },
  {
    name: 'Route Rule no effect on Ingress',
    files: ['virtualservice_route_rule_no_effects_ingress.yaml'],
    analyzer: 'virtualservice.DestinationHostAnalyzer',
    expected: [at('IST0140', 'VirtualService default/testing-service-01-test-01')],
  },
  {
    name: 'ExternalNameServiceTypeInvalidPortName',
    files: ['incorrect-port-name-external-name-service-type.yaml'],
    analyzer: 'service.PortNameAnalyzer',
    expected: [
      at('IST0150', 'Service nginx-ns/nginx'),
      at('IST0150', 'Service nginx-ns2/nginx-svc2'),
      at('IST0150', 'Service nginx-ns3/nginx-svc3'),
    ],
  },
  { name: 'ExternalNameServiceTypeValidPortName', files: ['correct-port-name-external-name-service-type.yaml'], analyzer: 'service.PortNameAnalyzer', expected: [] },
  {
    name: 'DestinationRuleWithFakeHost',
    files: ['destinationrule-with-fake-host.yaml'],
    analyzer: 'destinationrule.PodNotSelectedAnalyzer',
    expected: [at('IST0174', 'DestinationRule default/fake-host')],
  },
  {
    name: 'DestinationRuleSubsetsNotSelectPods',
    files: ['destinationrule-subsets-not-select-pods.yaml'],
    analyzer: 'destinationrule.PodNotSelectedAnalyzer',
    expected: [at('IST0173', 'DestinationRule default/subsets-not-select-pods')],
  },
  {
    name: 'DestinationRuleSubsetsWithTopologyLabels',
    files: ['destinationrule-subsets-with-topology-labels.yaml'],
    analyzer: 'destinationrule.PodNotSelectedAnalyzer',
    expected: [],
  },
  {
    name: 'DestinationRuleEmptyTopologyLabels',
    files: ['destinationrule-empty-topology-labels.yaml'],
    analyzer: 'destinationrule.PodNotSelectedAnalyzer',
    expected: [at('IST0173', 'DestinationRule default/empty-topology-labels')],
  },
];
