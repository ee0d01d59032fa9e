import { describe, expect, it } from 'vitest';
import { parseWeChatXml } from './xml';
import { buildWeChatXml } from './xml-build';

const fieldsOf = (xml: string) => {
  const result = parseWeChatXml(xml);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.fields;
};

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xml><Content>&lol3;</Content></xml>`;

describe('parseWeChatXml', () => {
  it('keeps every value as the exact text sent, MsgId included', () => {
    const fields = fieldsOf('<xml><CreateTime>1409735668</CreateTime><MsgId>6054768590064713728</MsgId><Scale>010</Scale></xml>');
    expect(fields).toEqual({ CreateTime: '1409735668', MsgId: '6054768590064713728', Scale: '010' });
  });

  it('keeps CDATA verbatim, spaces and markup-like text included', () => {
    expect(fieldsOf('<xml><Content><![CDATA[  a &amp; <b> ]]></Content></xml>').Content).toBe('  a &amp; <b> ');
    expect(fieldsOf('<xml><Empty><![CDATA[]]></Empty><Bare></Bare><Closed/></xml>')).toEqual({ Empty: '', Bare: '', Closed: '' });
  });

  it('drops layout whitespace around CDATA and inside plain values', () => {
    expect(fieldsOf('<xml>\n  <A>\n    <![CDATA[x]]>\n  </A>\n  <B> 12 </B>\n</xml>')).toEqual({ A: 'x', B: '12' });
  });

  it('decodes the predefined entities and character references in plain text only', () => {
    expect(fieldsOf('<xml><A>a &amp; b &lt;&gt; &quot;&apos; &#20013;&#x6587;</A></xml>').A).toBe('a & b <> "\' 中文');
  });

  it('reads nested elements as records and repeated ones as lists', () => {
    const fields = fieldsOf('<xml><Outer><List><Id>1</Id></List><List><Id>2</Id></List></Outer><One><Id>3</Id></One></xml>');
    expect(fields).toEqual({ Outer: { List: [{ Id: '1' }, { Id: '2' }] }, One: { Id: '3' } });
  });

  it('accepts an XML declaration and comments', () => {
    expect(fieldsOf('<?xml version="1.0" encoding="UTF-8"?>\n<!-- push --><xml><A>1</A></xml>\n')).toEqual({ A: '1' });
  });

  it('treats field names that are Object.prototype members as plain data', () => {
    const fields = fieldsOf('<xml><hasOwnProperty>x</hasOwnProperty><valueOf>y</valueOf><toString>z</toString></xml>');
    expect(fields).toEqual({ hasOwnProperty: 'x', valueOf: 'y', toString: 'z' });
    expect(Object.getPrototypeOf(fields)).toBeNull();
  });

  it('reads an empty root as no fields', () => {
    expect(fieldsOf('<xml/>')).toEqual({});
  });
});

describe('parseWeChatXml refuses', () => {
  it.each([
    ['billion laughs', BILLION_LAUGHS, 'doctype'],
    ['an external entity', '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><A>&xxe;</A></xml>', 'doctype'],
    ['a lower-case doctype', '<!doctype xml><xml><A>1</A></xml>', 'doctype'],
    ['an entity declaration without a doctype', '<xml><A><!ENTITY a "b"></A></xml>', 'entity'],
    ['an undeclared named entity', '<xml><A>&lol;</A></xml>', 'malformed'],
    ['a character reference to a surrogate', '<xml><A>&#xD800;</A></xml>', 'malformed'],
    ['mismatched tags', '<xml><A>1</B></xml>', 'malformed'],
    ['an unclosed root', '<xml><A>1</A>', 'malformed'],
    ['plain text', 'hello', 'malformed'],
    ['an empty body', '', 'malformed'],
    ['JSON', '{"MsgType":"text"}', 'malformed'],
    ['a __proto__ element', '<xml><__proto__><polluted>1</polluted></__proto__></xml>', 'malformed'],
    ['a constructor element', '<xml><constructor>1</constructor></xml>', 'malformed'],
    ['another root element', '<message><A>1</A></message>', 'not_xml_root'],
    ['two roots', '<xml><A>1</A></xml><xml><A>2</A></xml>', 'malformed'],
    ['a second, different root element', '<xml><A>1</A></xml><other/>', 'not_xml_root'],
  ])('%s', (_, xml, reason) => {
    expect(parseWeChatXml(xml)).toEqual({ ok: false, reason });
  });

  it('leaves Object.prototype untouched', () => {
    parseWeChatXml('<xml><__proto__><polluted>1</polluted></__proto__></xml>');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('buildWeChatXml', () => {
  it('writes strings as CDATA, integers bare, children one per line', () => {
    expect(buildWeChatXml([['A', 'x'], ['N', 12], ['Box', [['B', 'y']]]])).toBe(
      '<xml>\n<A><![CDATA[x]]></A>\n<N>12</N>\n<Box>\n<B><![CDATA[y]]></B>\n</Box>\n</xml>',
    );
  });

  it('survives text that contains the CDATA terminator', () => {
    const tricky = 'a]]>b]]]]>c<![CDATA[d';
    const xml = buildWeChatXml([['Content', tricky]]);
    expect(parseWeChatXml(xml)).toEqual({ ok: true, fields: { Content: tricky } });
  });

  it('refuses numbers that would not print as integers', () => {
    expect(() => buildWeChatXml([['CreateTime', 1.5]])).toThrow(RangeError);
    expect(() => buildWeChatXml([['CreateTime', Number.NaN]])).toThrow(RangeError);
  });
});
