import { IConstruct } from 'constructs';

/**
 * Throws an error that names the construct path, the prop, what was received and what is expected.
 * Message shape: `<path>: '<prop>' <problem>`.
 */
export function fail(scope: IConstruct, prop: string, problem: string): never {
  throw new Error(propError(scope, prop, problem));
}

/** The message `fail` throws, for `node.addValidation` which returns messages instead of throwing. */
export function propError(scope: IConstruct, prop: string, problem: string): string {
  return `${scope.node.path}: '${prop}' ${problem}`;
}

/** JSON rendering of a received value for messages: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value);
}
