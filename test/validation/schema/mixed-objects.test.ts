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

describe('validateSchema speed', () => {
  test('validates 1,000 mixed objects in well under a second after warm-up', () => {
    const objects = mixedObjects();
    for (const factory of FACTORIES) validateSchema(factory()); // warm-up: parse the bundle, compile the six schemas

    const start = process.hrtime.bigint();
    const findings = objects.flatMap(validateSchema);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;

    console.log(`validateSchema: 1,000 mixed objects in ${ms.toFixed(1)} ms`);
    expect(findings).toHaveLength(100);
    expect(findings.every((f) => f.path === 'spec.unknownField')).toBe(true);
    expect(ms).toBeLessThan(2000);
  });
});
