import { ambientWithoutZtunnel } from './ambient-without-ztunnel';
import { conflictingMeshHosts } from './conflicting-mesh-hosts';
import { dashboardWithoutAccessControl } from './dashboard-without-access-control';
import { declaredCallFails } from './declared-call-fails';
import { destinationHostNotFound } from './destination-host-not-found';
import { destinationPortRequired } from './destination-port-required';
import { destinationRuleHostNotFound } from './destination-rule-host-not-found';
import { destinationSubsetNotFound } from './destination-subset-not-found';
import { duplicateObject } from './duplicate-object';
import { externalNamePortName } from './external-name-port-name';
import { gatewayNotFound } from './gateway-not-found';
import { hostNotInGateway } from './host-not-in-gateway';
import { internalGatewayReference } from './internal-gateway-reference';
import { ineffectiveMatch } from './ineffective-match';
import { ingressSubsetIgnored } from './ingress-subset-ignored';
import { httpRouteBackendPortNotFound } from './http-route-backend-port-not-found';
import { httpRouteHostnameNotInGateway } from './http-route-hostname-not-in-gateway';
import { httpRouteMissingReferenceGrant } from './http-route-missing-reference-grant';
import { httpRouteNotAllowed } from './http-route-not-allowed';
import { httpRouteReferenceNotFound } from './http-route-reference-not-found';
import { ineffectiveGatewaySelector } from './ineffective-gateway-selector';
import { jwksUnreachable } from './jwks-unreachable';
import { jwtClaimRoutingWithoutRequestAuthn } from './jwt-claim-routing-without-request-authn';
import { namespaceInjectedByDefault } from './namespace-injected-by-default';
import { namespaceMultipleInjectionLabels } from './namespace-multiple-injection-labels';
import { namespaceNotInjected } from './namespace-not-injected';
import { noMatchingWorkloads } from './no-matching-workloads';
import { podMissingProxy } from './pod-missing-proxy';
import { policyCallerWithoutIdentity } from './policy-caller-without-identity';
import { portNameConvention } from './port-name-convention';
import { removedApi } from './removed-api';
import { sidecarInAmbientNamespace } from './sidecar-in-ambient-namespace';
import { subsetSelectsNoPods } from './subset-selects-no-pods';
import { telemetryBreaksDashboards } from './telemetry-breaks-dashboards';
import { tracingPropagationMismatch } from './tracing-propagation-mismatch';
import { unreachableRule } from './unreachable-rule';
import { useWaypointNotFound } from './use-waypoint-not-found';
import { ztunnelPolicyHttpAttributes } from './ztunnel-policy-http-attributes';
import { ISetRule } from '../rule';

/**
 * Every cross-resource check, as `istioctl analyze` runs them over a set of manifests.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export const SET_RULES: readonly ISetRule[] = [
  removedApi,
  duplicateObject,
  destinationHostNotFound,
  destinationSubsetNotFound,
  gatewayNotFound,
  hostNotInGateway,
  internalGatewayReference,
  subsetSelectsNoPods,
  noMatchingWorkloads,
  conflictingMeshHosts,
  jwtClaimRoutingWithoutRequestAuthn,
  portNameConvention,
  externalNamePortName,
  namespaceNotInjected,
  declaredCallFails,
  dashboardWithoutAccessControl,
  jwksUnreachable,
  tracingPropagationMismatch,
  telemetryBreaksDashboards,
  policyCallerWithoutIdentity,
  destinationPortRequired,
  destinationRuleHostNotFound,
  unreachableRule,
  ineffectiveMatch,
  ingressSubsetIgnored,
  podMissingProxy,
  namespaceMultipleInjectionLabels,
  namespaceInjectedByDefault,
  httpRouteReferenceNotFound,
  httpRouteHostnameNotInGateway,
  httpRouteNotAllowed,
  httpRouteMissingReferenceGrant,
  httpRouteBackendPortNotFound,
  ineffectiveGatewaySelector,
  ztunnelPolicyHttpAttributes,
  useWaypointNotFound,
  sidecarInAmbientNamespace,
  ambientWithoutZtunnel,
];
