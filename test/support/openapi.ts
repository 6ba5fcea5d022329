/**
 * MultiSafepay's published OpenAPI files (test/fixtures/multisafepay-openapi, see its README) as
 * JSON Schemas Ajv can check: operations are found through docsopenapi.yaml's `paths` index, their
 * schemas dereferenced with json-schema-ref-parser, and checked by Ajv with real checks for the
 * formats the files name. Where the published files contradict their own examples, the schema is
 * relaxed in ONE place, `relax()` below, and nowhere else.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import $RefParser from '@apidevtools/json-schema-ref-parser';
import { Ajv2019 } from 'ajv/dist/2019.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

export const OPENAPI_DIR = fileURLToPath(new URL('../fixtures/multisafepay-openapi/', import.meta.url));

type Schema = Record<string, unknown>;
type Operation = {
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema; examples?: Record<string, { value: { $ref: string } }> }> }>;
};

/** The file docsopenapi.yaml names for an API path, and the operation in it. */
function operation(apiPath: string, method: 'get' | 'post' | 'patch'): { file: string; op: Operation } {
  const index = parseYaml(readFileSync(join(OPENAPI_DIR, 'docsopenapi.yaml'), 'utf8')) as { paths: Record<string, { $ref: string }> };
  const entry = index.paths[apiPath];
  if (!entry) throw new Error(`docsopenapi.yaml has no path ${apiPath}`);
  const file = join(OPENAPI_DIR, entry.$ref);
  const op = (parseYaml(readFileSync(file, 'utf8')) as Record<string, Operation>)[method];
  if (!op) throw new Error(`${apiPath} has no ${method}`);
  return { file, op };
}

async function dereference(file: string, schema: Schema): Promise<Schema> {
  // Only the schema is dereferenced, so the request examples' files need not be in the fixture.
  return (await $RefParser.dereference(file, schema, { dereference: { circular: false } })) as Schema;
}

/** The published request schema of an operation (with the request-side relaxations of `relax`). */
export async function requestSchema(apiPath: string, method: 'post' | 'patch'): Promise<Schema> {
  const { file, op } = operation(apiPath, method);
  const schema = op.requestBody?.content['application/json']?.schema;
  if (!schema) throw new Error(`${method} ${apiPath} has no request schema`);
  return relax(await dereference(file, schema), { answer: false });
}

