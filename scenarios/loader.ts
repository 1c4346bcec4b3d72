/**
 * Reads a scenario file: YAML → plain data → validated `Scenario`. The family is chosen by the key
 * under `site`: `site.port` is a port scenario (port-schema.ts), anything else is checked as a
 * single-gate scenario (schema.ts). Every problem with the input
 * (unreadable file, YAML syntax, duplicate keys, schema violations) becomes a `ScenarioError`
 * whose issues carry the file, line and column, the path in the document and a plain message.
 * Nothing else escapes: an unexpected exception is wrapped into a ScenarioError too.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import { portScenarioSchema } from './port-schema.js';
import { zoneScenarioSchema } from './zone-schema.js';
import { networkScenarioSchema } from './network-schema.js';
import { gateScenarioSchema, type Scenario, type ScenarioKind, type ScenarioOfKind } from './schema.js';
import { describeIssues, fallbackErrorMap, formatPath, showKey, type PathSegment } from './validation.js';

export interface ScenarioIssue {
  file: string;
  /** 1-based; absent for problems with the file itself (missing, unreadable). */
  line?: number;
  /** 1-based. */
  col?: number;
  /** Dotted path in the document with [i] for list items, e.g. `site.gates.shifts[1].to`; `(root)` when empty. */
  path: string;
  message: string;
}

/** How many issues the error message lists before summarising the rest. */
const MAX_LISTED = 10;

const NESTED_TOO_DEEPLY = 'document nested too deeply';

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly issues: readonly ScenarioIssue[];

  constructor(issues: readonly ScenarioIssue[]) {
    super(formatIssues(issues));
    this.issues = issues;
  }
}

/** One line per issue, `FILE:LINE:COL: PATH: MESSAGE`; at most MAX_LISTED, then `… and N more`. */
export function formatIssues(issues: readonly ScenarioIssue[]): string {
  const lines = issues.slice(0, MAX_LISTED).map(formatIssue);
  if (issues.length > MAX_LISTED) lines.push(`… and ${issues.length - MAX_LISTED} more`);
  return lines.join('\n');
}

function formatIssue(i: ScenarioIssue): string {
  // the file itself has no place inside it; a generated document (a sweep point) has a path only
  if (i.line === undefined) return i.path === '(root)' ? `${i.file}: ${i.message}` : `${i.file}: ${i.path}: ${i.message}`;
  return `${i.file}:${i.line}:${i.col ?? 1}: ${i.path}: ${i.message}`;
}

// ---------------------------------------------------------------------------------------------

/** What a caller needs: one family of scenario, and who needs it (for the message). */
interface Want {
  kind?: ScenarioKind;
  usedBy?: string;
}

/**
 * Read and validate a scenario file. Throws ScenarioError, and nothing else, for bad input.
 * With `kind`, a valid scenario of the other family is rejected too, with a message naming
 * `usedBy` ("scenario 'port-reform' is a port scenario; ctwin run needs a gate scenario").
 */
export function loadScenario(file: string): Scenario;
export function loadScenario<K extends ScenarioKind>(file: string, kind: K, usedBy?: string): ScenarioOfKind<K>;
export function loadScenario(file: string, kind?: ScenarioKind, usedBy?: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError([{ file, path: '(root)', message: describeReadError(err) }]);
  }
  return parseWanted(text, file, { kind, usedBy });
}

