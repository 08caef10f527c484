// The cases of Istio's analyzer table (analyzer-cases.ts) whose outcome we do not reproduce, each with the reason.
// analyzers.test.ts fails when one of them starts passing, so the list stays honest. README.md (Validation) lists them.

/** One allow-listed case: the codes whose findings we do not reproduce there, and why. */
export interface AllowListed {
  readonly codes: readonly string[];
  readonly reason: string;
}

/** Allow-listed cases by Istio's case name. */
export const ALLOW_LIST: Readonly<Record<string, AllowListed>> = {
  'istioInjection': { codes: ['IST0103', 'IST0123'], reason: 'not implemented' },
  'istioInjectionEnableNamespacesByDefault': { codes: ['IST0103', 'IST0123', 'IST0148'], reason: 'not implemented' },
  'virtualServiceDestinationHosts': { codes: ['IST0112'], reason: 'not implemented' },
  'dupmatches': { codes: ['IST0130', 'IST0131'], reason: 'not implemented' },
  'Route Rule no effect on Ingress': { codes: ['IST0140'], reason: 'not implemented' },
  'DestinationRuleWithFakeHost': { codes: ['IST0174'], reason: 'not implemented' },
  'authorizationpolicies': {
    codes: ['IST0101'],
    reason: 'an AuthorizationPolicy source namespace that no Namespace of the set matches is not reported: a set rarely holds '
      + 'every Namespace of the cluster, so a missing one is no evidence (IST0127 is reproduced)',
  },
};
