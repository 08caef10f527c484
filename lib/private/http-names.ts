/**
 * A JWT-claim match key: `@request.auth.claims.<claim>[.<nested>...]` or `@request.auth.claims[<claim>][<nested>]...`.
 * @see https://istio.io/latest/docs/tasks/security/authentication/jwt-route/
 */
export const JWT_CLAIM_KEY = /^@request\.auth\.claims(\.[^.[\]\s]+|\[[^[\]\s]+\])+$/;

/** An RFC 7230 token, the header names istiod accepts (validHeaderNameRegex). */
export const HEADER_TOKEN = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

/** What istiod accepts in a header value (httpHeaderValueRegexp): no control characters but tab. */
const HEADER_VALUE = /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/;
/** Envoy's `%VARIABLE%` or `%VARIABLE(args)%` substitutions in header values, and an escaped `%%`. */
const HEADER_VARIABLE = /%[A-Z0-9_]+(\([^)]*\))?%|%%/g;

/**
 * What is wrong with a header value of a header operation, or undefined: control characters, or a `%` that is
 * neither a `%VARIABLE%` nor an escaped `%%`.
 * @see Istio 1.30.3 pkg/config/validation/validation.go ValidateHTTPHeaderValue; header_value_validator.go validateHeaderValue
 */
export function headerValueProblem(value: string): string | undefined {
  if (!HEADER_VALUE.test(value)) return 'must be a header value without control characters';
  if (value.replace(HEADER_VARIABLE, '').includes('%')) return "has an un-escaped '%' (Envoy reads %NAME% as a variable; write %% for a literal %)";
  return undefined;
}