function describeReadError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'cannot read scenario file: no such file';
    case 'EISDIR':
      return 'cannot read scenario file: it is a directory, expected a YAML file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read scenario file: permission denied';
    default:
      return `cannot read scenario file: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Validate scenario text; `file` is used in messages only. Throws ScenarioError, and nothing else. */
export function parseScenario(text: string, file: string): Scenario;
export function parseScenario<K extends ScenarioKind>(text: string, file: string, kind: K, usedBy?: string): ScenarioOfKind<K>;
export function parseScenario(text: string, file: string, kind?: ScenarioKind, usedBy?: string): Scenario {
  return parseWanted(text, file, { kind, usedBy });
}

function parseWanted(text: string, file: string, want: Want): Scenario {
  try {
    return parseUnsafe(text, file, want);
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    const what = firstLine(err instanceof Error ? err.message : String(err));
    throw new ScenarioError([{ file, path: '(root)', line: 1, col: 1, message: `cannot read scenario: ${what}` }]);
  }
}

function parseUnsafe(text: string, file: string, want: Want): Scenario {
  if (typeof text !== 'string') {
    throw new ScenarioError([{ file, path: '(root)', message: `expected scenario text, got ${typeof text}` }]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return { line: 1, col: 1 };
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };

  // 1. YAML itself: syntax errors, duplicate keys, and warnings (unknown tags...): no silent fallback.
  const yamlProblems = [...doc.errors, ...doc.warnings];
  if (yamlProblems.length > 0) {
    throw new ScenarioError(
      sortIssues(
        yamlProblems.map((e) => {
          const offset = e.pos[0];
          const path = e.code === 'MULTIPLE_DOCS' ? [] : pathAtOffset(doc, offset);
          let message = firstLine(e.message);
          if (e.code === 'DUPLICATE_KEY') {
            const key = keyAtOffset(doc, offset);
            message = `duplicate key${key === undefined ? '' : ` ${showKey(key)}`} (${message})`;
          }
          return { file, ...at(offset), path: formatPath(path), message };
        }),
      ),
    );
  }

  // 2. Document structure that has no plain-data meaning: non-scalar keys, unresolved aliases.
  const structural = structuralProblems(doc);
  if (structural.length > 0) {
    throw new ScenarioError(
      sortIssues(structural.map((p) => ({ file, ...at(p.offset), path: formatPath(p.path), message: p.message }))),
    );
  }

  // 3. Plain data, then the schema.
  if (doc.contents === null) {
    throw new ScenarioError([
      { file, line: 1, col: 1, path: '(root)', message: 'the file is empty; expected a scenario mapping (version, name, horizon, site, demand)' },
    ]);
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const family = scenarioFamily(data);
  if (family.both) {
    // Which family was meant is anyone's guess: checking either would bury this under the other's
    // unknown keys. One message, at the second family's key.
    const path = ['site', family.second];
    throw new ScenarioError([
      {
        file,
        ...at(locate(doc, path, 'key')),
        path: formatPath(path),
        message: "a site is one gate ('gates', a gate scenario), a port ('port', a port scenario), a zone ('zone', a zone scenario) or a road network ('network', a network scenario), not several",
      },
    ]);
  }
  const result =
    family.kind === 'port'
      ? portScenarioSchema.safeParse(data, { error: fallbackErrorMap })
      : family.kind === 'zone'
        ? zoneScenarioSchema.safeParse(data, { error: fallbackErrorMap })
        : family.kind === 'network'
          ? networkScenarioSchema.safeParse(data, { error: fallbackErrorMap })
        : gateScenarioSchema.safeParse(data, { error: fallbackErrorMap });
  if (result.success) {
    const s: Scenario = result.data;
    if (want.kind !== undefined && s.kind !== want.kind) {
      const path = ['site', SITE_KEY[s.kind]];
      const needs = want.usedBy !== undefined ? `${want.usedBy} needs` : 'expected';
      const site = `site.${SITE_KEY[want.kind]}`;
      throw new ScenarioError([
        {
          file,
          ...at(locate(doc, path, 'key')),
          path: formatPath(path),
          message: `scenario '${s.name}' is a ${s.kind} scenario; ${needs} a ${want.kind} scenario (${site})`,
        },
      ]);
    }
    return s;
  }

  const issues: ScenarioIssue[] = [];
  const seen = new Set<string>();
  for (const d of describeIssues(result.error.issues, data)) {
    const offset = locate(doc, d.path, d.missingKey ? 'missing' : d.atKey ? 'key' : 'value');
    const issue = { file, ...at(offset), path: formatPath(d.path), message: d.message };
    const id = `${issue.path}\u0000${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(issue);
  }
  throw new ScenarioError(sortIssues(issues));
}

