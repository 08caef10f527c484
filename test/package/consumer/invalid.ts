import { ApiObject, App, Chart } from 'cdk8s';
import { MeshNamespace } from 'cdk8s-istio';
import { AuthorizationPolicy } from 'cdk8s-istio/imports/security.istio.io';

const app = new App();
const chart = new Chart(app, 'invalid');
new MeshNamespace(chart, 'Shop', { name: 'shop' });
// Only the CRD's CEL rule rejects a selector together with targetRefs.
new AuthorizationPolicy(chart, 'Both', {
  metadata: { name: 'both', namespace: 'shop' },
  spec: { selector: { matchLabels: { app: 'web' } }, targetRefs: [{ kind: 'Service', name: 'web' }] },
});
// Only the Kubernetes schema rejects a string for replicas.
new ApiObject(chart, 'Web', {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' },
  spec: { replicas: 'three', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web' }] } } },
});
app.synth();
