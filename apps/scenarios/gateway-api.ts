import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { GatewayApiCrds, TrafficApi, TrafficApiSetting } from '../../lib';
import { CanaryScenario } from './canary';
import { HeaderRoutingScenario } from './header-routing';
import { HelloWorldScenario } from './hello-world';
import { RetriesScenario } from './retries';

/** The folder (under dist/) of the scenarios built with Gateway API. */
const FOLDER = 'gateway-api';

/**
 * Adds the traffic scenarios again under `gateway-api/`, built by the same code with Gateway API switched on, and
 * `gateway-api/crds`, the Gateway API CRDs they need (Istio does not install them), to apply first.
 */
export function addGatewayApiScenarios(app: Construct): void {
  const scope = new Construct(app, FOLDER);
  TrafficApiSetting.use(scope, TrafficApi.GATEWAY_API);
  new GatewayApiCrds(new Chart(scope, 'crds'), 'GatewayApi');
  new HelloWorldScenario(scope);
  new HeaderRoutingScenario(scope);
  new CanaryScenario(scope);
}

/**
 * `gateway-api/<scenario>/README.md` for each scenario Gateway API cannot express, quoting the error its constructs
 * give when built with it (so the README says what the library says).
 */
export function gatewayApiReadmes(): { readonly path: string; readonly content: string }[] {
  const probe = new Construct(new App(), FOLDER);
  TrafficApiSetting.use(probe, TrafficApi.GATEWAY_API);
  let message = 'it synthesized: remove this README and add the scenario to addGatewayApiScenarios';
  try {
    new RetriesScenario(probe);
  } catch (e) {
    message = (e as Error).message;
  }
  return [{
    path: `${FOLDER}/crds/README.md`,
    content: [
      `# Gateway API ${GatewayApiCrds.VERSION} CRDs (standard channel)`,
      '',
      'Istio 1.30 uses Gateway API once its CRDs are in the cluster, but does not install them. These are the objects of the',
      `release's \`standard-install.yaml\` (\`GatewayApiCrds\`): apply them once per cluster, before the other folders of`,
      '`gateway-api/`, and server-side: the HTTPRoute CRD is too large for client-side apply\'s annotation.',
      '',
      '```bash',
      'kubectl apply --server-side -k dist/gateway-api/crds',
      '```',
      '',
      'Argo CD: sync this folder with `ServerSideApply=true` (and before the scenarios, e.g. sync wave -1). Flux applies',
      'server-side already. Skip it where the cluster already manages the Gateway API CRDs.',
      '',
    ].join('\n'),
  }, {
    path: `${FOLDER}/retries/README.md`,
    content: [
      '# retries: not expressible with Gateway API v1.5.1',
      '',
      'The retries scenario retries each request twice with a 2 s timeout per try. HTTPRoute retries (`spec.rules[].retry`)',
      'are in Gateway API\'s experimental channel only; the standard channel that Istio 1.30 installs has none, so the',
      'constructs refuse the route instead of dropping its retries:',
      '',
      '```',
      message,
      '```',
      '',
      'Use Istio\'s API for it: [`dist/retries`](../../retries) (a VirtualService with `retries` and `perTryTimeout`).',
      'Its Gateway and VirtualService work beside Gateway API objects in the same cluster.',
      '',
    ].join('\n'),
  }];
}
