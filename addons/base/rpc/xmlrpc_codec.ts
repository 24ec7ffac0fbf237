import { XMLParser } from 'fast-xml-parser';
import { ValidationError } from '../orm/exceptions';

type Node = Record<string, any>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  trimValues: false,
  parseTagValue: false,
  cdataPropName: '#cdata',
  processEntities: true,
});

const invalid = (why: string): never => {
  throw new ValidationError(`Malformed XML-RPC request: ${why}.`);
};

/** Parses a <methodCall> as real clients send it (CDATA, empty elements, <nil/>, untyped strings). */
export function parseMethodCall(xml: string): { method: string; params: unknown[] } {
  let tree: Node[];
  try {
    tree = parser.parse(xml, true);
  } catch (error) {
    return invalid((error as Error).message);
  }
  const call = find(tree, 'methodCall') ?? invalid('no <methodCall> element');
  const methodName = text(find(call, 'methodName') ?? invalid('no <methodName>')).trim();
  if (!methodName) invalid('empty <methodName>');
  const paramsNode = find(call, 'params') ?? [];
  const params = children(paramsNode, 'param').map((param) => parseValue(find(param, 'value') ?? invalid('<param> without <value>')));
  return { method: methodName, params };
}

function parseValue(value: Node[]): unknown {
  const typed = value.find((n) => !('#text' in n) && !('#cdata' in n));
  if (!typed) return text(value);
  const [tag] = Object.keys(typed);
  const content = typed[tag] as Node[];
  switch (tag) {
    case 'int': case 'i4': case 'i8': {
      const raw = text(content).trim();
      if (!/^[+-]?\d+$/.test(raw)) invalid(`<${tag}> holds ${JSON.stringify(raw)}`);
      return Number(raw);
    }
    case 'boolean': {
      const raw = text(content).trim();
      if (raw !== '0' && raw !== '1') invalid(`<boolean> holds ${JSON.stringify(raw)}`);
      return raw === '1';
    }
    case 'double': {
      const raw = Number(text(content).trim());
      if (!Number.isFinite(raw)) invalid('<double> is not a number');
      return raw;
    }
    case 'string': return text(content);
    case 'nil': return null;
    case 'dateTime.iso8601': {
      const raw = text(content).trim();
      const match = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(raw) ?? invalid(`bad dateTime ${raw}`);
      return `${match[1]}-${match[2]}-${match[3]} ${match[4]}:${match[5]}:${match[6]}`;
    }
    case 'base64': return text(content).replace(/\s+/g, '');
    case 'array': {
      const data = find(content, 'data') ?? [];
      return children(data, 'value').map(parseValue);
    }
    case 'struct': {
      const result: Record<string, unknown> = {};
      for (const member of children(content, 'member')) {
        const name = text(find(member, 'name') ?? invalid('<member> without <name>'));
        result[name] = parseValue(find(member, 'value') ?? invalid('<member> without <value>'));
      }
      return result;
    }
    default: return invalid(`unknown value type <${tag}>`);
  }
}

function find(nodes: Node[], tag: string): Node[] | undefined {
  const node = nodes.find((n) => tag in n);
  return node ? (node[tag] as Node[]) : undefined;
}
function children(nodes: Node[], tag: string): Node[][] {
  return nodes.filter((n) => tag in n).map((n) => n[tag] as Node[]);
}
function text(nodes: Node[]): string {
  return nodes.map((n) => ('#text' in n ? String(n['#text']) : '#cdata' in n ? text(n['#cdata'] as Node[]) : '')).join('');
}

const escapeXml = (value: string) => value
  // Control characters are not allowed in XML 1.0: dropped, as Odoo's marshaller does.
  .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
  .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function serializeValue(value: unknown): string {
  if (value === null || value === undefined) return '<value><boolean>0</boolean></value>';
  if (typeof value === 'boolean') return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
  if (typeof value === 'number') {
    return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? `<value><int>${value}</int></value>` : `<value><double>${value}</double></value>`;
  }
  if (typeof value === 'string') return `<value><string>${escapeXml(value)}</string></value>`;
  if (Array.isArray(value)) return `<value><array><data>${value.map(serializeValue).join('')}</data></array></value>`;
  if (typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>)
      .map(([key, v]) => `<member><name>${escapeXml(key)}</name>${serializeValue(v)}</member>`).join('');
    return `<value><struct>${members}</struct></value>`;
  }
  return `<value><string>${escapeXml(String(value))}</string></value>`;
}

export function methodResponse(value: unknown): string {
  return `<?xml version="1.0"?>\n<methodResponse><params><param>${serializeValue(value)}</param></params></methodResponse>\n`;
}

export function faultResponse(fault: { faultCode: number; faultString: string }): string {
  return `<?xml version="1.0"?>\n<methodResponse><fault>${serializeValue(fault)}</fault></methodResponse>\n`;
}
