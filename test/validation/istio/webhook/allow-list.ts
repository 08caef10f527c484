/**
 * Cases of Istio's webhook tables where `cdk8s-istio validate` does not reach Istio's outcome, each with the reason.
 * Keep it short: the runner fails when an entry starts agreeing with Istio, so that it is removed.
 */
export const ALLOW_LIST: Readonly<Record<string, string>> = {
  // Deliberate: Istio's Go test calls the webhook function alone; the API server rejects these objects before the
  // webhook sees them, by the CRD schema that `validate` checks too.
  'TestValidateRequestAuthentication/empty issuer and set jwksUri': 'the CRD schema requires a non-empty issuer (minLength 1)',
  'TestValidateServiceEntries/partial wildcard hosts': 'the CRD rule "NONE mode cannot set endpoints" rejects endpoints without a resolution',
  'TestValidateTlsOptions/simple more than 2 certs': 'the CRD schema allows at most 2 tlsCertificates (maxItems 2); istiod only warns',
  'TestValidateTlsOptions/mutual more than 2 certs': 'the CRD schema allows at most 2 tlsCertificates (maxItems 2); istiod only warns',
  // Not checked yet (istiod rejects them; no rule of ours does): rare fields of Sidecar listeners and selectors.
  'TestValidateHTTPRoute/empty prefix header match': 'not checked yet: a header match with an empty prefix',
  'TestValidateServiceEntries/bad selector key': 'not checked yet: workloadSelector label keys',
  'TestValidateSidecar/invalid Port': 'not checked yet: Sidecar egress port protocol, number and name',
  'TestValidateSidecar/UDS bind in inbound': 'not checked yet: Sidecar listener bind and port number',
  'TestValidateSidecar/invalid bind': 'not checked yet: Sidecar listener bind and port number',
  'TestValidateSidecar/invalid capture mode with uds bind': 'not checked yet: Sidecar captureMode with a unix bind',
  'TestValidateSidecar/duplicate UDS bind': 'not checked yet: Sidecar unix binds used twice',
  'TestValidateSidecar/sidecar egress proxy with RESGISTRY_ONLY(default)': 'not checked yet: Sidecar outboundTrafficPolicy.egressProxy',
  'TestValidateSidecar/sidecar egress proxy with ALLOW_ANY, service hostname invalid fqdn': 'not checked yet: Sidecar outboundTrafficPolicy.egressProxy',
  'TestValidateSidecar/sidecar egress proxy(without Port) with ALLOW_ANY': 'not checked yet: Sidecar outboundTrafficPolicy.egressProxy',
};
