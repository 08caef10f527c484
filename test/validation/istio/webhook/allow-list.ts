/**
 * Cases of Istio's webhook tables where cdk8s-istio deliberately differs, with the reason. Keep it short: the runner
 * fails when an entry starts agreeing with Istio, so that it is removed.
 */
export const ALLOW_LIST: Readonly<Record<string, string>> = {
};
