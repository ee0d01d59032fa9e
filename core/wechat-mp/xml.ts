import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { emptyFields, isFields, type FieldValue, type Fields } from './fields';

/**
 * Reads the XML dialect WeChat pushes: one `<xml>` root, child elements holding text (usually in
 * CDATA), sometimes nested or repeated. Nothing is turned into a number.
 */

export type XmlFailure = 'doctype' | 'entity' | 'malformed' | 'not_xml_root';

export type XmlResult = { ok: true; fields: Fields } | { ok: false; reason: XmlFailure };

/**
 * WeChat never sends a DTD, so any document declaring one is refused before a parser sees it:
 * that is where entity-expansion (billion laughs) and external-entity attacks live. Matched
 * case-insensitively because lenient parsers accept `<!doctype`.
 */
const DOCTYPE = /<!DOCTYPE/i;
const ENTITY = /<!ENTITY/i;

type OrderedNode = Record<string, OrderedNode[] | string>;

// preserveOrder keeps text and CDATA apart and in order, so CDATA is taken verbatim and only
// plain text gets entity decoding; entity processing stays off as a second line of defence.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // The parser would rename fields such as `toString`; ours land in prototype-free records, where
  // they are harmless, so WeChat's names are kept exact. `__proto__` and `constructor` still throw.
  onDangerousProperty: (name: string) => name,
});

export function parseWeChatXml(text: string): XmlResult {
  if (DOCTYPE.test(text)) return { ok: false, reason: 'doctype' };
  if (ENTITY.test(text)) return { ok: false, reason: 'entity' };
  if (XMLValidator.validate(text) !== true) return { ok: false, reason: 'malformed' };
  let tree: OrderedNode[];
  try {
    tree = parser.parse(text) as OrderedNode[];
  } catch {
    // The parser throws on element names such as `__proto__`; to us that is just bad input.
    return { ok: false, reason: 'malformed' };
  }
  const roots = tree.filter((node) => !('#text' in node));
  const root = roots[0];
  if (roots.length !== 1 || !root || !('xml' in root)) return { ok: false, reason: 'not_xml_root' };
  const value = elementValue(root.xml as OrderedNode[]);
  if (value === null) return { ok: false, reason: 'malformed' };
  // `<xml/>` or `<xml>text</xml>` carries no fields; an empty record lets validation say what is missing.
  return { ok: true, fields: isFields(value) ? value : emptyFields() };
}

/** An element holding other elements becomes a record; one holding only text becomes that text. */
function elementValue(children: OrderedNode[]): FieldValue | null {
  const elements = children.filter((child) => !('#text' in child) && !('#cdata' in child));
  if (elements.length === 0) return textOf(children);
  const fields = emptyFields();
  for (const element of elements) {
    const [name] = Object.keys(element);
    if (name === undefined) continue;
    const value = elementValue(element[name] as OrderedNode[]);
    if (value === null) return null;
    const previous = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (previous === undefined) fields[name] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else fields[name] = [previous, value];
  }
  return fields;
}

/**
 * CDATA is kept exactly, spaces included (it is what the user typed). Plain text is trimmed,
 * since around CDATA or inside numeric fields whitespace is only layout, and entity-decoded.
 */
function textOf(children: OrderedNode[]): string | null {
  let out = '';
  for (const child of children) {
    if ('#cdata' in child) out += cdataText(child['#cdata'] as OrderedNode[]);
    else {
      const decoded = decodeEntities(String(child['#text']).trim());
      if (decoded === null) return null;
      out += decoded;
    }
  }
  return out;
}

const cdataText = (parts: OrderedNode[]): string => parts.map((part) => String(part['#text'] ?? '')).join('');

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Only XML's five predefined entities and character references exist without a DTD. */
function decodeEntities(text: string): string | null {
  let invalid = false;
  const decoded = text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (_, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)) return String.fromCodePoint(code);
    } else if (Object.hasOwn(PREDEFINED, ref)) return PREDEFINED[ref]!;
    invalid = true;
    return '';
  });
  return invalid ? null : decoded;
}
