import { PEER_AUTHENTICATION_PORT_LEVEL_MTLS_SELECTOR } from '../../../lib/validation/rules/peer-authentication-port-level-mtls-selector';
import { peerAuthentication } from './objects';

describe('PEER_AUTHENTICATION_PORT_LEVEL_MTLS_SELECTOR', () => {
  test('fails on portLevelMtls without a selector', () => {
    const [finding] = PEER_AUTHENTICATION_PORT_LEVEL_MTLS_SELECTOR.check(peerAuthentication({ mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'DISABLE' } } }));
    expect(finding.code).toBe('CDKI1029');
    expect(finding.path).toBe('spec.portLevelMtls');
    expect(finding.message).toBe("'portLevelMtls' needs a 'selector' with 'matchLabels' (mesh- and namespace-wide policies cannot have port-level mTLS), got no selector");
  });

  test('fails on a selector with no labels', () => {
    const [finding] = PEER_AUTHENTICATION_PORT_LEVEL_MTLS_SELECTOR.check(peerAuthentication({ selector: { matchLabels: {} }, portLevelMtls: { 8080: { mode: 'DISABLE' } } }, 'v1beta1'));
    expect(finding.message).toContain('got a selector without matchLabels');
  });

  test('passes portLevelMtls with a workload selector', () => {
    expect(PEER_AUTHENTICATION_PORT_LEVEL_MTLS_SELECTOR.check(peerAuthentication({ selector: { matchLabels: { app: 'web' } }, portLevelMtls: { 8080: { mode: 'DISABLE' } } }))).toEqual([]);
  });
});
