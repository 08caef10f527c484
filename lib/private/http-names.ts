/**
 * A JWT-claim match key: `@request.auth.claims.<claim>[.<nested>...]` or `@request.auth.claims[<claim>][<nested>]...`.
 * @see https://istio.io/latest/docs/tasks/security/authentication/jwt-route/
 */
export const JWT_CLAIM_KEY = /^@request\.auth\.claims(\.[^.[\]\s]+|\[[^[\]\s]+\])+$/;
