import { IConstruct } from 'constructs';
import type { IMeshService, MeshServicePort } from '../workload/mesh-service';
import { fail, show } from './errors';

/**
 * The port of `service` with number `number`, or with no number its only port.
 * Throws naming the ports the service exposes.
 */
export function findPort(scope: IConstruct, prop: string, service: IMeshService, number?: number): MeshServicePort {
  const available = service.ports.map(p => `${p.port} (${p.name})`).join(', ');
  if (number === undefined) {
    if (service.ports.length !== 1) {
      fail(scope, prop, `must be set because service ${service.name} exposes several ports: ${available}`);
    }
    return service.ports[0];
  }
  const found = service.ports.find(p => p.port === number);
  if (!found) {
    fail(scope, prop, `${show(number)} is not a port of service ${service.name}; it exposes ${available}`);
  }
  return found;
}
