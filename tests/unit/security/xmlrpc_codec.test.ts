/** The XML-RPC parser against hostile XML: no entity expansion, no external entities, bounded depth. */
import { parseMethodCall } from '../../../addons/base/rpc/xmlrpc_codec';
import { ValidationError } from '../../../addons/base/orm/exceptions';

const call = (value: string, prolog = '') => `<?xml version="1.0"?>${prolog}<methodCall><methodName>m</methodName><params><param><value>${value}</value></param></params></methodCall>`;

describe('XML-RPC codec under hostile input', () => {
  test('nested entity definitions (billion laughs) are not expanded', () => {
    const entities = ['<!ENTITY lol "lollollollollollollollollollol">'];
    for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const started = Date.now();
    let parsed: { params: unknown[] } | null = null;
    try {
      parsed = parseMethodCall(call('<string>&lol9;</string>', `<!DOCTYPE lolz [${entities.join('')}]>`));
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
    }
    expect(Date.now() - started).toBeLessThan(2000);
    if (parsed) expect(JSON.stringify(parsed.params).length).toBeLessThan(100);
  });

  test('an external entity is never read', () => {
    let text = '';
    try {
      text = JSON.stringify(parseMethodCall(call('<string>&xxe;</string>', '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')).params);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
    }
    expect(text).not.toMatch(/root:/);
  });

  test('the predefined entities still decode', () => {
    expect(parseMethodCall(call('<string>a &lt;b&gt; &amp; c</string>')).params).toEqual(['a <b> & c']);
  });

  test('deep nesting is a ValidationError, not a stack overflow', () => {
    const depth = 50_000;
    const xml = call(`${'<array><data><value>'.repeat(depth)}1${'</value></data></array>'.repeat(depth)}`);
    expect(() => parseMethodCall(xml)).toThrow(ValidationError);
  });

  test.each([
    ['garbage', 'not xml at all <<<'],
    ['no methodName', '<methodCall><params/></methodCall>'],
    ['bad int', call('<int>12abc</int>')],
    ['bad boolean', call('<boolean>yes</boolean>')],
    ['bad double', call('<double>NaN</double>')],
    ['unknown type', call('<object>1</object>')],
    ['member without name', call('<struct><member><value><int>1</int></value></member></struct>')],
  ])('%s is a ValidationError with a message', (_label, xml) => {
    expect(() => parseMethodCall(xml)).toThrow(/Malformed XML-RPC request/);
  });
});
