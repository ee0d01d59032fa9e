/**
 * Writes the XML WeChat expects back: text in CDATA, integers bare (CreateTime, ArticleCount,
 * TimeStamp), elements in the order given. Each child goes on its own line, as in WeChat's own
 * samples; WeChat ignores the line breaks but people reading logs do not.
 */

export type XmlChild = readonly [name: string, value: XmlOut];
export type XmlOut = string | number | readonly XmlChild[];

/** `]]>` cannot appear inside CDATA, so it is split across two sections. */
const cdata = (text: string): string => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

function integer(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`XML integer field must be a safe integer, got ${value}`);
  return String(value);
}

function element(name: string, value: XmlOut): string {
  if (typeof value === 'string') return `<${name}>${cdata(value)}</${name}>`;
  if (typeof value === 'number') return `<${name}>${integer(value)}</${name}>`;
  return `<${name}>\n${value.map(([child, inner]) => `${element(child, inner)}\n`).join('')}</${name}>`;
}

/** A whole document: `<xml>` around the given children. */
export const buildWeChatXml = (children: readonly XmlChild[]): string => element('xml', children);
