import { Construct } from 'constructs';
import { addAmbientScenarios } from './ambient';
import { AuthorizationScenario } from './authorization';
import { CanaryScenario } from './canary';
import { EgressScenario } from './egress';
import { addGatewayApiScenarios } from './gateway-api';
import { HeaderRoutingScenario } from './header-routing';
import { HelloWorldScenario } from './hello-world';
import { InstallScenario } from './install';
import { JwtAuthScenario } from './jwt-auth';
import { MetricsScenario } from './metrics';
import { MutualTlsScenario } from './mutual-tls';
import { RetriesScenario } from './retries';
import { TracingScenario } from './tracing';

/** Adds every course scenario to `app`, one chart (and one `dist/<scenario>/` folder) each, then the Gateway API ones (`dist/gateway-api/<scenario>/`) and the ambient ones (`dist/ambient/<scenario>/`). */
export function addScenarios(app: Construct): void {
  new HelloWorldScenario(app);
  new HeaderRoutingScenario(app);
  new CanaryScenario(app);
  new RetriesScenario(app);
  new MutualTlsScenario(app);
  new AuthorizationScenario(app);
  new JwtAuthScenario(app);
  new InstallScenario(app);
  new EgressScenario(app);
  new TracingScenario(app);
  new MetricsScenario(app);
  addGatewayApiScenarios(app);
  addAmbientScenarios(app);
}