/** The key under `site` that names each family. */
const SITE_KEY: Record<ScenarioKind, string> = { gate: 'gates', port: 'port', zone: 'zone', network: 'network' };

/** Top-level keys only a port scenario has. */
const PORT_ONLY_KEYS = ['times', 'skills', 'weight_tolerance', 'hardware'];
/** Top-level keys only a zone scenario has. */
const ZONE_ONLY_KEYS = ['books'];
/** Top-level keys only a network scenario has. */
const NETWORK_ONLY_KEYS = ['costs'];
/** Top-level keys ports and zones have and a gate has not. */
const POLICY_KEYS = ['policies', 'population', 'truth'];

/**
 * Which schema checks the document: the family whose key `site` has (`gates`, `port`, `zone`, `network`);
 * two of them are reported on their own (`both`, at the key that comes later in that order). With none (a typo, a
 * missing site), the rest of the document decides: a zone if it has a key only zones have, a port
 * if it has a key only ports have or keys of a family with policies, so that `site.prot` gets
 * "did you mean 'port'" rather than a gate scenario's complaints about every port key; otherwise
 * a gate scenario.
 */
function scenarioFamily(data: unknown): { kind: ScenarioKind; both: boolean; second: string } {
  const root = isPlainObject(data) ? data : {};
  const site = root.site;
  const has = (k: string) => isPlainObject(site) && Object.prototype.hasOwnProperty.call(site, k);
  const rootHas = (keys: string[]) => keys.some((k) => Object.prototype.hasOwnProperty.call(root, k));
  const named = (['gates', 'port', 'zone', 'network'] as const).filter(has);
  if (named.length > 1) return { kind: 'gate', both: true, second: named[1] };
  if (named.length === 1) return { kind: named[0] === 'gates' ? 'gate' : named[0], both: false, second: '' };
  const kind: ScenarioKind = rootHas(NETWORK_ONLY_KEYS) ? 'network' : rootHas(ZONE_ONLY_KEYS) ? 'zone' : rootHas(PORT_ONLY_KEYS) || rootHas(POLICY_KEYS) ? 'port' : 'gate';
  return { kind, both: false, second: '' };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function firstLine(s: string): string {
  const line = s.split('\n')[0]?.trim() ?? '';
  if (/maximum call stack/i.test(line)) return NESTED_TOO_DEEPLY;
  return line === '' ? 'invalid YAML' : line;
}


function sortIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || (a.issue.col ?? 0) - (b.issue.col ?? 0) || a.i - b.i)
    .map((x) => x.issue);
}

// ---------------------------------------------------------------------------------------------
// Walking the parsed YAML document

type Doc = Document.Parsed;

function resolve(doc: Doc, node: unknown): unknown {
  // An alias stands for its anchored node; follow it (an unresolved one yields undefined).
  return isAlias(node) ? node.resolve(doc) : node;
}

/** The document's text for a key, as it appears in the plain data (scalars only). */
function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (key === null || typeof key !== 'object') return String(key);
  return undefined;
}

function start(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/**
 * Offset to report for an issue at `path`:
 * - 'value': the value's node; for a block mapping or list, or an empty value, the key naming it;
 * - 'key': the key itself (unknown keys);
 * - 'missing': the mapping that lacks the last key (the key that names it, if any).
 * Walks as far as the document goes; falls back to the deepest node reached.
 */
function locate(doc: Doc, path: readonly PathSegment[], kind: 'value' | 'key' | 'missing'): number | undefined {
  let node: unknown = resolve(doc, doc.contents);
  let keyNode: unknown = undefined; // the key that names `node`, when `node` is a mapping value
  let best = start(node) ?? 0;
  const walk = kind === 'missing' ? path.slice(0, -1) : path;
  for (let i = 0; i < walk.length; i++) {
    const seg = walk[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) return best;
      keyNode = pair.key;
      node = resolve(doc, pair.value);
      if (kind === 'key' && i === walk.length - 1) return start(keyNode) ?? best;
    } else if (isSeq(node) && typeof seg === 'number') {
      keyNode = undefined;
      node = resolve(doc, node.items[seg]);
    } else {
      return best;
    }
    const here = pointFor(node, keyNode);
    if (here !== undefined) best = here;
  }
  return best;
}

