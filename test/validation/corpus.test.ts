import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ManifestObject } from '../../lib/validation/finding';
import { validateManifests } from '../../lib/validation/validate';

/**
 * Every file under corpus/ is a wrong manifest set. Its header lists what must be found, one line each:
 * `# expect: CODE PATH | message fragment`.
 */
const DIR = path.join(__dirname, 'corpus');
const EXPECT = /^# expect: (\S+) (.+?) \| (.+)$/gm;

const cases = fs.readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort().map((file) => {
  const text = fs.readFileSync(path.join(DIR, file), 'utf8');
  const expected = [...text.matchAll(EXPECT)].map(([, code, p, fragment]) => ({ code, path: p, fragment }));
  const objects = parseAllDocuments(text).map((d) => d.toJS() as ManifestObject | null).filter((o) => o !== null);
  return { file, expected, objects };
});

test('the corpus has at least 40 wrong manifests, each with an expectation', () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
  expect(cases.filter((c) => c.expected.length === 0).map((c) => c.file)).toEqual([]);
});

describe.each(cases)('$file', ({ expected, objects }) => {
  test.each(expected)('fails with $code at $path', ({ code, path: p, fragment }) => {
    const findings = validateManifests(objects).map((f) => ({ code: f.code, path: f.path, message: f.message }));
    expect(findings).toContainEqual({ code, path: p, message: expect.stringContaining(fragment) });
  });
});
