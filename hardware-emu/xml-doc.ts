/**
 * Small strict layer over saxes shared by the XML device formats (ANPR, N42, gate front-end):
 * one root element, text leaves as strings, and every problem turned into a DecodeError.
 *
 * One saxes pass checks well-formedness and builds the tree. The tree has the shape fast-xml-parser 5
 * gave with the options this module used before (ignoreAttributes false, attributeNamePrefix '@_',
 * parseTagValue/parseAttributeValue false, trimValues, htmlEntities, removeNSPrefix), so Elem reads it
 * unchanged: attributes as '@_name' keys, a repeated child as an array, an element with only text as a
 * string, one with attributes (or children) and text as { …, '#text' }, an empty element as ''.
 * test/hardware-emu/xml-doc.test.ts checks that shape against fast-xml-parser on generated documents.
 *
 * Text: element and CDATA text is XML-normalised (CR LF → LF). Text runs between child elements, CDATA
 * sections and PIs (not comments) are trimmed one by one *before* entity references are replaced, as
 * fast-xml-parser did, so `&#32;x` keeps its space; CDATA is kept verbatim; the pieces are concatenated.
 * Attribute values are taken raw (no XML whitespace normalisation), trimmed, then decoded.
 * Entities: the five XML ones, numeric references that name an XML 1.0 character, and the HTML/currency
 * names fast-xml-parser's htmlEntities decoded (NAMED below). Any other name is a syntax error (fast-xml-parser
 * left it as literal text; XML calls it not well-formed). A DOCTYPE is a syntax error (fast-xml-parser read
 * its internal entities; device frames never carry one, and refusing it rules out entity-expansion tricks).
 * Documents are parsed by XML 1.0 rules even when they declare 1.1. saxes is stricter than fast-xml-parser's
 * validator was ('<' or a bare '&' in attribute values, ']]>' or control characters in text, '--' in comments,
 * anything after a self-closing root were let through); the one thing that validator refused and saxes
 * accepts is a name with characters beyond U+FFFF, which XML allows.
 * A PI becomes a '?target' child (beside the root: a second root, refused by parseRoot, as before); it ends
 * at the first '?>' even inside quotes, where fast-xml-parser skipped quoted strings.
 * Element names and attribute names lose their prefix (removeNSPrefix); xmlns / xmlns:* attributes are
 * dropped, and the root element's own namespace is reported separately as Elem.namespace.
 */
import { SaxesParser } from 'saxes';
import { DecodeError, utf8 } from './codec.js';

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
  const { doc, namespace } = parseXml(format, xmlText(format, bytes));
  const names = Object.keys(doc).filter((k) => k !== '?xml');
  // saxes refuses a second root element; a processing instruction beside the root also lands here
  if (names.length !== 1 || Array.isArray(doc[names[0]])) throw new DecodeError(format, 'syntax', 'expected exactly one root element');
  if (names[0] !== root) throw new DecodeError(format, 'field', `root element is <${names[0]}>, expected <${root}>`);
  return new Elem(format, root, doc[root], namespace);
}

/** Named entities decoded: XML's five and fast-xml-parser 5.12's htmlEntities list (COMMON_HTML + CURRENCY). */
const NAMED: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  amp: '&', apos: "'", gt: '>', lt: '<', quot: '"',
  nbsp: '\u00a0', copy: '\u00a9', reg: '\u00ae', trade: '\u2122', mdash: '\u2014', ndash: '\u2013', hellip: '\u2026',
  laquo: '\u00ab', raquo: '\u00bb', lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d', bull: '\u2022',
  para: '\u00b6', sect: '\u00a7', deg: '\u00b0', frac12: '\u00bd', frac14: '\u00bc', frac34: '\u00be',
  cent: '\u00a2', pound: '\u00a3', curren: '\u00a4', yen: '\u00a5', euro: '\u20ac', dollar: '$', fnof: '\u0192',
  inr: '\u20b9', af: '\u060b', birr: '\u1265\u122d', peso: '\u20b1', rub: '\u20bd', won: '\u20a9', yuan: '\u00a5', cedil: '\u00b8',
});

