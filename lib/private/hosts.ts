/** Whether host `pattern` (`*`, `*.example.com` or a name) covers `host` (itself possibly a wildcard). */
export function hostCovers(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === host) return true;
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return host.endsWith(suffix);
  }
  return false;
}