/** The published response schema of an operation for one HTTP status. */
export async function responseSchema(apiPath: string, method: 'get' | 'post' | 'patch', status: number): Promise<Schema> {
  const { file, op } = operation(apiPath, method);
  const schema = op.responses[String(status)]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method} ${apiPath} has no ${status} response schema`);
  return relax(await dereference(file, schema), { answer: true });
}

/** A published schema file by its path under openapi/ (e.g. components/errors/Error1000.yaml). */
export async function componentSchema(path: string, options: { response: boolean }): Promise<Schema> {
  const file = join(OPENAPI_DIR, 'openapi', path);
  const schema = await dereference(file, parseYaml(readFileSync(file, 'utf8')) as Schema);
  return relax(schema, { answer: options.response });
}

/** The published answer examples of an operation and status: name → the file's exact text. */
export function responseExamples(apiPath: string, method: 'get' | 'post' | 'patch', status: number): Record<string, string> {
  const { file, op } = operation(apiPath, method);
  const examples = op.responses[String(status)]?.content?.['application/json']?.examples ?? {};
  return Object.fromEntries(
    Object.entries(examples).map(([name, example]) => [name, readFileSync(join(dirname(file), example.value.$ref), 'utf8')]),
  );
}

/**
 * An error envelope as the published error schema shows it: the files give one `example` per
 * property (no whole example), so the envelope is put together from those.
 */
export function errorExample(path: string): Record<string, unknown> {
  const schema = parseYaml(readFileSync(join(OPENAPI_DIR, 'openapi', path), 'utf8')) as { properties: Record<string, { example?: unknown; $ref?: string }> };
  return Object.fromEntries(
    Object.entries(schema.properties).map(([key, property]) => {
      if (property.$ref) {
        const target = parseYaml(readFileSync(join(OPENAPI_DIR, 'openapi', dirname(path), property.$ref), 'utf8')) as { example?: unknown };
        return [key, target.example];
      }
      return [key, property.example];
    }),
  );
}

/** A copy of a dereferenced schema with `change` applied to every schema object in it. */
function mapSchema(schema: Schema, change: (node: Schema) => unknown): Schema {
  // Dereferenced schemas share objects (never cycles: circular refs are refused above).
  const seen = new Map<object, unknown>();
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    if (!seen.has(node)) {
      const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
      seen.set(node, change(copy));
    }
    return seen.get(node);
  };
  return walk(schema) as Schema;
}

/**
 * THE ONE PLACE where the published schemas are relaxed, each for a contradiction inside the
 * published files themselves (their own examples or descriptions fail them):
 *
 * 1. Overlapping `oneOf`s: the create answer is `oneOf [postOrdersDirect, postOrdersRedirect]` and
 *    the PATCH body `oneOf [CancelOrder, ExtendKlarna, …]`, all open objects, so one value matches
 *    several branches and `oneOf` fails even the published examples: read as `anyOf`.
 * 2. `Customer.locale`: its description says "Dankort, set to `da_DK`", its enum lacks `da_DK`:
 *    the enum gets it.
 * 3. Answers only: no `nullable` anywhere, yet every published answer example carries nulls in
 *    typed fields (`var1`, `custom_info.custom_1`, `related_transactions`, customer fields): a
 *    typed property of an answer may also be null.
 * 4. Answers only: `DataEmpty` ("Empty", `type: object`) has the example `''`, 404Error's `data`
 *    (`type: object`) the example `[]`: an empty `data` may be `''` or `[]` as well as `{}`.
 * 5. Answers only: `costs` is `type: object` (Costs.yaml), yet every published order answer has an
 *    array of cost objects, one of them with `type: "withdraw"` outside Costs' enum [SYSTEM,
 *    internal]: costs is an array of cost objects, and a cost's type is open.
 * 6. Answers only: ids and codes whose JSON type the examples contradict (getOrder.json's
 *    `external_transaction_id: "812312381624212"` against `integer`; getOrder3DS.json's
 *    `authorization_code`, `response_code` strings against `integer`, `last4` and
 *    `card_expiry_date` numbers against `string`): each of these takes a string or a number.
 * 7. Answers only: AccountIBAN says IBANs are masked by default ("*** 1234") yet has `format:
 *    iban`: the masked form is an IBAN here too.
 * 8. Answers only: 404Error's `success` (`type: boolean`) has the example `"false"`, a string:
 *    `success` may be that string too.
 */
const SCALAR_DRIFT = ['external_transaction_id', 'authorization_code', 'response_code', 'card_expiry_date', 'last4'];

export function relax(schema: Schema, options: { answer: boolean }): Schema {
  return mapSchema(schema, (node) => {
    if (node.oneOf) {
      node.anyOf = node.oneOf;
      delete node.oneOf;
    }
    if (Array.isArray(node.enum) && node.enum.includes('nl_NL') && !node.enum.includes('da_DK')) node.enum = [...node.enum, 'da_DK'];
    if (!options.answer) return node;
    if (typeof node.type === 'string') node.type = [node.type, 'null'];
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
    if (node.format === 'iban') return { anyOf: [node, { type: 'string', pattern: '^\\*\\*\\* [A-Z0-9]{4}$' }] };
    const properties = node.properties as Record<string, Schema> | undefined;
    if (properties?.success && properties.error_code) properties.success = { anyOf: [properties.success, { enum: ['true', 'false'] }] };
    if (properties) {
      for (const key of SCALAR_DRIFT) if (properties[key]) properties[key] = { ...properties[key], type: ['string', 'number', 'null'] };
      const costs = properties.costs;
      if (costs && Array.isArray(costs.type) && costs.type[0] === 'object') {
        const cost = { ...costs, properties: { ...(costs.properties as Record<string, Schema>) } };
        if (cost.properties.type) cost.properties.type = { type: ['string', 'null'] };
        properties.costs = { anyOf: [cost, { type: ['array', 'null'], items: cost }] };
      }
    }
    const emptyData = node.description === 'Empty' || (Array.isArray(node.example) && node.example.length === 0 && Array.isArray(node.type) && node.type[0] === 'object');
    return emptyData ? { anyOf: [node, { const: '' }, { type: 'array', maxItems: 0 }] } : node;
  });
}

/**
 * Not a relaxation but a stricter reading, for what the console sends: the published objects are
 * open (any extra field passes), so this copy refuses fields no schema declares.
 */
export function closeObjects(schema: Schema): Schema {
  return mapSchema(schema, (node) => (node.properties ? { ...node, unevaluatedProperties: false } : node));
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2019) => Ajv2019;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Ajv for the published files: OpenAPI's annotation keywords known, every named format checked. */
export function createAjv(): Ajv2019 {
  const ajv = new Ajv2019({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  // OpenAPI 3.0 annotations: they describe, they do not constrain.
  ajv.addVocabulary(['example', 'x-hidden', 'x-readme', 'discriminator', 'xml', 'externalDocs']);
  const ipv6 = ajv.formats.ipv6 as RegExp;
  const formats: Record<string, RegExp | ((value: string) => boolean)> = {
    IPv4: IPV4,
    'IP address': (v) => IPV4.test(v) || ipv6.test(v),
    'country alpha-2': /^[A-Z]{2}$/,
    'ISO 3166-1 alpha-2': /^[A-Z]{2}$/,
    'ISO 3166 country code': /^[A-Z]{2}$/,
    'ISO 3166': /^[A-Z]{2}$/,
    'ab_CD with ISO 639 language codes and ISO 3166 country codes': /^[a-z]{2}_[A-Z]{2}$/,
    'ISO-4217 currency code': /^[A-Z]{3}$/,
    'ISO 4217': /^[A-Z]{3}$/,
    url: (v) => URL.canParse(v),
    URL: (v) => URL.canParse(v),
    'yyyy-mm-dd': /^\d{4}-\d{2}-\d{2}$/,
    'yyyy-MM-dd': /^\d{4}-\d{2}-\d{2}$/,
    iban: /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/,
    YYMM: /^\d{4}$/,
    'DD/MM/YYYY': /^\d{2}\/\d{2}\/\d{4}$/,
  };
  for (const [name, check] of Object.entries(formats)) {
    ajv.addFormat(name, check instanceof RegExp ? check : { type: 'string', validate: check });
  }
  return ajv;
}

/** Ajv's errors as short lines ("/data/amount must be integer"), for readable test failures. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}`);
}

export type { ValidateFunction };
