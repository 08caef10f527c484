/** One step into a JSON value: an object key or a list index. */
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Formats a path the way Kubernetes prints field paths: `spec.http[0].route[1].weight`,
 * with keys that are not plain names quoted: `metadata.labels["app.kubernetes.io/name"]`.
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Splits an ajv `instancePath` (a JSON pointer such as `/spec/http/0`) into segments,
 * walking `root` so that list indices become numbers and numeric map keys stay strings.
 * Also returns the value found there (undefined when the path leaves the data).
 */
export function resolvePointer(root: unknown, pointer: string): { readonly segments: PathSegment[]; readonly value: unknown } {
  const segments: PathSegment[] = [];
  let value: unknown = root;
  if (pointer === '') return { segments, value };
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      const index = Number(key);
      segments.push(index);
      value = value[index];
    } else {
      segments.push(key);
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
  }
  return { segments, value };
}

/** Short rendering of a received value for messages: JSON for scalars, a kind word for containers. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
