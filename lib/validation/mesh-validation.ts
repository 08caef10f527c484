import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { namespaceOf, objectKey } from '../private/analysis/objects';
import { warningsOf } from '../private/warnings';
import { Finding, Severity } from './finding';
import { ExternalReferences } from './rule';
import { formatFinding, validateManifests } from './validate';

const ID = 'MeshValidation';

/** The findings for the chart's objects, and the construct paths of the objects by `objectKey`. */
interface Validated {
  readonly findings: Finding[];
  readonly paths: ReadonlyMap<string, string[]>;
}

/**
 * Validates a chart's synthesized objects when the app synthesizes: CRD schemas and CEL rules,
 * istiod's webhook rules and `istioctl analyze`-style checks across the chart, on the objects as
 * they are written (escape-hatch patches included), each finding after the construct path of its
 * object. Errors fail the synth (nothing is written); warnings, the constructs' and the manifests', are printed once.
 * Findings on an object annotated `galley.istio.io/analyze-suppress` (codes, or `*`) are suppressed, as
 * `istioctl analyze` does. Every chart holding a cdk8s-istio construct
 * gets one; use `MeshValidation.of(scope)` to declare what lives outside the chart.
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-analyze/
 */
export class MeshValidation extends Construct {
  /** The validation of the chart holding `scope`, created on first use. */
  public static of(scope: IConstruct): MeshValidation {
    const chart = Chart.of(scope);
    return (chart.node.tryFindChild(ID) as MeshValidation | undefined) ?? new MeshValidation(chart);
  }

  private readonly hosts: string[] = [];
  private readonly gateways: string[] = [];
  private readonly injectedNamespaces: string[] = [];
  private readonly chart: Chart;
  private readonly printed = new Set<string>();
  private memo?: Validated & { readonly key: string };

  private constructor(chart: Chart) {
    super(chart, ID);
    this.chart = chart;
    chart.node.addValidation({ validate: () => this.run() });
  }

  /** Declares hosts served outside this chart (e.g. `payments.billing.svc.cluster.local`), so routes to them are not flagged. */
  public addExternalHosts(...hosts: string[]): this {
    this.hosts.push(...hosts);
    return this;
  }

  /** Declares gateways defined outside this chart, as `namespace/name`. */
  public addExternalGateways(...gateways: string[]): this {
    this.gateways.push(...gateways);
    return this;
  }

  /** Declares namespaces with sidecar injection that this chart does not emit. */
  public addInjectedNamespaces(...namespaces: string[]): this {
    this.injectedNamespaces.push(...namespaces);
    return this;
  }

  /** The findings for the chart as it stands now. */
  public findings(): Finding[] {
    return this.validated().findings;
  }

  private validated(): Validated {
    const hosts = [...this.hosts, ...this.otherChartsServiceHosts()];
    const external: ExternalReferences = { hosts, gateways: this.gateways, injectedNamespaces: this.injectedNamespaces };
    // Not chart.toJson(): that runs the chart's validations, this one included.
    const apiObjects = this.chart.node.findAll().filter(ApiObject.isApiObject);
    const objects = apiObjects.map(o => o.toJson());
    // cdk8s validates the whole app again for every chart it renders: the same objects, the same findings.
    const key = JSON.stringify([objects, external]);
    if (this.memo?.key !== key) {
      const paths = new Map<string, string[]>();
      objects.forEach((obj, i) => {
        const id = objectKey(obj.kind, namespaceOf(obj), obj.metadata?.name);
        paths.set(id, [...(paths.get(id) ?? []), apiObjects[i].node.path]);
      });
      this.memo = { key, findings: validateManifests(objects, { external }), paths };
    }
    return this.memo;
  }

  /**
   * The hosts of the Services the other charts of the app declare: they exist when the app is applied, so routes and
   * declared calls to them are not flagged here (validating the app's whole output together judges them).
   */
  private otherChartsServiceHosts(): string[] {
    return this.chart.node.root.node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'Service' && Chart.of(c) !== this.chart)
      .map(o => `${o.name}.${o.metadata.namespace ?? 'default'}.svc.cluster.local`);
  }

  /**
   * The chart's warnings as they stand now: those of its constructs (e.g. an identity rule on a
   * workload whose mTLS is not STRICT) and the warning findings of its manifests.
   */
  public warnings(): string[] {
    return this.warningsOf(this.validated());
  }

  private warningsOf(validated: Validated): string[] {
    const fromConstructs = this.chart.node.findAll().flatMap(warningsOf);
    const fromManifests = this.messages(validated, Severity.WARNING);
    return [...new Set([...fromConstructs, ...fromManifests])];
  }

  /**
   * The findings of `severity`, each after the construct path of the object it is about (of both
   * objects, for one declared twice), or the chart's path when it names no object of the chart.
   */
  private messages(validated: Validated, severity: Severity): string[] {
    return validated.findings.filter(f => f.severity === severity && !f.suppressedBy).map(f => {
      const paths = validated.paths.get(objectKey(f.kind, f.namespace, f.name)) ?? [this.chart.node.path];
      return `${paths.join(', ')}: ${formatFinding(f)}`;
    });
  }

  private run(): string[] {
    // Constructs' own checks name the construct path and prop; when one fails, the manifest-level
    // findings would only repeat it in YAML terms, so they wait until those are fixed.
    const constructErrors = this.chart.node.findAll().filter(c => c !== this.chart).some(c => c.node.validate().length > 0);
    if (constructErrors) return [];
    const validated = this.validated();
    for (const warning of this.warningsOf(validated)) {
      if (this.printed.has(warning)) continue;
      this.printed.add(warning);
      process.stderr.write(`Warning: ${warning}\n`);
    }
    return this.messages(validated, Severity.ERROR);
  }
}
