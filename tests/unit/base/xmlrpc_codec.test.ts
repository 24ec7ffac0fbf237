import { Readable } from 'node:stream';
import { faultResponse, methodResponse, parseMethodCall, serializeValue } from '../../../addons/base/rpc/xmlrpc_codec';
import { xmlRpcFault } from '../../../addons/base/rpc/errors';
import { AccessDenied, AccessError, MissingError, UserError, ValidationError } from '../../../addons/base/orm/exceptions';
// The npm xmlrpc package is what odoo-await, odoo-xmlrpc and odoo-xmlrpc-ts use on the wire.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const serializer = require('xmlrpc/lib/serializer');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Deserializer = require('xmlrpc/lib/deserializer');

const call = (body: string) => `<?xml version="1.0"?><methodCall><methodName>m</methodName><params><param>${body}</param></params></methodCall>`;
const one = (value: string) => parseMethodCall(call(value)).params[0];

function clientParse(xml: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    new Deserializer().deserializeMethodResponse(Readable.from([xml]), (error: unknown, value: unknown) => (error ? reject(error) : resolve(value)));
  });
}

describe('parseMethodCall', () => {
  test('what node-xmlrpc sends round-trips (execute_kw with nested values)', () => {
    const params = ['db', 2, 'pw', 'res.partner', 'search_read',
      [[['name', 'ilike', 'a<b & c'], '|', ['x', '=', false], ['y', 'in', [1, 2.5]]]],
      { fields: ['name', 'email'], limit: 5, context: { lang: 'en_US', nested: { deep: [true, null] } }, empty: {}, list: [], text: '' }];
    const xml = serializer.serializeMethodCall('execute_kw', params);
    const parsed = parseMethodCall(xml);
    expect(parsed.method).toBe('execute_kw');
    expect(parsed.params).toEqual(params);
  });

  test('CDATA sections (node-xmlrpc uses them for < and &)', () => {
    expect(one('<value><string><![CDATA[a <b> & c]]></string></value>')).toBe('a <b> & c');
    expect(one('<value><string>x<![CDATA[<y>]]>z</string></value>')).toBe('x<y>z');
  });

  test('an empty <value/> is "" (undefined in node-xmlrpc)', () => {
    expect(one('<value/>')).toBe('');
    expect(one('<value></value>')).toBe('');
    const xml = serializer.serializeMethodCall('m', [{ limit: undefined, offset: 0 }]);
    expect(parseMethodCall(xml).params[0]).toEqual({ limit: '', offset: 0 });
  });

  test('<nil/> is null and empty containers are empty', () => {
    expect(one('<value><nil/></value>')).toBeNull();
    expect(one('<value><string/></value>')).toBe('');
    expect(one('<value><struct/></value>')).toEqual({});
    expect(one('<value><array><data/></array></value>')).toEqual([]);
  });

  test('untyped <value>text</value> is a string, whitespace kept', () => {
    expect(one('<value>hello world</value>')).toBe('hello world');
    expect(one('<value>  42 </value>')).toBe('  42 ');
  });

  test('scalars: int, i4, i8, boolean, double, base64, dateTime, entities', () => {
    expect(one('<value><int>-7</int></value>')).toBe(-7);
    expect(one('<value><i4>12</i4></value>')).toBe(12);
    expect(one('<value><i8>4294967296</i8></value>')).toBe(4294967296);
    expect(one('<value><boolean>1</boolean></value>')).toBe(true);
    expect(one('<value><boolean>0</boolean></value>')).toBe(false);
    expect(one('<value><double>2.5</double></value>')).toBe(2.5);
    expect(one('<value><base64>aGVs\nbG8=</base64></value>')).toBe('aGVsbG8=');
    expect(one('<value><dateTime.iso8601>20240131T13:45:00</dateTime.iso8601></value>')).toBe('2024-01-31 13:45:00');
    expect(one('<value><string>a &amp; b &lt;c&gt;</string></value>')).toBe('a & b <c>');
  });

  test('nested struct and array with whitespace between elements', () => {
    const xml = call(`<value>
      <struct>
        <member><name>ids</name><value><array><data>
          <value><int>1</int></value>
          <value><int>2</int></value>
        </data></array></value></member>
        <member><name>inner</name><value><struct><member><name>k</name><value>v</value></member></struct></value></member>
      </struct>
    </value>`);
    expect(parseMethodCall(xml).params[0]).toEqual({ ids: [1, 2], inner: { k: 'v' } });
  });

  test('a call without params has an empty list', () => {
    expect(parseMethodCall('<?xml version="1.0"?><methodCall><methodName>version</methodName></methodCall>')).toEqual({ method: 'version', params: [] });
    expect(parseMethodCall('<methodCall><methodName>version</methodName><params/></methodCall>').params).toEqual([]);
  });

  test.each([
    ['not XML', 'hello'],
    ['no methodCall', '<?xml version="1.0"?><foo/>'],
    ['no methodName', '<methodCall><params/></methodCall>'],
    ['bad int', call('<value><int>abc</int></value>')],
    ['bad boolean', call('<value><boolean>yes</boolean></value>')],
    ['unknown type', call('<value><float>1</float></value>')],
    ['member without value', call('<value><struct><member><name>a</name></member></struct></value>')],
  ])('malformed request is a ValidationError: %s', (_label, xml) => {
    expect(() => parseMethodCall(xml)).toThrow(ValidationError);
  });
});

describe('responses', () => {
  test('node-xmlrpc reads our responses back', async () => {
    const value = { id: 3, name: 'a <b> & "c"', ok: true, none: null, ratio: 0.5, big: 2 ** 40, list: [1, 'x', [false]], empty: [], obj: {} };
    const parsed = await clientParse(methodResponse(value));
    expect(parsed).toEqual({ ...value, none: false, obj: {} });
  });

  test('control characters are stripped (XML 1.0 forbids them)', async () => {
    expect(await clientParse(methodResponse('a\u0001b\u0008c\td'))).toBe('abc\td');
  });

  test('null and undefined become false (Odoo cannot marshal None)', () => {
    expect(serializeValue(null)).toBe('<value><boolean>0</boolean></value>');
    expect(serializeValue(undefined)).toBe('<value><boolean>0</boolean></value>');
  });

  test('faults carry faultCode and faultString as node-xmlrpc expects', async () => {
    await expect(clientParse(faultResponse({ faultCode: 2, faultString: 'No & <way>' }))).rejects.toMatchObject({ faultCode: 2, faultString: 'No & <way>' });
  });

  test('fault codes follow Odoo: AccessError 4, AccessDenied 3, UserError family 2, others 1 without a stack trace', () => {
    expect(xmlRpcFault(new AccessError('no'))).toEqual({ faultCode: 4, faultString: 'no' });
    expect(xmlRpcFault(new AccessDenied())).toEqual({ faultCode: 3, faultString: 'Access Denied' });
    expect(xmlRpcFault(new UserError('u'))).toEqual({ faultCode: 2, faultString: 'u' });
    expect(xmlRpcFault(new ValidationError('v'))).toEqual({ faultCode: 2, faultString: 'v' });
    expect(xmlRpcFault(new MissingError('m'))).toEqual({ faultCode: 2, faultString: 'm' });
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const internal = xmlRpcFault(new TypeError('secret internals at /srv/x.ts:1'));
    quiet.mockRestore();
    expect(internal.faultCode).toBe(1);
    expect(internal.faultString).not.toMatch(/secret|\.ts/);
  });
});
