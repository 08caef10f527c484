import { Construct } from 'constructs';
import { DataPlaneMode, InstallationProfile } from '../../lib';
import { AuthorizationScenario } from './authorization';
import { InstallScenario } from './install';
import { JwtAuthScenario } from './jwt-auth';
import { MutualTlsScenario } from './mutual-tls';

/** Adds the security scenarios again under `ambient/`, built by the same code in ambient mode, with their installation. */
export function addAmbientScenarios(app: Construct): void {
  const scope = new Construct(app, 'ambient');
  new InstallScenario(scope, 'install', InstallationProfile.AMBIENT);
  new MutualTlsScenario(scope, 'mutual-tls', { dataPlane: DataPlaneMode.AMBIENT });
  new AuthorizationScenario(scope, 'authorization', DataPlaneMode.AMBIENT);
  new JwtAuthScenario(scope, 'jwt-auth', { dataPlane: DataPlaneMode.AMBIENT });
}
