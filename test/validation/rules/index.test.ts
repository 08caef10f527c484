import { OBJECT_RULES } from '../../../lib/validation/rules';

describe('OBJECT_RULES', () => {
  test('lists each rule once, with codes CDKI1001 upwards in order', () => {
    expect(OBJECT_RULES.map((r) => r.code)).toEqual(OBJECT_RULES.map((_, i) => `CDKI${1001 + i}`));
  });
});
