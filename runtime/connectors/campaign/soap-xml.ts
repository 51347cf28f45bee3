// Just enough XML for Campaign's SOAP answers: elements with attributes, text, the five entities.
// No DTDs, no namespaces resolution (prefixes are kept in names); comments and declarations skipped.
export interface XmlNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlNode[];
  text: string;
}

const decode = (s: string): string =>
  s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (named[e] !== undefined) return named[e];
    return String.fromCodePoint(
      e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10),
    );
  });

export const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Parses a document into its root element; throws on unbalanced tags. */
export function parseXml(text: string): XmlNode {
  const root: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  const tag =
    /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let last = 0;
  for (const m of text.matchAll(tag)) {
    const top = stack[stack.length - 1] as XmlNode;
    top.text += decode(text.slice(last, m.index));
    last = (m.index ?? 0) + m[0].length;
    if (m[5] !== undefined) top.text += m[5];
    if (m[2] === undefined) continue;
    if (m[1] === '/') {
      if (stack.length < 2 || top.name !== m[2]) throw new SyntaxError(`unbalanced </${m[2]}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (m[3] ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
      attrs[a[1] ?? ''] = decode(a[2] ?? a[3] ?? '');
    const node: XmlNode = { name: m[2], attrs, children: [], text: '' };
    top.children.push(node);
    if (m[4] !== '/') stack.push(node);
  }
  if (stack.length !== 1) throw new SyntaxError('unclosed element');
  const first = root.children[0];
  if (!first) throw new SyntaxError('no root element');
  return first;
}

/** Local name (prefix dropped). */
export const localName = (n: XmlNode): string => n.name.slice(n.name.indexOf(':') + 1);

/** First descendant with this local name (depth first). */
export function find(n: XmlNode, name: string): XmlNode | undefined {
  for (const c of n.children) {
    if (localName(c) === name) return c;
    const deep = find(c, name);
    if (deep) return deep;
  }
  return undefined;
}
