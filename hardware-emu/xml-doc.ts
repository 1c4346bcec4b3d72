/**
 * Small strict layer over fast-xml-parser shared by the XML device formats (ANPR, N42, gate front-end):
 * one root element, text leaves as strings, and every problem turned into a DecodeError.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DecodeError, utf8 } from './codec.js';

// parseTagValue off: device fields stay strings until a codec checks them; htmlEntities decodes &#x..; refs
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  // NVRs forward camera XML with prefixes (<ns1:ANPR>); names are matched without them, the namespace is read below
  removeNSPrefix: true,
});

type Obj = Record<string, unknown>;

/** Bytes to text: UTF-8, or GB18030 when the declaration names a GB encoding (Chinese gate front-ends send GB2312). */
export function xmlText(format: string, bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const enc = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (enc && /^(gb2312|gbk|gb18030)$/.test(enc)) {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    } catch {
      throw new DecodeError(format, 'syntax', `not valid ${enc}`);
    }
  }
  if (enc && enc !== 'utf-8' && enc !== 'utf8') throw new DecodeError(format, 'syntax', `unsupported encoding ${enc}`);
  return utf8.decode(format, bytes);
}

/** Parses one XML document and returns its single root element, which must be named `root`. */
export function parseRoot(format: string, bytes: Uint8Array, root: string): Elem {
  const text = xmlText(format, bytes);
  const v = XMLValidator.validate(text);
  if (v !== true) throw new DecodeError(format, 'syntax', `${v.err.msg} (line ${v.err.line}, col ${v.err.col})`);
  const doc = parser.parse(text) as Obj;
  const names = Object.keys(doc).filter((k) => k !== '?xml');
  // the validator accepts several top-level elements; a device frame has exactly one
  if (names.length !== 1 || Array.isArray(doc[names[0]])) throw new DecodeError(format, 'syntax', 'expected exactly one root element');
  if (names[0] !== root) throw new DecodeError(format, 'field', `root element is <${names[0]}>, expected <${root}>`);
  return new Elem(format, root, doc[root], rootNamespace(text));
}

/** The namespace of the root element (default or prefixed), which removeNSPrefix drops from the tree. */
function rootNamespace(text: string): string | undefined {
  const t = text.replace(/<!--[\s\S]*?-->/g, '');
  const m = /<(?![?!])(?:([A-Za-z_][\w.-]*):)?[A-Za-z_][\w.-]*((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/.exec(t);
  if (!m) return undefined;
  const a = new RegExp(`(?:^|\\s)xmlns${m[1] ? ':' + m[1] : ''}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(m[2]);
  return a ? (a[1] ?? a[2]) : undefined;
}

/** A parsed element: children by name, attributes, text. Errors name the element path. */
export class Elem {
  constructor(readonly format: string, readonly path: string, private readonly node: unknown, readonly namespace?: string) {}

  private get obj(): Obj {
    return typeof this.node === 'object' && this.node !== null ? (this.node as Obj) : {};
  }

  fail(what: string, message: string): never {
    throw new DecodeError(this.format, 'field', `${this.path}/${what}: ${message}`);
  }

  private all(name: string): unknown[] {
    const v = this.obj[name];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  }

  children(name: string): Elem[] {
    return this.all(name).map((n, i) => new Elem(this.format, `${this.path}/${name}[${i}]`, n));
  }

  optChild(name: string): Elem | undefined {
    const all = this.all(name);
    if (all.length > 1) this.fail(name, 'element repeated');
    return all.length ? new Elem(this.format, `${this.path}/${name}`, all[0]) : undefined;
  }

  child(name: string): Elem {
    return this.optChild(name) ?? this.fail(name, 'missing element');
  }

  /** The text of this element, which must have no child elements. */
  text(): string {
    if (typeof this.node === 'string') return this.node;
    const o = this.obj;
    const kids = Object.keys(o).filter((k) => !k.startsWith('@_') && k !== '#text');
    if (kids.length) throw new DecodeError(this.format, 'field', `${this.path}: expected text, found <${kids[0]}>`);
    return typeof o['#text'] === 'string' ? o['#text'] : '';
  }

  optText(name: string): string | undefined {
    return this.optChild(name)?.text();
  }

  leaf(name: string): string {
    return this.child(name).text();
  }

  optAttr(name: string): string | undefined {
    const v = this.obj[`@_${name}`];
    return typeof v === 'string' ? v : undefined;
  }

  attr(name: string): string {
    return this.optAttr(name) ?? this.fail(`@${name}`, 'missing attribute');
  }
}

/** Escapes text for element content or a double-quoted attribute. */
export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** `<name>value</name>`, or nothing when the value is absent. */
export const el = (name: string, value: string | number | undefined): string =>
  value === undefined ? '' : `<${name}>${esc(String(value))}</${name}>`;

/** Non-negative integer in decimal, as device counters and indexes are written. */
export function uint(e: Elem, name: string, s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  if (!/^\d{1,15}$/.test(s)) e.fail(name, `not a non-negative integer: ${JSON.stringify(s)}`);
  return Number(s);
}

const ISO_DT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$/;

/** ISO 8601 / xs:dateTime check with real calendar fields; `needOffset` for formats that require a zone. */
export function isoDateTime(s: string, needOffset: boolean): boolean {
  const m = ISO_DT.exec(s);
  if (!m || (needOffset && !m[8])) return false;
  const [y, mo, d, h, mi, se] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const offOk = !m[9] || (Number(m[9]) <= 14 && Number(m[10]) < 60);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days && h < 24 && mi < 60 && se < 60 && offOk;
}
