import { EXPORT_TO } from '../../../lib/validation/rules/export-to';
import { destinationRule, route, serviceEntry, virtualService } from './objects';

const problems = (obj: Parameters<typeof EXPORT_TO.check>[0]) => EXPORT_TO.check(obj).map((f) => [f.code, f.path, f.message]);

describe('EXPORT_TO', () => {
  test('fails on "." next to its own namespace, a name that is no namespace, and "*" with others', () => {
    expect(problems(virtualService({ hosts: ['reviews'], http: [route()], exportTo: ['.', 'default', 'Bad_Ns'] }))).toEqual([
      ['CDKI1061', 'spec.exportTo[1]', '\'exportTo\' lists "." and its own namespace "default", the same namespace twice'],
      ['CDKI1061', 'spec.exportTo[2]', '\'exportTo\' entries must be ".", "*" or a namespace name, got "Bad_Ns"'],
    ]);
    expect(problems(virtualService({ hosts: ['reviews'], http: [route()], exportTo: ['*', 'ns1'] })).map((p) => p[2])).toEqual(['\'exportTo\' cannot list "*" (everyone) with other entries, got ["*","ns1"]']);
  });

  test('fails on "~" outside a ServiceEntry or with others, and a selector DestinationRule exported beyond its namespace', () => {
    expect(problems(destinationRule({ host: 'reviews', exportTo: ['~'] })).map((p) => p[2])).toEqual(['\'exportTo\' may be "~" (no one) only on a ServiceEntry, got "~"']);
    expect(problems(serviceEntry({ hosts: ['a.example.com'], exportTo: ['~', 'ns1'] })).map((p) => p[2])).toEqual(['\'exportTo\' cannot list "~" (no one) with other entries, got ["~","ns1"]']);
    expect(problems(destinationRule({ host: 'reviews', workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['somens'] })).map((p) => p[1])).toEqual(['spec.exportTo']);
  });

  test('passes ".", "*", namespaces, "~" alone on a ServiceEntry, and "." on a selector DestinationRule', () => {
    expect([
      ...problems(virtualService({ hosts: ['reviews'], http: [route()], exportTo: ['.', 'ns1'] })),
      ...problems(serviceEntry({ hosts: ['a.example.com'], exportTo: ['~'] })),
      ...problems(destinationRule({ host: 'reviews', workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['.'] })),
    ]).toEqual([]);
  });
});
