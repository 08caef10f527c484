import { DRY_RUN_ANNOTATION } from '../../../lib/validation/rules/dry-run-annotation';
import { ManifestObject } from '../../../lib/validation/finding';
import { authorizationPolicy, requestAuthentication } from './objects';

const annotated = (obj: ManifestObject, value: string): ManifestObject => ({ ...obj, metadata: { ...obj.metadata, annotations: { 'istio.io/dry-run': value } } });
const messages = (obj: ManifestObject) => DRY_RUN_ANNOTATION.check(obj).map((f) => [f.code, f.path, f.message]);

describe('DRY_RUN_ANNOTATION', () => {
  test('fails on a value that is no boolean, on an AUDIT policy and on a kind other than AuthorizationPolicy', () => {
    expect(messages(annotated(authorizationPolicy({ action: 'ALLOW' }), 'foo'))).toEqual([
      ['CDKI1054', 'metadata.annotations["istio.io/dry-run"]', "'istio.io/dry-run' must be \"true\" or \"false\", got \"foo\""],
    ]);
    expect(messages(annotated(authorizationPolicy({ action: 'AUDIT' }), 'true')).map((m) => m[2])).toEqual(["'istio.io/dry-run' supports actions ALLOW and DENY only; remove it, got action \"AUDIT\""]);
    expect(messages(annotated(requestAuthentication({}), 'true')).map((m) => m[2])).toEqual(["'istio.io/dry-run' is only supported on AuthorizationPolicy; remove it, got it on a RequestAuthentication"]);
  });

  test('passes true and false on ALLOW and DENY policies', () => {
    expect([...messages(annotated(authorizationPolicy({}), 'true')), ...messages(annotated(authorizationPolicy({ action: 'DENY', rules: [{}] }), 'false'))]).toEqual([]);
  });
});
