/** Whether host `pattern` (`*`, `*.example.com` or a name) covers `host` (itself possibly a wildcard). */
export function hostCovers(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === host) return true;
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return host.endsWith(suffix);
  }
  return false;
}

/** A host that `pattern` covers, to send a request to: itself, `any.example.com` for `*.example.com`, `any.host.example` for `*`. */
export function hostCoveredBy(pattern: string): string {
  return pattern === '*' ? 'any.host.example' : pattern.startsWith('*') ? `any${pattern.slice(1)}` : pattern;
}

/**
 * Whether two hosts overlap as istiod's host.Name.Matches decides: equal, or a wildcard (`*` then any suffix, so
 * `*bar.com` too) whose suffix ends the other (for two wildcards: the longer one's suffix ends with the shorter one's).
 * @see Istio 1.30.3 pkg/config/host/name.go Name.Matches
 */
export function hostsOverlap(a: string, b: string): boolean {
  const wild = (h: string) => h.startsWith('*');
  if (wild(a) && wild(b)) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (wild(a)) return b.endsWith(a.slice(1));
  if (wild(b)) return a.endsWith(b.slice(1));
  return a === b;
}
