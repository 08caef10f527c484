import { IObjectRule } from '../rule';
import { VIRTUAL_SERVICE_NEEDS_ROUTE } from './virtual-service-needs-route';
import { VIRTUAL_SERVICE_HTTP_ACTION } from './virtual-service-http-action';
import { VIRTUAL_SERVICE_WEIGHTS } from './virtual-service-weights';
import { VIRTUAL_SERVICE_MESH_WILDCARD_HOST } from './virtual-service-mesh-wildcard-host';
import { VIRTUAL_SERVICE_HEADER_NAME } from './virtual-service-header-name';
import { VIRTUAL_SERVICE_REGEX } from './virtual-service-regex';
import { VIRTUAL_SERVICE_RETRIES } from './virtual-service-retries';
import { VIRTUAL_SERVICE_FAULT_PERCENTAGE } from './virtual-service-fault-percentage';
import { VIRTUAL_SERVICE_DESTINATION_PORT } from './virtual-service-destination-port';
import { VIRTUAL_SERVICE_TLS_SNI_HOSTS } from './virtual-service-tls-sni-hosts';
import { VIRTUAL_SERVICE_DURATIONS } from './virtual-service-durations';
import { DESTINATION_RULE_DUPLICATE_SUBSET } from './destination-rule-duplicate-subset';
import { DESTINATION_RULE_SUBSET_NAME } from './destination-rule-subset-name';
import { DESTINATION_RULE_EMPTY_TRAFFIC_POLICY } from './destination-rule-empty-traffic-policy';
import { GATEWAY_NEEDS_SERVERS } from './gateway-needs-servers';
import { GATEWAY_SERVER_HOSTS } from './gateway-server-hosts';
import { GATEWAY_DUPLICATE_PORT_NAME } from './gateway-duplicate-port-name';
import { GATEWAY_TLS_SETTINGS } from './gateway-tls-settings';
import { SERVICE_ENTRY_DUPLICATE_PORT } from './service-entry-duplicate-port';
import { SERVICE_ENTRY_DNS_WILDCARD_HOST } from './service-entry-dns-wildcard-host';
import { AUTHORIZATION_POLICY_NEEDS_RULES } from './authorization-policy-needs-rules';
import { AUTHORIZATION_POLICY_EMPTY_CLAUSE } from './authorization-policy-empty-clause';
import { AUTHORIZATION_POLICY_EMPTY_VALUE } from './authorization-policy-empty-value';
import { AUTHORIZATION_POLICY_SERVICE_ACCOUNTS } from './authorization-policy-service-accounts';
import { AUTHORIZATION_POLICY_WILDCARD_POSITION } from './authorization-policy-wildcard-position';
import { REQUEST_AUTHENTICATION_ISSUER_OR_JWKS_URI } from './request-authentication-issuer-or-jwks-uri';
import { REQUEST_AUTHENTICATION_JWKS_URI_SCHEME } from './request-authentication-jwks-uri-scheme';
import { REQUEST_AUTHENTICATION_PLAIN_HTTP_JWKS } from './request-authentication-plain-http-jwks';
import { PEER_AUTHENTICATION_PORT_LEVEL_MTLS_SELECTOR } from './peer-authentication-port-level-mtls-selector';
import { VIRTUAL_SERVICE_REDIRECT } from './virtual-service-redirect';
import { VIRTUAL_SERVICE_REWRITE } from './virtual-service-rewrite';
import { VIRTUAL_SERVICE_MIRROR_PERCENTAGE } from './virtual-service-mirror-percentage';
import { VIRTUAL_SERVICE_HEADER_OPERATIONS } from './virtual-service-header-operations';
import { VIRTUAL_SERVICE_CORS } from './virtual-service-cors';
import { TELEMETRY_SAMPLING_PERCENTAGE } from './telemetry-sampling-percentage';
import { SIDECAR_EGRESS_HOSTS } from './sidecar-egress-hosts';
import { VIRTUAL_SERVICE_HOSTS } from './virtual-service-hosts';
import { VIRTUAL_SERVICE_GATEWAY_NAMES } from './virtual-service-gateway-names';
import { VIRTUAL_SERVICE_JWT_CLAIM_ROUTING } from './virtual-service-jwt-claim-routing';
import { DESTINATION_RULE_LOAD_BALANCER } from './destination-rule-load-balancer';
import { DESTINATION_RULE_OUTLIER_DETECTION } from './destination-rule-outlier-detection';
import { DESTINATION_RULE_CONNECTION_POOL } from './destination-rule-connection-pool';
import { DESTINATION_RULE_PORT_LEVEL_SETTINGS } from './destination-rule-port-level-settings';
import { DESTINATION_RULE_CLIENT_TLS } from './destination-rule-client-tls';
import { SERVICE_ENTRY_ENDPOINTS } from './service-entry-endpoints';
import { AUTHORIZATION_POLICY_CONDITIONS } from './authorization-policy-conditions';
import { AUTHORIZATION_POLICY_CUSTOM_PROVIDER } from './authorization-policy-custom-provider';
import { AUTHORIZATION_POLICY_ADDRESSES_PORTS } from './authorization-policy-addresses-ports';
import { REQUEST_AUTHENTICATION_JWKS } from './request-authentication-jwks';
import { GATEWAY_SERVER_PORT } from './gateway-server-port';
import { VIRTUAL_SERVICE_STATUS_CODES } from './virtual-service-status-codes';
import { VIRTUAL_SERVICE_DESTINATION_HOST } from './virtual-service-destination-host';
import { POLICY_TARGET_REF } from './policy-target-ref';
import { DRY_RUN_ANNOTATION } from './dry-run-annotation';
import { DESTINATION_RULE_LOCALITY_LB } from './destination-rule-locality-lb';
import { GATEWAY_TLS_CERTIFICATES } from './gateway-tls-certificates';
import { SERVICE_ENTRY_DYNAMIC_DNS } from './service-entry-dynamic-dns';
import { SIDECAR_LISTENERS } from './sidecar-listeners';
import { DESTINATION_RULE_HOST } from './destination-rule-host';
import { WORKLOAD_SELECTOR_LABELS } from './workload-selector-labels';
import { EXPORT_TO } from './export-to';

