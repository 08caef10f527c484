import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { TrafficApi, TrafficApiSetting } from '../../lib';
import { CanaryScenario } from './canary';
import { HeaderRoutingScenario } from './header-routing';
import { HelloWorldScenario } from './hello-world';
import { RetriesScenario } from './retries';

/** The folder (under dist/) of the scenarios built with Gateway API. */
const FOLDER = 'gateway-api';

/** Adds the traffic scenarios again under `gateway-api/`, built by the same code with Gateway API switched on. */
export function addGatewayApiScenarios(app: Construct): void {
  const scope = new Construct(app, FOLDER);
  TrafficApiSetting.use(scope, TrafficApi.GATEWAY_API);
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