/** fast-xml-parser's element-name guards: these would pollute or shadow Object.prototype. */
const CRITICAL = new Set(['__proto__', 'constructor', 'prototype']);
const DANGEROUS = new Set(['hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);
/** open elements above a new non-empty one, as fast-xml-parser's maxNestedTags */
const MAX_DEPTH = 100;
const SAXES_OPTIONS = { forceXMLVersion: true, defaultXMLVersion: '1.0' } as const;

interface Open {
  name: string;
  obj: Obj;
  /** distinct keys in obj (children so far) */
  keys: number;
  text: string | undefined;
  attrs: Obj | undefined;
}

/**
 * Replaces entity and character references as fast-xml-parser's decoder did: one left-to-right pass,
 * unknown or malformed references left as they are (saxes has already refused those in text and attributes;
 * only PI pseudo-attributes can still carry one).
 */
function decodeRefs(s: string): string {
  let i = s.indexOf('&');
  if (i < 0) return s;
  let out = '';
  let last = 0;
  while (i >= 0) {
    const j = s.indexOf(';', i + 1);
    if (j < 0) break;
    if (j - i > 33) {
      i = s.indexOf('&', i + 1);
      continue;
    }
    const tok = s.slice(i + 1, j);
    const rep = tok.charCodeAt(0) === 35 ? charRef(tok) : NAMED[tok];
    if (rep === undefined) {
      i = s.indexOf('&', i + 1);
      continue;
    }
    out += s.slice(last, i) + rep;
    last = j + 1;
    i = s.indexOf('&', last);
  }
  return last === 0 ? s : out + s.slice(last);
}

/** `#65` / `#x41` → the character; out of range left alone; NUL, surrogates and XML 1.0 C0 controls removed. */
function charRef(tok: string): string | undefined {
  const x = tok.charCodeAt(1);
  const cp = x === 120 || x === 88 ? parseInt(tok.slice(2), 16) : parseInt(tok.slice(1), 10);
  if (Number.isNaN(cp) || cp < 0 || cp > 0x10ffff) return undefined;
  if (cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) || (cp < 0x20 && cp !== 9 && cp !== 10 && cp !== 13)) return '';
  return String.fromCodePoint(cp);
}

/** removeNSPrefix for an element: drop everything up to the first colon. */
function elementName(p: SaxesParser, qname: string): string {
  const c = qname.indexOf(':');
  const name = c < 0 ? qname : qname.slice(c + 1);
  if (CRITICAL.has(name)) p.fail(`invalid element name <${qname}>`);
  return DANGEROUS.has(name) ? `__${name}` : name;
}

/** removeNSPrefix for an attribute: '' (dropped) for xmlns and xmlns:*, the local part of p:name. */
function attributeName(qname: string): string {
  if (qname.indexOf(':') < 0) return qname === 'xmlns' ? '' : qname;
  const parts = qname.split(':');
  return parts[0] === 'xmlns' ? '' : parts.length === 2 ? parts[1] : qname;
}

const PI_ATTRS = /([^\s=]+)\s*(=\s*(?:"([^"]*)"|'([^']*)'))?/g;

/** A processing instruction becomes a '?target' child whose pseudo-attributes are read like attributes. */
function piValue(body: string): unknown {
  let a: Obj | undefined;
  for (const m of body.matchAll(PI_ATTRS)) {
    const v = m[3] ?? m[4];
    const n = attributeName(m[1]);
    if (v !== undefined && n !== '') (a ??= {})[`@_${n}`] = decodeRefs(v.trim());
  }
  return a ?? '';
}

function add(to: Obj, open: Open | undefined, name: string, value: unknown): void {
  if (Object.hasOwn(to, name)) {
    const v = to[name];
    if (Array.isArray(v)) v.push(value);
    else to[name] = [v, value];
  } else {
    to[name] = value;
    if (open) open.keys++;
  }
}

/** saxes reports "line:col: message"; keep the message and say where. */
function syntaxError(format: string, message: string): DecodeError {
  const m = /^(\d+):(\d+): ([\s\S]*?)\.?$/.exec(message);
  if (!m) return new DecodeError(format, 'syntax', message);
  const what = m[3] === 'documents may contain only one root' ? 'expected exactly one root element' : m[3];
  return new DecodeError(format, 'syntax', `${what} (line ${m[1]}, col ${m[2]})`);
}

/** What we reach inside saxes for: its entity hook, and whether it has seen a DOCTYPE (both private). */
interface SaxesInside {
  parseEntity(entity: string): string;
  doctype: boolean;
}

/**
 * One strict pass over an XML document: the document object (the root element under its local name,
 * '?xml' for the declaration, '?target' for PIs outside it) and the root element's namespace URI.
 */
export function parseXml(format: string, text: string): { doc: Obj; namespace: string | undefined } {
  // A fresh parser per document. Handlers are kept to six: saxes stores each under a computed key, and from
  // the eighth such property V8 turns the parser into a slow dictionary object (parsing gets ~8x slower).
  // So no error handler (saxes then throws, caught below), and the declaration and DOCTYPE are read at the root.
  const p = new SaxesParser(SAXES_OPTIONS);
  const inside = p as unknown as SaxesInside;
  const doc: Obj = {};
  const stack: Open[] = [];
  let top: Open | undefined;
  let pending = '';
  // attributes of the start tag being read: raw name, value with references still in it
  const attrs: string[] = [];
  let namespace: string | undefined;

  // references are checked here but left in the text, to be replaced after trimming (see the header)
  const saxesEntity = inside.parseEntity;
  inside.parseEntity = (e: string): string => {
    if (e.charCodeAt(0) === 35) saxesEntity.call(p, e); // numeric: saxes checks its syntax and that it is an XML character
    else if (NAMED[e] === undefined) p.fail(`undefined entity &${e};`);
    return `&${e};`;
  };
  const flush = (): void => {
    if (pending === '') return;
    const t = pending.trim();
    pending = '';
    if (t !== '' && top) top.text = top.text === undefined ? decodeRefs(t) : top.text + decodeRefs(t);
  };
  p.on('text', (t) => {
    if (top) pending += t;
  });
  p.on('cdata', (c) => {
    flush();
    if (top) top.text = top.text === undefined ? c : top.text + c;
  });
  p.on('attribute', ({ name, value }) => {
    // saxes turned tabs and line ends into spaces; fast-xml-parser kept them, so take the value from the source
    if (value.includes(' ')) {
      const end = p.position - 1; // the closing quote
      const raw = text.slice(text.lastIndexOf(text[end], end - 1) + 1, end);
      value = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
    }
    attrs.push(name, value);
  });
  p.on('opentag', (tag) => {
    flush();
    if (!tag.isSelfClosing && stack.length > MAX_DEPTH) p.fail(`elements nested more than ${MAX_DEPTH} deep`);
    const name = elementName(p, tag.name);
    let a: Obj | undefined;
    for (let i = 0; i < attrs.length; i += 2) {
      const n = attributeName(attrs[i]);
      if (n !== '') (a ??= {})[`@_${n}`] = decodeRefs(attrs[i + 1].trim());
    }
    if (stack.length === 0) {
      // the prolog is behind us: a DOCTYPE can only come before the root (saxes refuses one after it)
      if (inside.doctype) p.fail('DOCTYPE is not allowed');
      const d = p.xmlDecl;
      if (d.version !== undefined) {
        const x: Obj = (doc['?xml'] = { '@_version': d.version });
        if (d.encoding !== undefined) x['@_encoding'] = d.encoding;
        if (d.standalone !== undefined) x['@_standalone'] = d.standalone;
      }
      const c = tag.name.indexOf(':');
      const decl = c < 0 ? 'xmlns' : `xmlns:${tag.name.slice(0, c)}`;
      for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === decl) namespace = attrs[i + 1];
    }
    attrs.length = 0;
    top = { name, obj: {}, keys: 0, text: undefined, attrs: a };
    stack.push(top);
  });
  p.on('closetag', () => {
    flush();
    const e = stack.pop()!;
    top = stack[stack.length - 1];
    let value: unknown = e.obj;
    if (e.text !== undefined && e.text !== '') {
      e.obj['#text'] = e.text;
      e.keys++;
    }
    if (e.attrs) Object.assign(e.obj, e.attrs);
    else if (e.keys === 0) value = '';
    else if (e.keys === 1 && e.text) value = e.text;
    add(top ? top.obj : doc, top, e.name, value);
  });
  p.on('processinginstruction', ({ target, body }) => {
    flush();
    add(top ? top.obj : doc, top, `?${target}`, piValue(body));
  });
  try {
    p.write(text).close();
  } catch (err) {
    if (err instanceof DecodeError) throw err;
    throw syntaxError(format, err instanceof Error ? err.message : String(err));
  }
  return { doc, namespace };
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