/**
 * istiod's validating-webhook checks that no CRD schema expresses, one rule per finding code, in code order.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export const OBJECT_RULES: readonly IObjectRule[] = [
  VIRTUAL_SERVICE_NEEDS_ROUTE,
  VIRTUAL_SERVICE_HTTP_ACTION,
  VIRTUAL_SERVICE_WEIGHTS,
  VIRTUAL_SERVICE_MESH_WILDCARD_HOST,
  VIRTUAL_SERVICE_HEADER_NAME,
  VIRTUAL_SERVICE_REGEX,
  VIRTUAL_SERVICE_RETRIES,
  VIRTUAL_SERVICE_FAULT_PERCENTAGE,
  VIRTUAL_SERVICE_DESTINATION_PORT,
  VIRTUAL_SERVICE_TLS_SNI_HOSTS,
  VIRTUAL_SERVICE_DURATIONS,
  DESTINATION_RULE_DUPLICATE_SUBSET,
  DESTINATION_RULE_SUBSET_NAME,
  DESTINATION_RULE_EMPTY_TRAFFIC_POLICY,
  GATEWAY_NEEDS_SERVERS,
  GATEWAY_SERVER_HOSTS,
  GATEWAY_DUPLICATE_PORT_NAME,
  GATEWAY_TLS_SETTINGS,
  SERVICE_ENTRY_DUPLICATE_PORT,
  SERVICE_ENTRY_DNS_WILDCARD_HOST,
  AUTHORIZATION_POLICY_NEEDS_RULES,
  AUTHORIZATION_POLICY_EMPTY_CLAUSE,
  AUTHORIZATION_POLICY_EMPTY_VALUE,
  AUTHORIZATION_POLICY_SERVICE_ACCOUNTS,
  AUTHORIZATION_POLICY_WILDCARD_POSITION,
  REQUEST_AUTHENTICATION_ISSUER_OR_JWKS_URI,
  REQUEST_AUTHENTICATION_JWKS_URI_SCHEME,
  REQUEST_AUTHENTICATION_PLAIN_HTTP_JWKS,
  PEER_AUTHENTICATION_PORT_LEVEL_MTLS_SELECTOR,
  TELEMETRY_SAMPLING_PERCENTAGE,
  VIRTUAL_SERVICE_REDIRECT,
  VIRTUAL_SERVICE_REWRITE,
  VIRTUAL_SERVICE_MIRROR_PERCENTAGE,
  VIRTUAL_SERVICE_HEADER_OPERATIONS,
  VIRTUAL_SERVICE_CORS,
  SIDECAR_EGRESS_HOSTS,
  VIRTUAL_SERVICE_HOSTS,
  VIRTUAL_SERVICE_GATEWAY_NAMES,
  VIRTUAL_SERVICE_JWT_CLAIM_ROUTING,
  DESTINATION_RULE_LOAD_BALANCER,
  DESTINATION_RULE_OUTLIER_DETECTION,
  DESTINATION_RULE_CONNECTION_POOL,
  DESTINATION_RULE_PORT_LEVEL_SETTINGS,
  DESTINATION_RULE_CLIENT_TLS,
  SERVICE_ENTRY_ENDPOINTS,
  AUTHORIZATION_POLICY_CONDITIONS,
  AUTHORIZATION_POLICY_CUSTOM_PROVIDER,
  AUTHORIZATION_POLICY_ADDRESSES_PORTS,
  REQUEST_AUTHENTICATION_JWKS,
  GATEWAY_SERVER_PORT,
  VIRTUAL_SERVICE_STATUS_CODES,
  VIRTUAL_SERVICE_DESTINATION_HOST,
  POLICY_TARGET_REF,
  DRY_RUN_ANNOTATION,
  DESTINATION_RULE_LOCALITY_LB,
  GATEWAY_TLS_CERTIFICATES,
  SERVICE_ENTRY_DYNAMIC_DNS,
  SIDECAR_LISTENERS,
  DESTINATION_RULE_HOST,
  WORKLOAD_SELECTOR_LABELS,
  EXPORT_TO,
];
