import * as path from 'path';
import { App } from 'cdk8s';
import { addBookinfo } from './bookinfo';
import { addScenarios } from './scenarios';
import { gatewayApiReadmes } from './scenarios/gateway-api';
import { renderApp, writeTree } from './synth';

/** Where `cdk8s synth` writes by default (cdk8s.yaml `output`); it empties that folder before running us. */
const STAGING = '.synth-staging';
/** The committed output that GitOps tools read. */
const PUBLISHED = 'dist';

const outdir = process.env.CDK8S_OUTDIR ?? PUBLISHED;
const app = new App({ outdir });
addScenarios(app);
addBookinfo(app);

try {
  const files = [...renderApp(app), ...gatewayApiReadmes()];
  writeTree(outdir, files);
  if (path.resolve(outdir) === path.resolve(STAGING)) {
    writeTree(PUBLISHED, files);
  }
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
