import { IConstruct } from 'constructs';

const producers = new WeakMap<IConstruct, (() => string[])[]>();

/**
 * Registers warnings of `construct`, computed when the app synthesizes (when every construct is
 * known). MeshValidation prints them with the chart's other warnings; they never fail the synth.
 */
export function addWarnings(construct: IConstruct, produce: () => string[]): void {
  producers.set(construct, [...(producers.get(construct) ?? []), produce]);
}

/** The current warnings of `construct` itself. */
export function warningsOf(construct: IConstruct): string[] {
  return (producers.get(construct) ?? []).flatMap(p => p());
}
