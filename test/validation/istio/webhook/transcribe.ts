// Transcribes Istio 1.30.3's webhook test tables (Go composite literals in pkg/config/validation/validation_test.go and
// agent/validation_test.go) into tables/*.json, the corpus webhook.test.ts runs: each case keeps Istio's name and
// outcome, its object in the CRD's field names (protojson: a oneof wrapper's field merged into its parent, durations
// as "1.5s", wrappers unwrapped, enums as their names, a nil list element as {}, Go's strings.Repeat as {"$repeat"}).
// A case it cannot transcribe (a variable, a function call it does not know) is reported and left out.
// Run by hand, never by the tests (it needs Istio's git history):
//   npx tsx test/validation/istio/webhook/transcribe.ts <istio .git dir> test/validation/istio/webhook/tables
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';


type Tok = { t: 'id' | 'str' | 'num' | 'p'; v: string };
class Unconvertible extends Error {}

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (src.startsWith('//', i)) { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (src.startsWith('/*', i)) { i = src.indexOf('*/', i) + 2; continue; }
    if (c === '"') {
      let j = i + 1; while (src[j] !== '"') { if (src[j] === '\\') j++; j++; }
      out.push({ t: 'str', v: JSON.parse(src.slice(i, j + 1).replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')) }); i = j + 1; continue;
    }
    if (c === '`') { const j = src.indexOf('`', i + 1); out.push({ t: 'str', v: src.slice(i + 1, j) }); i = j + 1; continue; }
    if (c === "'") { const j = src.indexOf("'", i + 1); out.push({ t: 'num', v: String(src.charCodeAt(i + 1)) }); i = j + 1; continue; }
    const num = /^(0x[0-9a-fA-F]+|\d+(\.\d+)?(e[-+]?\d+)?)/.exec(src.slice(i));
    if (num) { out.push({ t: 'num', v: num[0] }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i));
    if (id) { out.push({ t: 'id', v: id[0] }); i += id[0].length; continue; }
    out.push({ t: 'p', v: c }); i++;
  }
  return out;
}

const DUR: Record<string, number> = { 'time.Nanosecond': 1, 'time.Microsecond': 1e3, 'time.Millisecond': 1e6, 'time.Second': 1e9, 'time.Minute': 60e9, 'time.Hour': 3600e9 };
const ENUM_PKGS = ['networking', 'security_beta', 'telemetry', 'extensions', 'type_beta', 'api', 'meshconfig', 'networkingv1alpha3', 'v1beta1', 'securityBeta', 'typev1beta1'];
type Dur = { __dur: number };
const isDur = (v: unknown): v is Dur => typeof v === 'object' && v !== null && '__dur' in v;
function durString(ns: number): string {
  const s = ns / 1e9;
  return `${Number.isInteger(s) ? s : +s.toFixed(9)}s`;
}
function jsonName(go: string): string {
  const special: Record<string, string> = { Consecutive_5XxErrors: 'consecutive5xxErrors', String_: 'string' };
  if (special[go]) return special[go];
  if (go.includes('_')) throw new Unconvertible(`field ${go}`);
  return go[0].toLowerCase() + go.slice(1);
}

class Parser {
  i = 0;
  constructor(readonly toks: Tok[]) {}
  peek(o = 0) { return this.toks[this.i + o]; }
  next() { return this.toks[this.i++]; }
  is(v: string, o = 0) { const t = this.peek(o); return t && t.t === 'p' && t.v === v; }
  expect(v: string) { const t = this.next(); if (!(t.t === 'p' && t.v === v)) throw new Error(`expected ${v} got ${t?.v} at ${this.i}`); }

  /** A type: returns a string form. */
  type(): string {
    if (this.is('*')) { this.next(); return '*' + this.type(); }
    if (this.is('[')) { this.next(); this.expect(']'); return '[]' + this.type(); }
    const t = this.next();
    if (t.t === 'id' && t.v === 'map') { this.expect('['); const k = this.type(); this.expect(']'); return `map[${k}]${this.type()}`; }
    if (t.t === 'id' && t.v === 'struct') { this.skipBraces(); return 'struct'; }
    if (t.t === 'id' && t.v === 'func') throw new Unconvertible('func');
    if (t.t !== 'id') throw new Error(`bad type ${t.v}`);
    return t.v;
  }
  skipBraces() { let d = 0; do { const t = this.next(); if (t.t === 'p' && t.v === '{') d++; if (t.t === 'p' && t.v === '}') d--; } while (d > 0); }

  expr(type?: string): unknown {
    let left = this.unary(type);
    while (this.is('*') || this.is('+') || this.is('-') || this.is('/') || (this.is('<') && this.is('<', 1))) {
      const op = this.next().v;
      if (op === '<') this.next();
      const right = this.unary(type);
      left = arith(op, left, right);
    }
    return left;
  }
  unary(type?: string): unknown {
    if (this.is('-')) { this.next(); const v = this.unary(type); if (typeof v === 'number') return -v; if (isDur(v)) return { __dur: -v.__dur }; throw new Unconvertible('neg'); }
    if (this.is('&')) { this.next(); return this.unary(type); }
    if (this.is('(')) { this.next(); const v = this.expr(type); this.expect(')'); return v; }
    if (this.is('{')) return this.composite(type ?? '?');
    if (this.is('[')) {
      const t = this.type();
      if (this.is('(')) { const a = this.args(); if (t === '[]byte') return Buffer.from(String(a[0])).toString('base64'); return a[0]; }
      return this.composite(t);
    }
    const tok = this.next();
    if (tok.t === 'str') {
      let s = tok.v;
      while (this.is('+') && this.peek(1)?.t === 'str') { this.next(); s += this.next().v; }
      return s;
    }
    if (tok.t === 'num') return Number(tok.v);
    if (tok.t !== 'id') throw new Error(`unexpected ${tok.v} at ${this.i}`);
    const id = tok.v;
    if (id === 'map') { this.i--; const t = this.type(); return this.composite(t); }
    if (id === 'true') return true;
    if (id === 'false') return false;
    if (id === 'nil') return null;
    if (DUR[id] !== undefined) return { __dur: DUR[id] };
    if (this.is('{')) return this.composite(id);
    if (this.is('(')) return this.call(id);
    const [pkg, name] = id.split('.');
    if (name && ENUM_PKGS.includes(pkg) && name.includes('_')) {
      const segs = name.split('_');
      const tail: string[] = [];
      for (let k = segs.length - 1; k > 0; k--) { if (/^[A-Z0-9]+$/.test(segs[k])) tail.unshift(segs[k]); else { if (tail.length === 0) tail.unshift(segs[k]); break; } }
      return tail.join('_');
    }
    const known: Record<string, unknown> = {
      'constants.DefaultAuthenticationPolicyName': 'default', 'gvk.KubernetesGateway.Group': 'gateway.networking.k8s.io',
      'gvk.KubernetesGateway.Kind': 'Gateway', 'gvk.Service.Group': '', 'gvk.Service.Kind': 'Service', someName: 'foo',
      kb: 1024, mb: 1024 * 1024, duration: '3600s', allowedTargetRefs: '[...]',
    };
    if (id in known) return known[id];
    throw new Unconvertible(`ident ${id}`);
  }
  args(): unknown[] {
    this.expect('(');
    const out: unknown[] = [];
    while (!this.is(')')) { out.push(this.expr()); if (this.is(',')) this.next(); }
    this.expect(')');
    return out;
  }
  call(fn: string): unknown {
    const a = this.args();
    if (fn === 'durationpb.New' || fn === 'types.DurationProto' || fn === 'ptypes.DurationProto') return durString((a[0] as Dur).__dur);
    if (/^(wrappers|wrapperspb|wrappers_types)\./.test(fn)) return a[0];
    if (['uint32', 'int32', 'int64', 'uint64', 'float64', 'float32', 'int', 'time.Duration'].includes(fn)) return a[0];
    if (fn === 'ptr.Of') return a[0];
    if (fn === 'fmt.Sprintf' || fn === 'errors.New') return `<${fn}>`;
    if (fn === 'byte') return a[0];
    if (fn === 'strings.Repeat') return (a[0] as string).repeat(a[1] as number);
    throw new Unconvertible(`call ${fn}`);
  }
  composite(type: string): unknown {
    this.expect('{');
    const base = type.replace(/^\*+/, '');
    if (base.startsWith('[]')) {
      const elem = base.slice(2);
      const out: unknown[] = [];
      // protojson writes a nil message element of a list as {}.
      while (!this.is('}')) { const v = this.expr(elem); out.push(v === null && elem.startsWith('*') ? {} : finish(v)); if (this.is(',')) this.next(); }
      this.expect('}');
      return out;
    }
    if (base.startsWith('map[') || base === 'labels.Instance') {
      const valType = base === 'labels.Instance' ? 'string' : base.slice(base.indexOf(']') + 1);
      const out: Record<string, unknown> = {};
      while (!this.is('}')) { const k = this.expr(); this.expect(':'); out[String(k)] = finish(this.expr(valType)); if (this.is(',')) this.next(); }
      this.expect('}');
      return out;
    }
    // struct
    const fields: Record<string, unknown> = {};
    while (!this.is('}')) {
      const key = this.next();
      if (key.t !== 'id' || !this.is(':')) throw new Unconvertible(`positional struct ${base}`);
      this.next();
      fields[key.v] = this.expr();
      if (this.is(',')) this.next();
    }
    this.expect('}');
    return structValue(base, fields);
  }
}

function arith(op: string, l: unknown, r: unknown): unknown {
  if (typeof l === 'number' && typeof r === 'number') return op === '*' ? l * r : op === '+' ? l + r : op === '-' ? l - r : op === '<' ? l * 2 ** r : l / r;
  if (op === '*' && isDur(l) && typeof r === 'number') return { __dur: l.__dur * r };
  if (op === '*' && isDur(r) && typeof l === 'number') return { __dur: r.__dur * l };
  if (op === '+' && isDur(l) && isDur(r)) return { __dur: l.__dur + r.__dur };
  if (op === '/' && isDur(l) && isDur(r)) return l.__dur / r.__dur;
  if (op === '/' && isDur(l) && typeof r === 'number') return { __dur: l.__dur / r };
  if (op === '+' && typeof l === 'string' && typeof r === 'string') return l + r;
  throw new Unconvertible(`arith ${op}`);
}

type Merge = { __merge: Record<string, unknown> };
function finish(v: unknown): unknown {
  if (isDur(v)) return durString(v.__dur);
  if (typeof v === 'object' && v !== null && '__merge' in v) throw new Unconvertible('merge outside struct');
  return v;
}

function structValue(type: string, fields: Record<string, unknown>): unknown {
  const name = type.split('.').pop()!;
  const pkg = type.split('.')[0];
  if (name === 'Duration' && (pkg === 'durationpb' || pkg === 'types')) {
    const s = Number(fields.Seconds ?? 0), n = Number(fields.Nanos ?? 0);
    return durString(s * 1e9 + n);
  }
  if (/Value$/.test(name) && /^(wrappers|wrapperspb|types|wrappers_types)$/.test(pkg)) return fields.Value ?? (name === 'BoolValue' ? false : name === 'StringValue' ? '' : 0);
  if (pkg === 'types' || pkg === 'structpb' || name === 'Struct' || name === 'Any') throw new Unconvertible(`struct ${type}`);
  if (type === 'config.Meta' || type === 'config.Config') throw new Unconvertible('config');
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'object' && v !== null && '__merge' in v) { Object.assign(out, (v as Merge).__merge); continue; }
    if (v === null) continue; // nil: absent
    out[jsonName(k)] = finish(v);
  }
  const keys = Object.keys(fields);
  const suffix = /_([A-Za-z0-9]+_?)$/.exec(name)?.[1];
  if (suffix && keys.length === 1 && keys[0] === suffix) return { __merge: out };
  if (suffix && keys.length === 0 && /^[A-Z]/.test(suffix) && oneofWrapper(name)) return { __merge: { [jsonName(suffix)]: emptyOf(name) } };
  return out;
}
// Empty oneof wrappers such as &networking.StringMatch_Exact{}: the field set to its zero value.
function oneofWrapper(name: string): boolean { return /^(StringMatch_|HTTPFaultInjection_|LoadBalancerSettings_|AuthorizationPolicy_Provider|HTTPRedirect_|HTTPMatchRequest_)/.test(name) && !/HeaderOperations|ConsistentHashLB$/.test(name); }
function emptyOf(name: string): unknown { return /StringMatch_|Redirect_/.test(name) ? '' : {}; }

