/**
 * A URL as Kubernetes' CEL URL library sees it: parsed with the rules of Go's `url.ParseRequestURI`
 * (absolute URI or absolute path; an opaque `scheme:rest` form is accepted; no fragment handling).
 * @see https://kubernetes.io/docs/reference/using-api/cel/#kubernetes-url-library
 */
export class KubernetesUrl {
  private constructor(
    readonly scheme: string,
    /** Host with port, IPv6 literals in brackets, e.g. `example.com:8080`. */
    readonly host: string,
    readonly escapedPath: string,
    readonly query: string,
  ) {}

  /** Parses `text`, or returns an error message as a string (Go returns an error there). */
  static parse(text: string): KubernetesUrl | string {
    if (text === '') return 'empty url';
    if (/[\x00-\x1f\x7f]/.test(text)) return 'invalid control character in URL';
    if (text === '*') return new KubernetesUrl('', '', '*', '');
    const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text);
    if (text.startsWith(':')) return 'missing protocol scheme';
    const scheme = schemeMatch ? schemeMatch[1].toLowerCase() : '';
    let rest = schemeMatch ? text.slice(schemeMatch[0].length) : text;
    let query = '';
    const q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
    if (!rest.startsWith('/')) {
      return scheme !== '' ? new KubernetesUrl(scheme, '', '', query) : 'invalid URI for request';
    }
    let host = '';
    if (scheme !== '' && rest.startsWith('//')) {
      const slash = rest.indexOf('/', 2);
      const authority = slash >= 0 ? rest.slice(2, slash) : rest.slice(2);
      rest = slash >= 0 ? rest.slice(slash) : '';
      host = authority.slice(authority.lastIndexOf('@') + 1);
      const hostError = checkHost(host);
      if (hostError) return hostError;
    }
    if (!validEscapes(rest)) return `invalid URL escape in path "${rest}"`;
    return new KubernetesUrl(scheme, host, rest, query);
  }

  /** Host without port and without IPv6 brackets. */
  get hostname(): string {
    if (this.host.startsWith('[')) return this.host.slice(1, this.host.indexOf(']'));
    const colon = this.host.lastIndexOf(':');
    return colon >= 0 ? this.host.slice(0, colon) : this.host;
  }

  /** Port as written, or `''`. */
  get port(): string {
    const colon = this.host.lastIndexOf(':');
    return colon >= 0 && colon > this.host.lastIndexOf(']') ? this.host.slice(colon + 1) : '';
  }
}

/** Go's `parseHost`: optional `:digits` port, bracketed IPv6, no spaces or other characters Go escapes. */
function checkHost(host: string): string | undefined {
  let portPart: string;
  if (host.startsWith('[')) {
    const end = host.lastIndexOf(']');
    if (end < 0) return "missing ']' in host";
    portPart = host.slice(end + 1);
  } else {
    const colon = host.lastIndexOf(':');
    portPart = colon >= 0 ? host.slice(colon) : '';
  }
  if (portPart !== '' && !/^:[0-9]*$/.test(portPart)) return `invalid port "${portPart}" after host`;
  if (!/^[A-Za-z0-9\-._~!$&'()*+,;=:[\]%<>"]*$/.test(host)) return `invalid character in host name "${host}"`;
  if (!validEscapes(host)) return `invalid URL escape in host "${host}"`;
  return undefined;
}

function validEscapes(text: string): boolean {
  return !/%(?![0-9A-Fa-f]{2})/.test(text);
}
