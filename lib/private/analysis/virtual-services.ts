import { ManifestObject } from '../../validation/finding';
import { items } from '../rules/object';
import { specOf } from './objects';

/**
 * The reserved gateway name for the sidecars of the mesh.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
 */
export const MESH_GATEWAY = 'mesh';

/**
 * The VirtualService's `spec.gateways` (`mesh` when empty) with their paths.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
 */
export function gatewaysOf(vs: ManifestObject): { readonly ref: string; readonly path: string }[] {
  const refs = items(specOf(vs), 'gateways').map((g) => ({ ref: String(g.value), path: g.path }));
  return refs.length > 0 ? refs : [{ ref: MESH_GATEWAY, path: 'spec.gateways' }];
}

/**
 * `namespace/name` of a gateway reference (`name` is relative to the VirtualService's namespace).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
 */
export function gatewayKey(ref: string, namespace: string): string {
  return ref.includes('/') ? ref : `${namespace}/${ref}`;
}
