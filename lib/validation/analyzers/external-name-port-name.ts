import { asString, findingFor } from '../../private/analysis/objects';
import { asRecord, at } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';
import { unnamedPorts } from './port-name-convention';

const CODE = 'IST0150';

/**
 * IST0150 (warning): a port of an ExternalName Service whose protocol Istio cannot tell, or named plain `tcp`: the
 * sidecar then proxies the external host as opaque TCP on that port, which breaks HTTP and TLS to it. As Istio 1.30.3
 * pkg/config/analysis/analyzers/service/portname.go.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0150/
 */
export const externalNamePortName: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    return unnamedPorts(objects, true).map(({ svc, port: p }) => {
      const name = asString(asRecord(p.value).name);
      return findingFor(svc, CODE, Severity.WARNING, name ? at(p.path, 'name') : p.path,
        `port ${String(asRecord(p.value).port)} of this ExternalName Service ${name ? `is named "${name}"` : 'has no name'}, so Istio cannot tell its protocol `
        + 'and traffic to the external host may break; name it after the protocol the external host speaks, e.g. "https", "tls-api" or "http-web"');
    });
  },
};
