import { IConstruct } from 'constructs';
import { DNS1035_LABEL, DNS1123_SUBDOMAIN, isDnsLabel } from './dns';
import { fail, show } from './errors';

/** Throws unless `value` is an RFC 1123 label: lowercase alphanumerics and '-', at most 63 characters. */
export function checkDnsLabel(scope: IConstruct, prop: string, value: string): string {
  if (typeof value !== 'string' || !isDnsLabel(value)) {
    fail(scope, prop, `must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got ${show(value)}`);
  }
  return value;
}

/** Throws unless `value` is an RFC 1035 label (Service names): an RFC 1123 label that starts with a letter. */
export function checkDns1035Label(scope: IConstruct, prop: string, value: string): string {
  if (typeof value !== 'string' || !isDnsLabel(value) || !DNS1035_LABEL.test(value)) {
    fail(scope, prop, `must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters), got ${show(value)}`);
  }
  return value;
}

/** Throws unless `value` is an RFC 1123 subdomain (object names such as Deployments and Istio resources). */
export function checkDnsSubdomain(scope: IConstruct, prop: string, value: string): string {
  if (typeof value !== 'string' || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    fail(scope, prop, `must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters), got ${show(value)}`);
  }
  return value;
}

/** Throws unless `value` is a hostname as Istio accepts in `hosts`: a DNS name, optionally with a leading `*.`, or `*`. */
export function checkHost(scope: IConstruct, prop: string, value: string): string {
  const name = typeof value === 'string' && value.startsWith('*.') ? value.slice(2) : value;
  const ok = value === '*' || (typeof name === 'string' && name.length <= 253 && DNS1123_SUBDOMAIN.test(name));
  if (!ok) {
    fail(scope, prop, `must be a lowercase DNS name such as "hello.example.com", optionally with a leading "*.", or "*"; got ${show(value)}`);
  }
  return value;
}

/** Throws unless `value` is an integer port number from 1 to 65535. */
export function checkPortNumber(scope: IConstruct, prop: string, value: number): number {
  return checkInteger(scope, prop, value, 1, 65535);
}

/** Throws unless `value` is an integer from `min` to `max`. */
export function checkInteger(scope: IConstruct, prop: string, value: number, min: number, max: number = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    fail(scope, prop, `must be an integer ${range}, got ${show(value)}`);
  }
  return value;
}

/** Throws unless `value` is a number from 0 to 100 (a percentage). */
export function checkPercentage(scope: IConstruct, prop: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    fail(scope, prop, `must be a percentage from 0 to 100, got ${show(value)}`);
  }
  return value;
}

/** Throws unless `value` is one of the values of the string enum `values`. */
export function checkEnum<T extends string>(scope: IConstruct, prop: string, value: T, values: Readonly<Record<string, T>>): T {
  if (!Object.values(values).includes(value)) {
    fail(scope, prop, `must be one of ${Object.values(values).join(', ')}, got ${show(value)}`);
  }
  return value;
}

/** Envoy's bound on a Maglev lookup table size: it must be a prime below this (istiod's validateLoadBalancer). */
export const MAGLEV_MAX_TABLE_SIZE = 5000011;

/** Whether `x` is prime, as Envoy and istiod test Maglev table sizes. */
export function isPrime(x: number): boolean {
  if (!Number.isInteger(x) || x < 2) return false;
  for (let f = 2; f * f <= x; f++) if (x % f === 0) return false;
  return true;
}
