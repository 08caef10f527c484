// Kubernetes name and host formats, shared by the constructs' checks and the validators.

/** An RFC 1123 label: lowercase alphanumerics and '-', starting and ending alphanumeric (length checked apart: 63). */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** An RFC 1123 subdomain: dot-separated labels (length checked apart: 253). */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** An RFC 1035 label: an RFC 1123 label starting with a letter (Service names). */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** A host name with at least two labels, e.g. `ifconfig.co` (length checked apart: 253). */
export const FQDN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/** True when `value` is an RFC 1123 label of at most 63 characters. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}
