import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { fail, show } from '../private/errors';
import {
  HTTP_ECHO_COMMAND, HTTP_ECHO_ENV, HTTP_ECHO_IMAGE as ECHO_IMAGE, HTTP_ECHO_ISSUER as ECHO_ISSUER, HTTP_ECHO_JWKS_PATH as ECHO_JWKS_PATH,
  HTTP_ECHO_RESOURCES, HTTP_ECHO_USER, HTTP_ECHO_WORKDIR, isHttpEchoImage,
} from '../private/http-echo';
import type { IMeshService, MeshService } from './mesh-service';

/**
 * The course's demo image. It answers with `TEXT`, first calling `NEXT` (host:port) if set and
 * sleeping `LATENCY` seconds if set; it also serves `/login` (RS256 JWTs) and `/.well-known/jwks.json`.
 * Run it with `WorkloadImage.httpEcho()`.
 * @see https://istio.io/latest/docs/examples/
 */
export const HTTP_ECHO_IMAGE = ECHO_IMAGE;

/**
 * The issuer (`iss`) of the RS256 tokens http-echo's `/login` signs.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export const HTTP_ECHO_ISSUER = ECHO_ISSUER;

/**
 * The path of http-echo's key set (JWKS) for its tokens.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export const HTTP_ECHO_JWKS_PATH = ECHO_JWKS_PATH;

/**
 * Options of {@link WorkloadImage.httpEcho}: what the course's demo image answers and calls.
 * @see https://istio.io/latest/docs/examples/
 */
export interface HttpEchoOptions {
  /**
   * http-echo's `TEXT`: what it answers.
   * @default the service name
   */
  readonly text?: string;
  /**
   * http-echo's `NEXT`: the service it calls before answering, on that service's only (or first) port. It is also a
   * declared call of the workload (see `WorkloadProps.calls`), unless `calls` lists that service itself.
   * @default none
   */
  readonly next?: IMeshService;
  /**
   * http-echo's `LATENCY`: how long each answer takes, in whole seconds.
   * @default none
   */
  readonly latency?: Duration;
}

/** What an image decides about its workload's container. */
interface ImageContainer {
  /** The image reference. */
  readonly reference: string;
  /** The image as messages name it, e.g. `the http-echo image`. */
  readonly description: string;
  /** The command it must run, and why no other (`undefined`: `WorkloadProps.command` decides). */
  readonly command?: { readonly value: string[]; readonly reason: string };
  /** Why it must not run as root (`undefined`: `allowRoot` may be set). */
  readonly notRoot?: string;
  /** Its working directory, a writable emptyDir. */
  readonly workingDir?: string;
  /** The user it runs as unless `runAsUser` is set. */
  readonly runAsUser?: number;
  /** Its resources unless `resources` is set. */
  readonly resources?: kplus.ContainerResources;
  /** Its environment (before `env`). */
  readonly env: Record<string, string>;
  /** The service it calls by itself (a declared call unless `calls` lists it). */
  readonly calls?: IMeshService;
}

/**
 * The image a {@link Workload} runs: any image from a registry, or the course's http-echo, whose needs (command,
 * writable working directory, user, resources, `TEXT`/`NEXT`/`LATENCY`) this library knows.
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/
 */
export class WorkloadImage {
  /**
   * Any image, e.g. `docker.io/istio/examples-bookinfo-reviews-v1:1.20.3`: the workload sets nothing for it beyond
   * what its props say (no command, no resources, no user, no environment). For http-echo use `WorkloadImage.httpEcho()`.
   */
  public static fromRegistry(reference: string): WorkloadImage {
    return new WorkloadImage(reference, undefined);
  }

  /**
   * The course's http-echo (`HTTP_ECHO_IMAGE`), run as it needs: `/app/http-echo` as user 65534 in a writable
   * `emptyDir` at `/tmp` (it writes its JWT signing keys there), requests 50m CPU and 32Mi memory, limits 200m CPU and
   * 64Mi memory (the sidecar has its own), and `TEXT`, `NEXT`, `LATENCY` from `options`.
   */
  public static httpEcho(options: HttpEchoOptions = {}): WorkloadImage {
    return new WorkloadImage(HTTP_ECHO_IMAGE, options ?? {});
  }

  private constructor(
    /** The image reference. */
    public readonly reference: string,
    private readonly echo: HttpEchoOptions | undefined,
  ) {}

  /** @internal The container settings for workload `scope` of `service`; throws on bad options. */
  public _container(scope: IConstruct, service: MeshService): ImageContainer {
    const reference = this.reference;
    if (typeof reference !== 'string' || reference.trim() === '' || /\s/.test(reference)) {
      fail(scope, 'image', `must be an image reference such as "docker.io/istio/examples-bookinfo-reviews-v1:1.20.3", got ${show(reference)}`);
    }
    const echo = this.echo;
    if (!echo) {
      if (isHttpEchoImage(reference)) fail(scope, 'image', `is http-echo, which needs its command, user and working directory; use WorkloadImage.httpEcho({ text }), got ${show(reference)}`);
      return { reference, description: `image ${reference}`, env: {} };
    }
    const env: Record<string, string> = { [HTTP_ECHO_ENV.text]: echo.text ?? service.name };
    if (echo.next) {
      const next = echo.next;
      if (typeof next.fqdn !== 'string') fail(scope, 'image.next', `must be a MeshService (or MeshService.fromName), got ${show(next)}`);
      const host = next.namespace === service.namespace ? next.name : `${next.name}.${next.namespace}`;
      env[HTTP_ECHO_ENV.next] = `${host}:${next.ports[0].port}`;
    }
    if (echo.latency !== undefined) {
      const seconds = echo.latency.toSeconds({ integral: false });
      if (!Number.isInteger(seconds) || seconds < 1) {
        fail(scope, 'image.latency', `must be a whole number of seconds (http-echo reads LATENCY as seconds), got ${echo.latency.toHumanString()}`);
      }
      env[HTTP_ECHO_ENV.latency] = String(seconds);
    }
    return {
      reference,
      description: 'the http-echo image',
      command: { value: [HTTP_ECHO_COMMAND], reason: `which must run ${HTTP_ECHO_COMMAND}` },
      notRoot: `which runs as user ${HTTP_ECHO_USER}`,
      workingDir: HTTP_ECHO_WORKDIR,
      runAsUser: HTTP_ECHO_USER,
      resources: HTTP_ECHO_CONTAINER_RESOURCES,
      env,
      calls: echo.next,
    };
  }
}

/** http-echo's resources. */
const HTTP_ECHO_CONTAINER_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(HTTP_ECHO_RESOURCES.cpu.request), limit: kplus.Cpu.millis(HTTP_ECHO_RESOURCES.cpu.limit) },
  memory: { request: Size.mebibytes(HTTP_ECHO_RESOURCES.memoryMebibytes.request), limit: Size.mebibytes(HTTP_ECHO_RESOURCES.memoryMebibytes.limit) },
};
