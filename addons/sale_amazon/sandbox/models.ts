/**
 * Amazon's official models, loaded once: the operation table (method, path, parameters, usage
 * plan) and ajv validators for every request and every response the sandbox handles.
 *
 * Requests are checked as Amazon would: unknown or malformed parameters are the caller's fault
 * (400). Responses are checked strictly (no property the model does not declare), because a
 * response that does not conform is a sandbox bug, not something a client should learn to accept.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const MODELS_DIR = path.join(__dirname, 'models');

/** Our api ids (the prefix of operation keys in sp_api/usage_plans.ts) → model file. */
export const MODEL_FILES = {
  ordersV0: 'ordersV0.json',
  orders2026: 'orders_2026-01-01.json',
  feeds: 'feeds_2021-06-30.json',
  reports: 'reports_2021-06-30.json',
  financesV0: 'financesV0.json',
  finances2024: 'finances_2024-06-19.json',
  sellers: 'sellers.json',
  tokens: 'tokens_2021-03-01.json',
} as const;
export type ApiId = keyof typeof MODEL_FILES;

type Json = Record<string, any>;

export interface ModelParameter {
  name: string;
  in: 'query' | 'path' | 'body' | 'header';
  required: boolean;
  type?: string;
  itemsType?: string;
}

export interface ModelOperation {
  /** `<api>.<operationId>`, e.g. `ordersV0.getOrders`. */
  key: string;
  api: ApiId;
  operationId: string;
  method: string;
  pathTemplate: string;
  pathRegex: RegExp;
  pathParamNames: string[];
  parameters: ModelParameter[];
  successStatus: number;
  responseStatuses: number[];
  /** The operation as written in the model, for its examples. */
  raw: Json;
}

export interface ValidationIssue {
  where: string;
  message: string;
}

const PARAM_SCHEMA_KEYS = ['type', 'items', 'enum', 'format', 'maxItems', 'minItems', 'maximum', 'minimum', 'maxLength', 'minLength', 'pattern', 'default'];

function strictClone(value: any): any {
  if (Array.isArray(value)) return value.map(strictClone);
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[k] = strictClone(v);
  if (out.properties && out.additionalProperties === undefined && !out.allOf) out.additionalProperties = false;
  return out;
}

export class SpApiModels {
  readonly operations: ModelOperation[] = [];
  readonly documents = new Map<ApiId, Json>();
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(dir = MODELS_DIR) {
    // Swagger 2 schemas are JSON Schema draft 4 plus vendor keys (x-*, example): not strict mode.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    // Swagger numeric formats that ajv-formats does not check by name.
    for (const f of ['int32', 'int64', 'double', 'float']) if (!this.ajv.formats[f]) this.ajv.addFormat(f, true);
    for (const [api, file] of Object.entries(MODEL_FILES) as [ApiId, string][]) {
      const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Json;
      this.documents.set(api, doc);
      this.ajv.addSchema({ definitions: doc.definitions ?? {} }, `${api}.json`);
      this.ajv.addSchema({ definitions: strictClone(doc.definitions ?? {}) }, `${api}.strict.json`);
      this.readOperations(api, doc);
    }
  }