export interface Case { test: string; name: string; valid: boolean; fields: Record<string, unknown>; types: Record<string, string>; skipped?: string }

/** Extracts the table of `func <test>(`: the struct declaration's field names and the entries. */
export function table(src: string, test: string, outcome: (entry: Record<string, unknown>) => boolean): Case[] {
  const start = src.indexOf(`func ${test}(`);
  const end = src.indexOf('\nfunc ', start + 1);
  const body = src.slice(start, end < 0 ? undefined : end);
  const decl = /\[\]struct \{([\s\S]*?)\n\t\}\{/.exec(body)!;
  const names = decl[1].split('\n').map(l => l.trim().split(/\s+/)[0]).filter(Boolean);
  const rest = body.slice(decl.index + decl[0].length - 1);
  const p = new Parser(lex(rest));
  p.expect('{');
  const cases: Case[] = [];
  while (!p.is('}')) {
    p.expect('{');
    const entry: Record<string, unknown> = {};
    const types: Record<string, string> = {};
    let skipped: string | undefined;
    let pos = 0;
    while (!p.is('}')) {
      let key = names[pos++];
      if (p.peek().t === 'id' && p.is(':', 1) && names.includes(p.peek().v)) { key = p.next().v; p.next(); }
      const save = p.i;
      const t0 = p.peek().t === 'p' && p.peek().v === '&' ? p.peek(1) : p.peek();
      if (t0.t === 'id' && p.toks[p.toks.indexOf(t0) + 1]?.v === '{' && t0.v.includes('.')) types[key] = t0.v;
      try {
        entry[key] = finish(p.expr());
      } catch (e) {
        if (!(e instanceof Unconvertible)) throw e;
        skipped = e.message;
        p.i = save; skipValue(p);
      }
      if (p.is(',')) p.next();
    }
    p.expect('}');
    if (p.is(',')) p.next();
    const name = String(entry.name ?? '');
    cases.push({ test, name, valid: skipped && !('valid' in entry) && entry.out === undefined && entry.err === undefined && entry.error === undefined ? false : outcome(entry), fields: entry, types, ...(skipped && { skipped }) });
  }
  return cases;
}
function skipValue(p: Parser) {
  let d = 0;
  for (;;) {
    const t = p.peek();
    if (t.t === 'p' && (t.v === '{' || t.v === '(' || t.v === '[')) d++;
    if (t.t === 'p' && (t.v === '}' || t.v === ')' || t.v === ']')) { if (d === 0) return; d--; }
    if (t.t === 'p' && t.v === ',' && d === 0) return;
    p.next();
  }
}

const VT = 'pkg/config/validation/validation_test.go';
const AVT = 'pkg/config/validation/agent/validation_test.go';
const [gitDir, outDir] = process.argv.slice(2);
const show = (path: string) => execFileSync('git', [`--git-dir=${gitDir}`, 'show', `1.30.3:${path}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const files: Record<string, string> = { [VT]: show(VT), [AVT]: show(AVT) };
// test function -> [source, the table field holding the object, the kind name expected of a proto.Message field]
const TESTS: [string, string, string, string?][] = [
  ['TestValidateVirtualService', VT, 'in', 'networking.VirtualService'],
  ['TestValidateHTTPRoute', VT, 'route'],
  ['TestValidateCORSPolicy', VT, 'in'],
  ['TestValidateHTTPFaultInjectionAbort', VT, 'in'],
  ['TestValidateHTTPFaultInjectionDelay', VT, 'in'],
  ['TestValidateHTTPRetry', VT, 'in'],
  ['TestValidateHTTPRewrite', VT, 'in'],
  ['TestValidateUriRegexRewrite', VT, 'in'],
  ['TestValidateHTTPRedirect', VT, 'redirect'],
  ['TestValidateHTTPDirectResponse', VT, 'directResponse'],
  ['TestValidateHTTPHeaderValue', VT, 'input'],
  ['TestValidateDestination', VT, 'destination'],
  ['TestValidateRouteDestination', VT, 'routes'],
  ['TestValidateGateway', VT, 'in', 'networking.Gateway'],
  ['TestValidateServer', VT, 'in'],
  ['TestValidateTlsOptions', VT, 'in'],
  ['TestValidateServerPort', VT, 'in'],
  ['TestValidateDestinationRule', VT, 'in', 'networking.DestinationRule'],
  ['TestValidateTrafficPolicy', VT, 'in'],
  ['TestValidateConnectionPool', VT, 'in'],
  ['TestValidateLoadBalancer', VT, 'in'],
  ['TestValidateOutlierDetection', VT, 'in'],
  ['TestValidateTLS', AVT, 'tls'],
  ['TestValidateLocalityLbSetting', AVT, 'in'],
  ['TestValidateServiceEntries', VT, 'in'],
  ['Test_validateExportTo', VT, 'exportTo'],
  ['TestValidateSidecar', VT, 'in'],
  ['TestValidateAuthorizationPolicy', VT, 'in', 'security_beta.AuthorizationPolicy'],
  ['TestValidateRequestAuthentication', VT, 'in', 'security_beta.RequestAuthentication'],
  ['TestValidatePeerAuthentication', VT, 'in', 'security_beta.PeerAuthentication'],
  ['TestValidateTelemetry', VT, 'in', 'telemetry.Telemetry'],
  ['TestValidateWasmPlugin', VT, 'in', 'extensions.WasmPlugin'],
];
function compact(v: unknown): unknown {
  if (typeof v === 'string' && v.length > 200) {
    for (let p = 1; p <= 8; p++) {
      let i = 0; while (i + p < v.length && v[i] === v[i + p]) i++;
      const times = Math.floor((i + p) / p);
      if (times * p > 100) return { $repeat: v.slice(0, p), times, ...(times * p < v.length && { then: v.slice(times * p) }) };
    }
    return v;
  }
  if (Array.isArray(v)) return v.map(compact);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, compact(x)]));
  return v;
}
const OUTCOME = ['valid', 'out', 'err', 'error', 'expected', 'wantErr'];
const kebab = (s: string) => s.replace(/^Test_?/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').toLowerCase();
mkdirSync(outDir, { recursive: true });
const summary: string[] = [];
for (const [test, source, field, kind] of TESTS) {
  const cases = table(files[source], test, (e) => {
    if ('valid' in e) return Boolean(e.valid);
    if (typeof e.err === 'boolean') return !e.err;
    if (typeof e.wantErr === 'boolean') return !e.wantErr;
    return (e.out ?? e.err ?? e.error ?? e.expected ?? '') === '' || (e.out ?? e.err ?? e.error ?? e.expected) === null;
  });
  const kept = [], dropped: string[] = [];
  for (const c of cases) {
    if (c.skipped) { dropped.push(`${c.name}: ${c.skipped}`); continue; }
    if (kind && c.types[field] && c.types[field] !== kind) { dropped.push(`${c.name}: not a ${kind} (${c.types[field]})`); continue; }
    const rest = Object.fromEntries(Object.entries(c.fields).filter(([k]) => !OUTCOME.includes(k) && !/^warn/i.test(k) && k !== 'name'));
    const error = ['out', 'err', 'error'].map(k => c.fields[k]).find(v => typeof v === 'string' && v !== '');
    kept.push(compact({ name: c.name || String(c.fields.input), valid: c.valid, ...(error !== undefined && { istioError: error }), ...rest }));
  }
  const file = `${kebab(test)}.json`;
  writeFileSync(`${outDir}/${file}`, JSON.stringify({ source: `istio/istio 1.30.3 ${source}`, test, field, cases: kept }, null, 2) + '\n');
  summary.push(`${test}: ${kept.length} kept, ${dropped.length} dropped${dropped.length ? ' (' + dropped.join('; ') + ')' : ''}`);
}
console.log(summary.join('\n'));