function pointFor(node: unknown, keyNode: unknown): number | undefined {
  const block = isCollection(node) && !node.flow;
  const empty = node === null || node === undefined || (isScalar(node) && node.value === null && start(node) === undefined);
  if ((block || empty) && keyNode !== undefined) return start(keyNode);
  return start(node) ?? start(keyNode);
}

/**
 * The document path of the innermost node around `offset` (for YAML errors). A node's end counts
 * as inside it: the parser often notices a problem only where the node ends (an unclosed bracket
 * at the end of the file).
 */
function pathAtOffset(doc: Doc, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  let node: unknown = doc.contents;
  for (let depth = 0; depth < 1000; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => around(start(p.key) ?? start(p.value), end(p.value) ?? end(p.key), offset));
      const key = pair ? keyText(pair.key) : undefined;
      if (!pair || key === undefined) break;
      path.push(key);
      if (around(start(pair.key), end(pair.key), offset)) break;
      node = pair.value;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((it) => around(start(it), end(it), offset));
      if (i < 0) break;
      path.push(i);
      node = node.items[i];
    } else break;
  }
  return path;
}

function end(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? range[1] : undefined;
}

function around(from: number | undefined, to: number | undefined, offset: number): boolean {
  return from !== undefined && to !== undefined && from <= offset && offset <= to;
}

/** The text of the mapping key starting at `offset`, if there is one (duplicate-key errors). */
function keyAtOffset(doc: Doc, offset: number): string | undefined {
  let found: string | undefined;
  const visit = (node: unknown, depth: number): void => {
    if (found !== undefined || depth > 1000) return;
    if (isMap(node)) {
      for (const p of node.items) {
        if (start(p.key) === offset) {
          found = keyText(p.key);
          return;
        }
        visit(p.value, depth + 1);
      }
    } else if (isSeq(node)) {
      for (const it of node.items) visit(it, depth + 1);
    }
  };
  visit(doc.contents, 0);
  return found;
}

interface StructuralProblem {
  offset: number | undefined;
  path: PathSegment[];
  message: string;
}

/** Keys that are lists or mappings, and aliases to anchors that do not exist. */
function structuralProblems(doc: Doc): StructuralProblem[] {
  const out: StructuralProblem[] = [];
  const visit = (node: unknown, path: PathSegment[]): void => {
    if (path.length > 200) {
      out.push({ offset: start(node), path, message: `${NESTED_TOO_DEEPLY} (more than 200 levels)` });
      return;
    }
    if (isAlias(node)) {
      if (node.resolve(doc) === undefined) {
        out.push({
          offset: start(node),
          path,
          message: `unknown alias '*${node.source}' (its anchor &${node.source} must be defined before it)`,
        });
      }
      return; // the anchored node is visited where it is defined
    }
    if (isMap(node)) {
      for (const p of node.items) {
        if (!isPair(p)) continue;
        const key = isScalar(p.key) || p.key === null ? keyText(p.key) : undefined;
        if (key === undefined) {
          out.push({ offset: start(p.key), path, message: 'expected a plain key, got a list or mapping used as a key' });
          continue;
        }
        visit(p.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((it, i) => visit(it, [...path, i]));
    }
  };
  visit(doc.contents, []);
  return out;
}

// ---------------------------------------------------------------------------------------------

/**
 * sha256 (hex) of the scenario as canonical JSON (keys sorted, undefined dropped). `kind` is left
 * out: it is implied by the content (`site.gates` or `site.port`), and leaving it out keeps the
 * hashes of gate scenarios what they were before the port family existed.
 */
export function scenarioHash(s: Scenario): string {
  const { kind: _kind, ...content } = s;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** JSON with object keys sorted at every level; the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}