  private readOperations(api: ApiId, doc: Json): void {
    for (const [template, item] of Object.entries<Json>(doc.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        if (!op || typeof op !== 'object' || !op.operationId) continue;
        const params: ModelParameter[] = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: Json) => ({
          name: p.name, in: p.in, required: !!p.required, type: p.type, itemsType: p.items?.type,
        }));
        const pathParamNames: string[] = [];
        const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => {
          pathParamNames.push(name);
          return '([^/]+)';
        });
        const statuses = Object.keys(op.responses).map(Number);
        this.operations.push({
          key: `${api}.${op.operationId}`, api, operationId: op.operationId, method: method.toUpperCase(),
          pathTemplate: template, pathRegex: new RegExp(`^${pattern}$`), pathParamNames, parameters: params,
          successStatus: statuses.filter((s) => s < 300).sort()[0] ?? 200, responseStatuses: statuses, raw: op,
        });
      }
    }
    // Literal segments win over parameters (/documents/x before /{feedId}), as in any router.
    this.operations.sort((a, b) => b.pathTemplate.replace(/\{[^}]+\}/g, '').length - a.pathTemplate.replace(/\{[^}]+\}/g, '').length);
  }

  operation(key: string): ModelOperation {
    const op = this.operations.find((o) => o.key === key);
    if (!op) throw new Error(`no operation ${key} in the models`);
    return op;
  }

  /** The operation a request targets, with its decoded path parameters. */
  route(method: string, pathname: string): { op: ModelOperation; pathParams: Record<string, string> } | null {
    for (const op of this.operations) {
      if (op.method !== method) continue;
      const m = op.pathRegex.exec(pathname);
      if (!m) continue;
      const pathParams: Record<string, string> = {};
      op.pathParamNames.forEach((name, i) => (pathParams[name] = decodeURIComponent(m[i + 1]!)));
      return { op, pathParams };
    }
    return null;
  }

  /**
   * Converts raw query strings to typed values the way Amazon reads them (arrays are
   * comma-separated, integers and booleans parsed) and checks them with the model's rules.
   */
  validateRequest(op: ModelOperation, query: Record<string, string>, pathParams: Record<string, string>, body: unknown):
    { issues: ValidationIssue[]; params: Record<string, unknown> } {
    const issues: ValidationIssue[] = [];
    const params: Record<string, unknown> = {};
    const declared = new Map(op.parameters.map((p) => [p.name, p]));
    for (const name of Object.keys(query)) {
      if (declared.get(name)?.in !== 'query') issues.push({ where: `query.${name}`, message: `unknown query parameter ${name}` });
    }
    for (const p of op.parameters) {
      if (p.in !== 'query' && p.in !== 'path') continue;
      const raw = p.in === 'query' ? query[p.name] : pathParams[p.name];
      if (raw === undefined) {
        if (p.required) issues.push({ where: `${p.in}.${p.name}`, message: `${p.name} is required` });
        continue;
      }
      params[p.name] = coerce(raw, p.type, p.itemsType);
    }
    const schema = this.paramSchema(op);
    if (!schema(params)) issues.push(...(schema.errors ?? []).map((e) => ({ where: `params${e.instancePath}`, message: e.message ?? 'invalid' })));
    const bodyParam = op.parameters.find((p) => p.in === 'body');
    if (bodyParam) {
      if (body === undefined) {
        if (bodyParam.required) issues.push({ where: 'body', message: 'a JSON body is required' });
      } else {
        const validate = this.bodyValidator(op);
        if (!validate(body)) issues.push(...(validate.errors ?? []).map((e) => ({ where: `body${e.instancePath}`, message: e.message ?? 'invalid' })));
      }
    }
    return { issues, params };
  }

  /** Checks a response body against the schema the model gives for that status. */
  validateResponse(op: ModelOperation, status: number, body: unknown): ValidationIssue[] {
    if (!op.responseStatuses.includes(status)) return [{ where: 'status', message: `${op.key} does not declare status ${status}` }];
    const response = op.raw.responses[String(status)] as Json;
    if (!response.schema) {
      return body === undefined || body === null ? [] : [{ where: 'body', message: `status ${status} has no body in the model` }];
    }
    const cacheKey = `${op.key}#${status}`;
    let validate = this.validators.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(this.localise(op.api, response.schema, true));
      this.validators.set(cacheKey, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => ({ where: `response${e.instancePath}`, message: `${e.message ?? 'invalid'} ${e.params ? JSON.stringify(e.params) : ''}`.trim() }));
  }

  /** Checks an arbitrary value against a named definition (used by tests on examples). */
  validateDefinition(api: ApiId, definition: string, value: unknown, strict = true): ValidationIssue[] {
    const key = `${api}#${definition}#${strict}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${api}${strict ? '.strict' : ''}.json#/definitions/${definition}` });
      this.validators.set(key, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map((e) => ({ where: e.instancePath, message: e.message ?? 'invalid' }));
  }

  private paramSchema(op: ModelOperation): ValidateFunction {
    const key = `${op.key}#params`;
    let validate = this.validators.get(key);
    if (!validate) {
      const properties: Json = {};
      for (const p of [...(this.documents.get(op.api)!.paths[op.pathTemplate].parameters ?? []), ...(op.raw.parameters ?? [])] as Json[]) {
        if (p.in !== 'query' && p.in !== 'path') continue;
        properties[p.name] = Object.fromEntries(Object.entries(p).filter(([k]) => PARAM_SCHEMA_KEYS.includes(k)));
      }
      validate = this.ajv.compile({ type: 'object', properties });
      this.validators.set(key, validate);
    }
    return validate;
  }

  private bodyValidator(op: ModelOperation): ValidateFunction {
    const key = `${op.key}#body`;
    let validate = this.validators.get(key);
    if (!validate) {
      const bodyParam = (op.raw.parameters as Json[]).find((p) => p.in === 'body')!;
      validate = this.ajv.compile(this.localise(op.api, bodyParam.schema, false));
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** Rewrites the model's local refs (#/definitions/X) to the registered document. */
  private localise(api: ApiId, schema: Json, strict: boolean): Json {
    const target = `${api}${strict ? '.strict' : ''}.json#/definitions/`;
    const walk = (v: any): any => {
      if (Array.isArray(v)) return v.map(walk);
      if (!v || typeof v !== 'object') return v;
      const out: Json = {};
      for (const [k, x] of Object.entries(v)) out[k] = k === '$ref' && typeof x === 'string' ? x.replace('#/definitions/', target) : walk(x);
      if (strict && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
      return out;
    };
    return walk(schema);
  }
}

function coerce(raw: string, type: string | undefined, itemsType: string | undefined): unknown {
  if (type === 'array') return raw.split(',').map((v) => coerce(v, itemsType, undefined));
  if (type === 'integer' || type === 'number') return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

let shared: SpApiModels | undefined;
/** The models are big; every sandbox in a process shares one parsed copy. */
export function loadModels(): SpApiModels {
  return (shared ??= new SpApiModels());
}
