// The one module that imports js-yaml: multi-document YAML read as kubectl reads it.
//
// kubectl (and the API server for YAML bodies) converts YAML to JSON with sigs.k8s.io/yaml, which decodes with
// go-yaml v2 (go.yaml.in/yaml/v2), a YAML 1.1 reader. Its plain scalars resolve as go-yaml v2's resolve.go does:
// - booleans: y Y yes Yes YES true True TRUE on On ON, and n N no No NO false False FALSE off Off OFF;
// - null: empty, ~ null Null NULL;
// - integers: strconv.ParseInt(s, 0, 64) with underscores removed: 0x1F, 0o17, 0b101, and a leading 0 is octal (0755 = 493);
// - floats: [-+]?(.[0-9]+|[0-9]+(.[0-9]*)?)([eE][-+]?[0-9]+)?, also with underscores removed (09 = 9, 1e3 = 1000),
//   .inf/.nan; an out-of-range float (1e999) stays a string;
// - timestamps (2001-12-14) and base-60 numbers (1:20) stay strings;
// - merge keys (<<) are merged.
// In a flow collection go-yaml ends a plain scalar at ':' only before a blank, so `[001:db8::]` holds the string
// "001:db8::", where a YAML 1.2 reader (js-yaml, yaml) reads a mapping {"001:db8:": null}.
import { boolYaml11Tag, defineScalarTag, dump, loadAll, mapTag, mergeTag, NOT_RESOLVED, nullYaml11Tag, Schema, seqTag, strTag, YAMLException } from 'js-yaml';

const INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOATS: Readonly<Record<string, number>> = {
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity, '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
};

/** go-yaml v2's numbers: one resolver for ints and floats, as its resolve() tries them in that order. */
const goNumberTag = defineScalarTag<number>('tag:yaml.org,2002:int', {
  implicit: true,
  implicitFirstChars: [...'+-.0123456789'],
  resolve: (source) => {
    const special = SPECIAL_FLOATS[source];
    if (special !== undefined) return special;
    // The '.' hint: go-yaml parses the text as it is, underscores included.
    const plain = source.startsWith('.') ? source : source.replace(/_/g, '');
    if (INT.test(plain)) {
      const negative = plain.startsWith('-');
      const digits = plain.replace(/^[-+]/, '');
      const octal = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits;
      const value = Number(octal.toLowerCase());
      return negative ? -value : value;
    }
    if (FLOAT.test(plain)) {
      const value = Number(plain);
      if (Number.isFinite(value)) return value;
    }
    return NOT_RESOLVED;
  },
  identify: () => false,
});

const KUBECTL_SCHEMA = new Schema([strTag, nullYaml11Tag, boolYaml11Tag, goNumberTag, mergeTag, seqTag, mapTag]);

/** A `:` right before a flow indicator, after a character that can end a plain scalar. */
const FLOW_COLON = /(?<=[^\s"'\]}]):(?=[,[\]{}])/g;

/** A malformed YAML file: the message names the file, line and column. */
export class YamlSyntaxError extends Error {}

/**
 * The documents of a multi-document YAML text, each as plain JSON-like data, read as kubectl reads them
 * (see the top of this file). Throws `YamlSyntaxError` naming `file:line:column` on malformed YAML.
 */
export function parseYamlDocuments(text: string, file: string): unknown[] {
  // Colons that go-yaml keeps inside a plain scalar become a private-use character for js-yaml, and come back
  // afterwards in every string (quoted strings and block scalars included, where they were colons too).
  const placeholder = text.search(FLOW_COLON) >= 0 ? unusedCharacter(text) : undefined;
  const input = placeholder ? text.replace(FLOW_COLON, placeholder) : text;
  let docs: unknown[];
  try {
    docs = loadLenient(input, file);
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const at = e.mark ? `:${e.mark.line + 1}:${e.mark.column + 1}` : '';
    const reason = placeholder ? e.reason.split(placeholder).join(':') : e.reason;
    throw new YamlSyntaxError(`${file}${at}: invalid YAML: ${reason}`);
  }
  return placeholder ? docs.map((d) => restore(d, placeholder)) : docs;
}

/** The most lines `loadLenient` re-indents in one file before it gives up. */
const MAX_REINDENTED_LINES = 200;

/**
 * js-yaml's loadAll, without its indentation check inside flow collections and quoted scalars, which go-yaml does not
 * make (its scanner checks indentation only in block context), so that kubectl's reading of, e.g.,
 * `args: [\n    "-a",\n  ]` (the `]` less indented than `args`) is ours too. Where js-yaml finds such a line
 * deficiently indented, the line is indented further and the text read again: leading spaces are insignificant
 * there (between flow entries, or folded away in a quoted scalar's continuation line).
 */
function loadLenient(input: string, file: string): unknown[] {
  let text = input;
  for (let fixes = 0; ; fixes++) {
    try {
      return loadAll(text, null, { schema: KUBECTL_SCHEMA, filename: file });
    } catch (e) {
      if (!(e instanceof YAMLException) || e.reason !== 'deficient indentation' || !e.mark || fixes >= MAX_REINDENTED_LINES) throw e;
      const lines = text.split('\n');
      const indent = (line: string) => line.length - line.trimStart().length;
      const previous = lines.slice(0, e.mark.line).reverse().find((l) => l.trim() !== '') ?? '';
      const line = lines[e.mark.line];
      if (line === undefined || line.trim() === '') throw e; // the end of an unclosed collection, not an indentation
      lines[e.mark.line] = ' '.repeat(Math.max(1, indent(previous) + 1 - indent(line))) + line;
      text = lines.join('\n');
    }
  }
}

function unusedCharacter(text: string): string {
  for (let code = 0xe000; code <= 0xf8ff; code++) {
    const c = String.fromCharCode(code);
    if (!text.includes(c)) return c;
  }
  throw new YamlSyntaxError('no private-use character is free in this file');
}

function restore(value: unknown, placeholder: string): unknown {
  if (typeof value === 'string') return value.includes(placeholder) ? value.split(placeholder).join(':') : value;
  if (Array.isArray(value)) return value.map((v) => restore(v, placeholder));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [restore(k, placeholder) as string, restore(v, placeholder)]));
}

/** `value` (plain JSON-like data) as a YAML document. */
export function toYaml(value: unknown): string {
  return dump(value, { lineWidth: -1, noRefs: true });
}
