import { ManifestObject } from '../../../lib/validation/finding';
import { validateSchema } from '../../../lib/validation/schema-validator';
import { authorizationPolicy, deployment, destinationRule, gateway, service, virtualService, withField } from './fixtures';

const FACTORIES = [virtualService, destinationRule, gateway, authorizationPolicy, deployment, service];

/** 1,000 objects of six kinds, named apart; every tenth one carries an unknown field. */
function mixedObjects(): ManifestObject[] {
  return Array.from({ length: 1000 }, (_, i) => {
    const obj = withField(FACTORIES[i % FACTORIES.length](), 'metadata.name', `object-${i}`);
    return i % 10 === 0 ? withField(obj, 'spec.unknownField', i) : obj;
  });
}

// Its speed is measured by bench/validation-bench.ts (`npm run bench:validation`), not asserted here.
describe('validateSchema on many objects', () => {
  test('fails exactly the 100 of 1,000 mixed objects that carry an unknown field, at that field', () => {
    const findings = mixedObjects().flatMap(validateSchema);
    expect(findings).toHaveLength(100);
    expect(findings.every((f) => f.path === 'spec.unknownField')).toBe(true);
    expect(findings.map((f) => f.name)).toEqual(Array.from({ length: 100 }, (_, i) => `object-${i * 10}`));
  });
});
