import { App, Chart, Testing } from 'cdk8s';

/** A fresh chart in a fresh app. */
export function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

/** The synthesized objects of `c`, after its construct validations ran (they throw on errors). */
export function synth(c: Chart): any[] {
  const errors = validationErrors(c);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return Testing.synth(c);
}

/** The messages of every construct validation under `scope`. */
export function validationErrors(c: Chart | App): string[] {
  return c.node.findAll().flatMap(x => x.node.validate());
}

/** The one object of `kind` named `name`; fails the test if there is not exactly one. */
export function find(objects: any[], kind: string, name: string, namespace?: string): any {
  const found = objects.filter(o => o.kind === kind && o.metadata?.name === name && (namespace === undefined || o.metadata?.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind}/${name}, found ${found.length}`);
  return found[0];
}

/** All objects of `kind`. */
export function ofKind(objects: any[], kind: string): any[] {
  return objects.filter(o => o.kind === kind);
}
