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
