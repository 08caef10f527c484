import { findingFor, ofKind } from '../../private/analysis/objects';
import { DATAPLANE_MODE } from '../../private/model/mesh-index';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'CDKI3013';

/**
 * CDKI3013 (error): a Namespace enrolled in ambient mode (`istio.io/dataplane-mode=ambient`) in a set whose
 * IstioOperator does not install ambient mode (ztunnel, istio-cni, istiod's ambient support: the `ambient` profile).
 * Its pods then get no ztunnel and run as plain pods outside the mesh: no mTLS, no identity, no policy. A set without
 * an IstioOperator says nothing about the installation and passes.
 * @see https://istio.io/latest/docs/ambient/install/istioctl/
 * @see Istio 1.30.3 manifests/profiles/ambient.yaml
 */
export const ambientWithoutZtunnel: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const namespaces = ofKind(objects, '', 'Namespace').filter(o => o.metadata?.labels?.[DATAPLANE_MODE] === 'ambient');
    if (namespaces.length === 0) return [];
    const install = modelOf(objects, external.hosts)._index.settings.ambientInstall;
    if (!install || install.missing.length === 0) return [];
    return namespaces.map(ns => findingFor(ns, CODE, Severity.ERROR, `metadata.labels.${DATAPLANE_MODE}`,
      `enrols namespace ${ns.metadata?.name} in ambient mode, but IstioOperator ${install.operator} (profile ${install.profile}) installs no ${install.missing.join(', no ')}, `
      + 'so its pods get no ztunnel and run as plain pods outside the mesh (no mTLS, no identity, no policy); '
      + 'install with profile: ambient (InstallationProfile.AMBIENT), which adds istio-cni and ztunnel, or keep the namespace in sidecar mode'));
  },
};
