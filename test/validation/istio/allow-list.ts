// The cases of Istio's analyzer table (analyzer-cases.ts) whose outcome we do not reproduce, each with the reason.
// analyzers.test.ts fails when one of them starts passing, so the list stays honest. README.md (Validation) lists them.

/** One allow-listed case: the codes whose findings we do not reproduce there, and why. */
export interface AllowListed {
  readonly codes: readonly string[];
  readonly reason: string;
}

/** Allow-listed cases by Istio's case name. */
export const ALLOW_LIST: Readonly<Record<string, AllowListed>> = {
  'istioInjection': { codes: ['IST0103'], reason: 'IST0103 is judged only for Pods read from a cluster (a status or a uid): a Pod manifest, like a '
      + 'pod template, gets its proxy when it is created, and Istio\'s test Pod has neither' },
  'istioInjectionEnableNamespacesByDefault': { codes: ['IST0103'], reason: 'IST0103 is judged only for Pods read from a cluster (a status or a uid): a Pod manifest, like a '
      + 'pod template, gets its proxy when it is created, and Istio\'s test Pod has neither' },
  'authorizationpolicies': {
    codes: ['IST0101'],
    reason: 'an AuthorizationPolicy source namespace that no Namespace of the set matches is not reported: a set rarely holds '
      + 'every Namespace of the cluster, so a missing one is no evidence (IST0127 is reproduced)',
  },
};
