/**
 * Everything the library knows about the course's demo image, `wardviaene/http-echo`, in one place: the
 * workload construct, the mesh model's checks and the pictures read it from here; nothing generic defaults to it.
 *
 * Facts from the image's source (github.com/wardviaene/http-echo, main.go and tracing.go):
 * - it answers with `TEXT`, first calling `NEXT` (host:port) if set, and sleeping `LATENCY` seconds if set;
 * - it serves `/login` (RS256 JWTs of issuer `http-echo@http-echo.kubernetes.newtech.academy`, groups `users`)
 *   and `/.well-known/jwks.json`; its signing key is generated at every start and written to the working directory;
 * - when it calls `NEXT` it forwards the B3 tracing headers (`x-request-id`, `x-b3-*`) only, never W3C `traceparent`;
 * - when `NEXT` fails it still answers HTTP 200, with the body `Couldn't connect to <NEXT>: <error>`.
 */

/** The image reference, without tag or digest. */
export const HTTP_ECHO_IMAGE = 'wardviaene/http-echo';

/** Its binary (the image's entrypoint is a shell). */
export const HTTP_ECHO_COMMAND = '/app/http-echo';

/** A writable working directory: the image writes its JWT signing keys there at start. */
export const HTTP_ECHO_WORKDIR = '/tmp';

/** The unprivileged user it runs as (nobody). */
export const HTTP_ECHO_USER = 65534;

/** What it needs (a small Go server; the sidecar has its own): CPU in millicores, memory in MiB. */
export const HTTP_ECHO_RESOURCES = { cpu: { request: 50, limit: 200 }, memoryMebibytes: { request: 32, limit: 64 } } as const;

/** The port it listens on. */
export const HTTP_ECHO_PORT = 8080;

/** Its environment variables. */
export const HTTP_ECHO_ENV = { text: 'TEXT', next: 'NEXT', latency: 'LATENCY' } as const;

/** The issuer of the tokens its `/login` signs. */
export const HTTP_ECHO_ISSUER = 'http-echo@http-echo.kubernetes.newtech.academy';

/** The path of its key set. */
export const HTTP_ECHO_JWKS_PATH = '/.well-known/jwks.json';

/** The trace context propagation it forwards to `NEXT`. */
export const HTTP_ECHO_PROPAGATION: TracePropagation = 'b3';

/** A trace context propagation format: B3 (`x-b3-*`, Zipkin) or W3C Trace Context (`traceparent`, OpenTelemetry). */
export type TracePropagation = 'b3' | 'w3c';

/** Whether `image` (as a container spec writes it) is http-echo, at any tag or digest, on Docker Hub. */
export function isHttpEchoImage(image: unknown): boolean {
  if (typeof image !== 'string') return false;
  const bare = image.replace(/^(docker\.io\/|index\.docker\.io\/)/, '').replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  return bare === HTTP_ECHO_IMAGE;
}

/** The trace propagation an image forwards, where the library knows it. */
export function knownPropagation(image: unknown): TracePropagation | undefined {
  return isHttpEchoImage(image) ? HTTP_ECHO_PROPAGATION : undefined;
}

/** The `LATENCY` (seconds) of an http-echo container, from its env list; undefined when not http-echo or unset. */
export function httpEchoLatency(container: { image?: unknown; env?: unknown }): number | undefined {
  if (!isHttpEchoImage(container.image) || !Array.isArray(container.env)) return undefined;
  const entry = container.env.find((e: any) => e?.name === HTTP_ECHO_ENV.latency);
  const seconds = Number(entry?.value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}
