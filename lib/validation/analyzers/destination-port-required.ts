import { asString, findingFor, ofKind, refOf, specOf } from '../../private/analysis/objects';
import { lookUpService } from '../../private/analysis/service-lookup';
import { asRecord, at, isSet, NETWORKING } from '../../private/rules/object';
import { destinations } from '../../private/rules/virtual-service';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0112';

/**
 * IST0112: a VirtualService routes or mirrors to a service exposing more than one port without saying which
 * (`destination.port`), as Istio 1.30.3's pkg/config/analysis/analyzers/virtualservice/destinationhosts.go
 * checkServiceEntryPorts judges it, the host looked up as {@link lookUpService} does (istioctl's lookup, with istiod's
 * reading of `meshConfig.defaultServiceExportTo`, as IST0101 looks it up).
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0112/
 */
export const destinationPortRequired: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const findings: Finding[] = [];
    for (const vs of ofKind(objects, NETWORKING, 'VirtualService')) {
      for (const dest of destinations(specOf(vs))) {
        const host = asString(asRecord(dest.value).host);
        if (!host || isSet(asRecord(dest.value).port)) continue;
        const service = lookUpService(modelOf(objects, external.hosts)._index, vs, host);
        if (!service || service.ports.length < 2) continue;
        findings.push(findingFor(vs, CODE, Severity.ERROR, at(dest.path, 'port'),
          `destination "${host}" has no port, but ${service.obj.kind} ${refOf(service.obj)} exposes several (${service.ports.join(', ')}), `
          + 'so Istio cannot tell which one to route to; set destination.port.number'));
      }
    }
    return findings;
  },
};
