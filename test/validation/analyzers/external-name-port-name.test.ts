import { externalNamePortName } from '../../../lib/validation/analyzers/external-name-port-name';
import { portNameConvention } from '../../../lib/validation/analyzers/port-name-convention';
import { Severity } from '../../../lib/validation/finding';
import { service } from './manifests';

const external = (ports: Record<string, unknown>[]) => {
  const svc = service('db', 'shop', {}, ports);
  return { ...svc, spec: { type: 'ExternalName', externalName: 'db.example.com', ports } };
};

describe('externalNamePortName', () => {
  test('fails (warning) on ExternalName ports of unknown protocol, unnamed or named plain tcp; IST0118 leaves them to it', () => {
    const svc = external([{ name: 'db', port: 5432 }, { port: 443 }, { name: 'tcp', port: 5433 }]);
    expect(externalNamePortName.check([svc], {}).map((f) => [f.code, f.severity, f.path])).toEqual([
      ['IST0150', Severity.WARNING, 'spec.ports[0].name'],
      ['IST0150', Severity.WARNING, 'spec.ports[1]'],
      ['IST0150', Severity.WARNING, 'spec.ports[2].name'],
    ]);
    expect(externalNamePortName.check([svc], {})[0].message).toContain('port 5432 of this ExternalName Service is named "db", so Istio cannot tell its protocol');
    expect(portNameConvention.check([svc], {})).toEqual([]);
  });

  test('passes for named protocols (tcp-suffixed included) and for other Service types', () => {
    expect(externalNamePortName.check([external([{ name: 'https', port: 443 }, { name: 'tcp-db', port: 5432 }]), service('web', 'shop', {}, [{ name: 'web', port: 80 }])], {})).toEqual([]);
  });
});
