// Every answer a test receives is held against the OpenAPI document the service publishes: the
// status must be declared for the operation, the content type too, the body must validate against
// the declared schema with no undeclared property, and the headers the API speaks (X-Request-Id,
// WWW-Authenticate, Retry-After, ...) must be declared where they are sent and sent where required.
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";

export type Json = Record<string, unknown>;

interface HeaderSpec {
  required?: boolean;
}

interface ResponseSpec {
  headers?: Record<string, HeaderSpec>;
  content?: Record<string, { schema: Json }>;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema: Json;
}

export interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Json }> };
  responses: Record<string, ResponseSpec>;
}

export interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Json> };
}

/** Headers that are part of the API's own vocabulary: sent only where the document declares them. */
const API_HEADERS = [
  "x-request-id",
  "x-d1-bookmark",
  "www-authenticate",
  "retry-after",
  "allow",
  "upgrade",
];

export class ContractViolation extends Error {
  override name = "ContractViolation";
}

export interface Contract {
  /** Throws a ContractViolation unless `response` (to `method` `url`) is what the document says. */
  check(method: string, url: string, response: Response): Promise<void>;
}

/** An ajv for the document's schemas (2020-12, every format, the OpenAPI keywords as annotations). */
export function documentAjv(options: { coerceTypes?: boolean } = {}) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, ...options });
  addFormats(ajv);
  ajv.addVocabulary(["example", "discriminator", "xml", "externalDocs"]);
  return ajv;
}

/** The operation of the document that `method` `pathname` is, with its path parameters (raw). */
export function operationFinder(paths: Record<string, Record<string, Operation>>) {
  const routes = Object.entries(paths).map(([template, operations]) => ({
    pattern: new RegExp(`^${template.replace(/\{([^}]+)\}/g, "(?<$1>[^/]+)")}$`),
    operations,
  }));
  return (method: string, pathname: string) => {
    for (const { pattern, operations } of routes) {
      const match = pattern.exec(pathname);
      const operation = match && operations[method.toLowerCase()];
      if (operation) return { operation, params: { ...match.groups } };
    }
    return undefined;
  };
}

export function contractOf(doc: Document): Contract {
  const ajv = documentAjv();
  const validators = new Map<Json, ValidateFunction>();
  const components = doc.components?.schemas ?? {};
  const find = operationFinder(doc.paths);

  const validatorFor = (schema: Json) => {
    let validate = validators.get(schema);
    if (!validate) {
      validate = ajv.compile(closed(dereference(schema, components)));
      validators.set(schema, validate);
    }
    return validate;
  };

  return {
    async check(method, url, response) {
      const { pathname } = new URL(url);
      const operation = find(method, pathname)?.operation;
      // Unknown paths and methods (404, 405) and preflights are no operation of the document.
      if (!operation) return;
      const where = `${method} ${pathname} answered ${response.status}`;
      const spec = operation.responses[String(response.status)] ?? operation.responses.default;
      if (!spec) {
        throw new ContractViolation(
          `${where}, a status not declared for ${operation.operationId} (declared: ${Object.keys(operation.responses).join(", ")})`,
        );
      }
      const declared = Object.fromEntries(
        Object.entries(spec.headers ?? {}).map(([name, header]) => [name.toLowerCase(), header]),
      );
      for (const name of API_HEADERS) {
        if (response.headers.has(name) && !declared[name]) {
          throw new ContractViolation(`${where} with the undeclared header ${name}`);
        }
      }
      for (const [name, header] of Object.entries(declared)) {
        if (header.required && !response.headers.has(name)) {
          throw new ContractViolation(`${where} without the required header ${name}`);
        }
      }
      if (!spec.content) return;
      const type = response.headers.get("Content-Type")?.split(";")[0]?.trim() ?? "";
      const media = spec.content[type];
      if (!media) {
        throw new ContractViolation(
          `${where} as ${type || "no content type"}; declared: ${Object.keys(spec.content).join(", ")}`,
        );
      }
      // A page (text/html) is held to its declared type only; JSON bodies to their schema too.
      if (method === "HEAD" || !type.endsWith("json")) return;
      const body: unknown = await response.clone().json();
      const validate = validatorFor(media.schema);
      if (!validate(body)) {
        throw new ContractViolation(
          `${where}: the body does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 2000)}`,
        );
      }
    },
  };
}

/** Inlines `#/components/schemas/...` references (the document has no recursive schemas). */
export function dereference(schema: unknown, components: Record<string, Json>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => dereference(item, components));
  if (!isObject(schema)) return schema;
  const ref = schema.$ref;
  if (typeof ref === "string") {
    const name = ref.replace("#/components/schemas/", "");
    const target = components[name];
    if (!target) throw new ContractViolation(`The document refers to a missing schema ${ref}`);
    return dereference(target, components);
  }
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, dereference(value, components)]),
  );
}

/**
 * Closes every object schema, so that a property the document does not declare fails validation.
 * Members of an allOf stay open; the schema holding the allOf is closed with unevaluatedProperties.
 */
function closed(schema: unknown, inAllOf = false): Json {
  if (!isObject(schema)) return schema as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "properties" && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, closed(v)]));
    } else if (key === "allOf" && Array.isArray(value)) {
      out[key] = value.map((member) => closed(member, true));
    } else if (["anyOf", "oneOf", "prefixItems"].includes(key) && Array.isArray(value)) {
      out[key] = value.map((member) => closed(member));
    } else if (key === "items" || key === "additionalProperties") {
      out[key] = isObject(value) ? closed(value) : value;
    } else {
      out[key] = value;
    }
  }
  const isObjectSchema = "properties" in out || "allOf" in out;
  if (!inAllOf && isObjectSchema && !("additionalProperties" in out)) {
    out.unevaluatedProperties = false;
  }
  return out;
}

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
