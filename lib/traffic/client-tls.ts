import { IConstruct } from 'constructs';
import { fail, show } from '../private/errors';

/**
 * How a client sidecar talks to the service (DestinationRule `trafficPolicy.tls.mode`).
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-TLSmode
 */
export enum ClientTlsMode {
  /** Plain text, e.g. towards a legacy server without a sidecar. */
  DISABLE = 'DISABLE',
  /** TLS originated by the sidecar towards a server that terminates TLS itself (no client certificate). */
  SIMPLE = 'SIMPLE',
  /** TLS originated by the sidecar with a client certificate of its own ({@link ClientTls.mutual}). */
  MUTUAL = 'MUTUAL',
  /** Istio mutual TLS with the sidecar's certificate; auto mTLS already does this for servers with a sidecar. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

/**
 * How the sidecar verifies the server when it originates TLS ({@link ClientTls.simple}).
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings
 */
export interface ClientTlsOptions {
  /**
   * The SNI sent in the TLS handshake.
   * @default the host of the request when it is an HTTP request, else none
   */
  readonly sni?: string;
  /**
   * Names one of which the server certificate must carry.
   * @default none: the certificate is checked against the CA only
   */
  readonly subjectAltNames?: string[];
  /**
   * Path of the CA bundle file in the sidecar that verifies the server certificate.
   * @default the system's CAs (or those of `credentialName`)
   */
  readonly caCertificates?: string;
  /**
   * The Kubernetes Secret, in the namespace of the client workloads (or of the egress gateway), holding the CA
   * (`ca.crt`) and, for MUTUAL, the client certificate and key.
   * @default none
   */
  readonly credentialName?: string;
  /**
   * Skip verifying the server certificate and its names. It cannot be combined with `caCertificates`,
   * `credentialName` (SIMPLE) or `subjectAltNames`, which verify the server.
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
}

/**
 * TLS origination with a client certificate ({@link ClientTls.mutual}): `credentialName`, or `clientCertificate`
 * and `privateKey`.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings
 */
export interface MutualClientTlsOptions extends ClientTlsOptions {
  /**
   * Path of the client certificate file in the sidecar.
   * @default none (then `credentialName` is required)
   */
  readonly clientCertificate?: string;
  /**
   * Path of the client's private key file in the sidecar.
   * @default none (then `credentialName` is required)
   */
  readonly privateKey?: string;
}

/**
 * The TLS a client sidecar uses towards the destination (`trafficPolicy.tls`): plain text, Istio mutual TLS, or TLS
 * originated towards a server outside the mesh.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings
 */
export class ClientTls {
  /** Plain text (`DISABLE`), e.g. towards a legacy server without a sidecar. */
  public static disable(): ClientTls {
    return new ClientTls(ClientTlsMode.DISABLE, {});
  }

  /** Istio mutual TLS (`ISTIO_MUTUAL`); auto mTLS already does this towards servers with a sidecar. */
  public static istioMutual(): ClientTls {
    return new ClientTls(ClientTlsMode.ISTIO_MUTUAL, {});
  }

  /** TLS origination without a client certificate (`SIMPLE`), e.g. towards `edition.cnn.com:443`. */
  public static simple(options: ClientTlsOptions = {}): ClientTls {
    return new ClientTls(ClientTlsMode.SIMPLE, options);
  }

  /** TLS origination with a client certificate (`MUTUAL`). */
  public static mutual(options: MutualClientTlsOptions): ClientTls {
    return new ClientTls(ClientTlsMode.MUTUAL, options);
  }

  /** @internal A mode alone, for the deprecated `tls: ClientTlsMode` prop. */
  public static _ofMode(mode: ClientTlsMode): ClientTls {
    return new ClientTls(mode, {});
  }

  /** The mode. */
  public readonly mode: ClientTlsMode;
  private readonly options: MutualClientTlsOptions;

  private constructor(mode: ClientTlsMode, options: MutualClientTlsOptions) {
    this.mode = mode;
    this.options = options;
  }

  /**
   * @internal The `tls` object, after the checks of istiod's webhook (Istio 1.30.3
   * pkg/config/validation/agent/validation.go ValidateTLS).
   */
  public _render(scope: IConstruct, prop: string): Record<string, unknown> {
    const o = this.options;
    const set = (['caCertificates', 'credentialName', 'subjectAltNames', 'clientCertificate', 'privateKey'] as const)
      .filter(k => o[k] !== undefined);
    if (o.insecureSkipVerify) {
      // In MUTUAL mode credentialName carries the client certificate, so only the CA and the names conflict.
      const verifying = set.filter(k => k === 'caCertificates' || k === 'subjectAltNames' || (k === 'credentialName' && this.mode === ClientTlsMode.SIMPLE));
      if (verifying.length > 0) {
        fail(scope, `${prop}.insecureSkipVerify`, `cannot be combined with ${verifying.join(' or ')}, which verify the server it skips verifying; drop one or the other, got ${verifying.map(k => `${k}=${show(o[k])}`).join(', ')}`);
      }
    }
    if (o.credentialName !== undefined) {
      const files = set.filter(k => k === 'caCertificates' || k === 'clientCertificate' || k === 'privateKey');
      if (files.length > 0) {
        fail(scope, `${prop}.credentialName`, `cannot be combined with ${files.join(' or ')}: the Secret holds the certificates; got ${files.map(k => `${k}=${show(o[k])}`).join(', ')}`);
      }
    } else if (this.mode === ClientTlsMode.MUTUAL && (o.clientCertificate === undefined || o.privateKey === undefined)) {
      fail(scope, prop, `MUTUAL needs credentialName, or clientCertificate and privateKey, got clientCertificate=${show(o.clientCertificate)}, privateKey=${show(o.privateKey)}`);
    }
    return {
      mode: this.mode,
      ...(o.credentialName !== undefined && { credentialName: o.credentialName }),
      ...(o.clientCertificate !== undefined && { clientCertificate: o.clientCertificate }),
      ...(o.privateKey !== undefined && { privateKey: o.privateKey }),
      ...(o.caCertificates !== undefined && { caCertificates: o.caCertificates }),
      ...(o.subjectAltNames !== undefined && { subjectAltNames: [...o.subjectAltNames] }),
      ...(o.sni !== undefined && { sni: o.sni }),
      ...(o.insecureSkipVerify !== undefined && { insecureSkipVerify: o.insecureSkipVerify }),
    };
  }
}
