import { Construct } from 'constructs';
import { fail, show } from '../private/errors';
import { IstioInstallation } from '../install/istio-installation';
import { AuthorizationPolicy, AuthorizationPolicyProps, PolicyAction } from './authorization-policy';

/**
 * Props of {@link CustomPolicy}.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy-ExtensionProvider
 */
export interface CustomPolicyProps extends AuthorizationPolicyProps {
  /**
   * The name of the external authorizer, an extension provider of the mesh config (`meshConfig.extensionProviders`),
   * e.g. one declared with `ExtensionProvider.extAuthzHttp('sample-ext-authz-http', ...)` in the app's IstioInstallation.
   */
  readonly provider: string;
}

const PROVIDER_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * A CUSTOM AuthorizationPolicy (`security.istio.io/v1`): requests that match one of its rules are sent to an external
 * authorizer (ext-authz), which allows or denies them; DENY policies are evaluated after it, ALLOW policies last. Its
 * rules cannot name identities (callers, request principals, `source.*` or `request.auth.*` conditions): istiod rejects them.
 * When the app has an {@link IstioInstallation}, synth checks that it declares the provider.
 * @see https://istio.io/latest/docs/tasks/security/authorization/authz-custom/
 */
export class CustomPolicy extends AuthorizationPolicy {
  /** The external authorizer's name. */
  public readonly provider: string;

  public constructor(scope: Construct, id: string, props: CustomPolicyProps) {
    const provider = props?.provider;
    super(scope, id, props, PolicyAction.CUSTOM, provider);
    if (typeof provider !== 'string' || !PROVIDER_NAME.test(provider)) {
      fail(this, 'provider', `must name an ext-authz extension provider of the mesh config (lowercase letters, digits, '-' and '.'), e.g. "sample-ext-authz-http"; a CUSTOM policy needs one, got ${show(provider)}`);
    }
    this.provider = provider;
    this.node.addValidation({ validate: () => this.checkDeclared() });
  }

  /** The provider must be an ext-authz provider of the app's IstioInstallation, if it has one (otherwise the mesh config is managed elsewhere). */
  private checkDeclared(): string[] {
    const installations = IstioInstallation.allIn(this);
    if (installations.length === 0) return [];
    const declared = installations.flatMap(i => i.extensionProviders).filter(p => p.name === this.provider);
    if (declared.some(p => p.authorization)) return [];
    const names = installations.map(i => `${i.node.path} (${i.extensionProviders.map(p => p.name).join(', ') || 'none'})`).join(', ');
    const problem = declared.length > 0
      ? `is ${this.provider} (${declared[0].description}), which is not an external authorizer; declare one with ExtensionProvider.extAuthzHttp() or extAuthzGrpc()`
      : `names ${this.provider}, which no IstioInstallation declares: ${names}; add ExtensionProvider.extAuthzHttp("${this.provider}", { service, port }) to extensionProviders`;
    return [`${this.node.path}: 'provider' ${problem}`];
  }
}
