// Every request a test sends is held against the document as its answer is: what the document says of
// the request (its path parameters, query and body) must be what the service's own request schemas
// say. The service's side is read from the zod schemas its routes validate with, fed the way Hono
// feeds them. A custom refinement the document cannot state (well-formed Unicode, hours that parse,
// "not both") is the service's alone; every other refusal is one the document must state too.
import type { OpenAPIHono, z } from "@hono/zod-openapi";
import { getQueryParams, tryDecodeURIComponent } from "hono/utils/url";
import {
  ContractViolation,
  type Document,
  dereference,
  documentAjv,
  type Json,
  operationFinder,
} from "./contract";

/** A request as both sides read it: its body as text ("" for none). */
export interface SentRequest {
  method: string;
  url: URL;
  contentType: string | null;
  body: string;
}

export async function sentRequest(request: Request): Promise<SentRequest> {
  const body = request.body ? await request.clone().text() : "";
  return {
    method: request.method,
    url: new URL(request.url),
    contentType: request.headers.get("Content-Type"),
    body,
  };
}

/** Why the document refuses a request (empty: it accepts it); undefined for no operation of it. */
export type DocumentJudge = (request: SentRequest) => string[] | undefined;

export function documentJudge(doc: Document): DocumentJudge {
  const components = doc.components?.schemas ?? {};
  const find = operationFinder(doc.paths);
  // Parameters arrive as text: `integer` reads "3" as 3, as a client's serializer writes it.
  const parameterAjv = documentAjv({ coerceTypes: true });
  const bodyAjv = documentAjv();
  const compiled = new Map<object, (data: unknown) => string | undefined>();
  /** A check of `schema`, compiled once for `key` (a parameter or body of the document). */
  const validatorFor = (
    key: object,
    ajv: ReturnType<typeof documentAjv>,
    schema: Json,
    dataVar: string,
  ) => {
    let check = compiled.get(key);
    if (!check) {
      const validate = ajv.compile(dereference(schema, components) as Json);
      check = (data) => (validate(data) ? undefined : ajv.errorsText(validate.errors, { dataVar }));
      compiled.set(key, check);
    }
    return check;
  };

  return ({ method, url, contentType, body }) => {
    const found = find(method, url.pathname);
    if (!found) return undefined;
    const { operation } = found;
    const refusals: string[] = [];
    const query = getQueryParams(url.href) as Record<string, string[]>;
    for (const parameter of operation.parameters ?? []) {
      const values =
        parameter.in === "path"
          ? [tryDecodeURIComponent(found.params[parameter.name] ?? "")]
          : parameter.in === "query"
            ? query[parameter.name]
            : undefined;
      if (!values) {
        if (parameter.required) refusals.push(`${parameter.in} ${parameter.name} is required`);
        continue;
      }
      // Wrapped in an object, so that ajv can coerce the value in place.
      const holder = { [parameter.name]: values.length === 1 ? values[0] : values };
      const wrapper = { type: "object", properties: { [parameter.name]: parameter.schema } };
      const problem = validatorFor(parameter, parameterAjv, wrapper, parameter.in)(holder);
      if (problem) refusals.push(problem);
    }
    const spec = operation.requestBody;
    if (spec && body === "") {
      if (spec.required) refusals.push("a body is required");
    } else if (spec) {
      const media = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
      const schema = spec.content[media]?.schema;
      if (!schema) refusals.push(`the body's type ${media || "(none)"} is not declared`);
      else if (media === "application/json") {
        const parsed = parseJson(body);
        if (!parsed.ok) refusals.push("the body is not JSON");
        else {
          const problem = validatorFor(schema, bodyAjv, schema, "body")(parsed.value);
          if (problem) refusals.push(problem);
        }
      }
    }
    return refusals;
  };
}

/** What the service's request schemas say of a request. */
export interface ServiceVerdict {
  /** Refused before any schema is asked: a Content-Type other than JSON, or a body that is not JSON. */
  unreadable: boolean;
  /** Refusals a JSON Schema can state (types, lengths, patterns, enums...), not custom refinements. */
  structural: string[];
}

export type ServiceJudge = (request: SentRequest) => ServiceVerdict | undefined;

interface RouteRequest {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: { required?: boolean; content: Record<string, { schema: unknown }> };
}

export function serviceJudge(app: Pick<OpenAPIHono, "openAPIRegistry">): ServiceJudge {
  // The routes' request schemas, placed as the document places operations.
  const paths: Record<string, Record<string, RouteRequest & { responses: object }>> = {};
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== "route") continue;
    const { method, path, request } = definition.route;
    paths[path] = { ...paths[path], [method]: { ...(request as RouteRequest), responses: {} } };
  }
  const find = operationFinder(paths as unknown as Document["paths"]);

  return ({ method, url, contentType, body }) => {
    const found = find(method, url.pathname) as
      | { operation: RouteRequest; params: Record<string, string> }
      | undefined;
    if (!found) return undefined;
    const { operation } = found;
    const verdict: ServiceVerdict = { unreadable: false, structural: [] };
    const judge = (target: string, schema: z.ZodType | undefined, value: unknown) => {
      const result = schema?.safeParse(value);
      if (!result || result.success) return;
      for (const issue of result.error.issues) {
        if (issue.code !== "custom") {
          verdict.structural.push(`${[target, ...issue.path].join(".")}: ${issue.message}`);
        }
      }
    };
    // As Hono's validators read them: each query key once as text, a repeated one as a list.
    const query = Object.fromEntries(
      Object.entries(getQueryParams(url.href) as Record<string, string[]>).map(([key, values]) => [
        key,
        values.length === 1 ? values[0] : values,
      ]),
    );
    const params = Object.fromEntries(
      Object.entries(found.params).map(([key, value]) => [key, tryDecodeURIComponent(value)]),
    );
    judge("query", operation.query, query);
    judge("param", operation.params, params);
    const spec = operation.body;
    const schema = spec?.content["application/json"]?.schema as z.ZodType | undefined;
    if (!spec || !schema) return verdict;
    const media = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
    // An optional body left out reads as `{}` (routes/define-route.ts); a required one without a
    // Content-Type too, as Hono reads it; any other type is 415 before any schema is asked.
    if (body === "" && (spec.required === false || !contentType)) judge("body", schema, {});
    else if (media !== "application/json") verdict.unreadable = true;
    else {
      const parsed = parseJson(body);
      if (parsed.ok) judge("body", schema, parsed.value);
      else verdict.unreadable = true;
    }
    return verdict;
  };
}

/**
 * Throws a ContractViolation where the two sides disagree about `request`: the service accepted (2xx),
 * or read and found nothing wrong with, what the document refuses; or the document accepts what the
 * service's schemas refuse for a reason the document could state.
 */
export function holdRequest(
  request: SentRequest,
  documented: string[] | undefined,
  served: ServiceVerdict | undefined,
  response: Response,
) {
  if (!documented || !served) return;
  const where = `${request.method} ${request.url.pathname}${request.url.search} (body ${request.body.slice(0, 200) || "none"}) answered ${response.status}`;
  const schemasAccept = !served.unreadable && served.structural.length === 0;
  if (documented.length > 0 && (response.ok || schemasAccept)) {
    throw new ContractViolation(
      `${where}, ${response.ok ? "a success" : "and the service's schemas accept it"}, but the document refuses the request: ${documented.join("; ")}`,
    );
  }
  if (documented.length === 0 && served.structural.length > 0) {
    throw new ContractViolation(
      `${where}: the document accepts the request, but the service's schemas refuse it: ${served.structural.join("; ")}`,
    );
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
