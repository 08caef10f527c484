import { At, field, items } from './object';

/**
 * The list fields of an AuthorizationPolicy `source`.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export const SOURCE_FIELDS: readonly string[] = [
  'principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces',
  'serviceAccounts', 'notServiceAccounts', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks',
];

/**
 * The list fields of an AuthorizationPolicy `operation`.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export const OPERATION_FIELDS: readonly string[] = ['hosts', 'notHosts', 'ports', 'notPorts', 'methods', 'notMethods', 'paths', 'notPaths'];

/**
 * Every `rules[].from[].source` of an AuthorizationPolicy spec (value `undefined` where missing).
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export function sources(spec: At): At[] {
  return items(spec, 'rules').flatMap((rule) => items(rule, 'from').map((from) => field(from, 'source')));
}

/**
 * Every `rules[].to[].operation` of an AuthorizationPolicy spec (value `undefined` where missing).
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export function operations(spec: At): At[] {
  return items(spec, 'rules').flatMap((rule) => items(rule, 'to').map((to) => field(to, 'operation')));
}
