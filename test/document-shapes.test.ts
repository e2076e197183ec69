// The document as client generators read it: answers by name, timestamps as date-time, request
// fields with defaults optional, patterns that mean what the service means, examples that are valid.
import { describe, expect, it } from "vitest";
import { type Document, dereference, documentAjv, isObject, type Json } from "./contract";
import { call } from "./helpers";

const doc = await (await call("/openapi.json")).json<Document>();
const components = doc.components?.schemas ?? {};

interface Located {
  where: string;
  schema: Json;
  /** Part of what clients send (a parameter or a request body), not of an answer. */
  request: boolean;
}

/** Every schema in the document, nested ones too, with where it is. */
function* schemas(): Generator<Located> {
  function* walk(schema: unknown, where: string, request: boolean): Generator<Located> {
    if (!isObject(schema)) return;
    yield { where, schema, request };
    for (const [key, value] of Object.entries(schema)) {
      if (key === "properties" && isObject(value)) {
        for (const [name, property] of Object.entries(value)) {
          yield* walk(property, `${where}.${name}`, request);
        }
      } else if (["items", "additionalProperties", "not"].includes(key)) {
        yield* walk(value, `${where}[]`, request);
      } else if (["allOf", "anyOf", "oneOf", "prefixItems"].includes(key) && Array.isArray(value)) {
        for (const [i, member] of value.entries())
          yield* walk(member, `${where}/${key}/${i}`, request);
      }
    }
  }
  for (const [name, schema] of Object.entries(components)) yield* walk(schema, name, false);
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const at = `${method.toUpperCase()} ${path}`;
      for (const p of operation.parameters ?? []) yield* walk(p.schema, `${at} ${p.name}`, true);
      for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) {
        yield* walk(media.schema, `${at} body (${type})`, true);
      }
      for (const [status, answer] of Object.entries(operation.responses)) {
        for (const media of Object.values(answer.content ?? {})) {
          yield* walk(media.schema, `${at} ${status}`, false);
        }
      }
    }
  }
}

/** Object schemas and their properties, with the object's `required`. */
function* properties() {
  for (const { where, schema, request } of schemas()) {
    if (!isObject(schema.properties)) continue;
    const required = (schema.required as string[] | undefined) ?? [];
    for (const [name, property] of Object.entries(schema.properties)) {
      yield { where: `${where}.${name}`, name, property: property as Json, required, request };
    }
  }
}

const TIMESTAMP = /^(timestamp|at|from|to)$|_at$/;

describe("the document, as a generated client reads it", () => {
  it("gives every timestamp the format date-time", () => {
    const timestamps = [...properties()].filter(({ name }) => TIMESTAMP.test(name));
    const parameters = Object.values(doc.paths)
      .flatMap((operations) => Object.values(operations))
      .flatMap((operation) => operation.parameters ?? [])
      .filter(({ name }) => TIMESTAMP.test(name));
    // The answers' and the analytics query's: created_at, due_at, timestamp, from, to, at, ...
    expect(timestamps.length + parameters.length).toBeGreaterThan(25);
    const untyped = [
      ...timestamps.filter(({ property }) => property.format !== "date-time").map((p) => p.where),
      ...parameters.filter((p) => p.schema.format !== "date-time").map((p) => `query ${p.name}`),
    ];
    expect(untyped).toEqual([]);
  });

  it("keeps defaults to what clients send, where a field with one is never required", () => {
    const defaulted = [...properties()].filter(({ property }) => "default" in property);
    expect(defaulted.map(({ where }) => where)).toContain(
      "POST /sessions/{session_id}/resolve body (application/json).outcome",
    );
    for (const { where, name, required, request } of defaulted) {
      // A generator reads a named component as an answer, where a default means "always there".
      expect(request, `${where}: a default outside a request`).toBe(true);
      expect(required, where).not.toContain(name);
    }
    for (const operations of Object.values(doc.paths)) {
      for (const operation of Object.values(operations)) {
        for (const parameter of operation.parameters ?? []) {
          if ("default" in parameter.schema) expect(parameter.required, parameter.name).toBe(false);
        }
      }
    }
  });

  it("names the schema of every successful JSON answer", () => {
    const unnamed: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, answer] of Object.entries(operation.responses)) {
          const schema = answer.content?.["application/json"]?.schema;
          if (!status.startsWith("2") || !schema) continue;
          if (!String(schema.$ref).startsWith("#/components/schemas/")) {
            unnamed.push(`${method.toUpperCase()} ${path} ${status}`);
          }
        }
      }
    }
    expect(unnamed).toEqual([]);
    const transition = doc.paths["/sessions/{session_id}/transfer"]?.post?.responses["200"];
    expect(transition?.content?.["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/SessionSummary",
    });
  });

  it("never lets null into a URL: no parameter is nullable", () => {
    const nullable = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.values(operations).flatMap((operation) =>
        (operation.parameters ?? [])
          .filter(({ schema }) => [schema.type].flat().includes("null"))
          .map(({ name }) => `${path} ${name}`),
      ),
    );
    expect(nullable).toEqual([]);
  });

  it("writes patterns as JSON Schema reads them (no regex flags), and every example is valid", () => {
    const ajv = documentAjv();
    const problems: string[] = [];
    let examples = 0;
    for (const { where, schema } of schemas()) {
      if (typeof schema.pattern === "string") {
        if (/\/[dgimsuvy]+$/.test(schema.pattern))
          problems.push(`${where}: flag in ${schema.pattern}`);
        expect(() => new RegExp(schema.pattern as string, "u"), where).not.toThrow();
      }
      if (!("example" in schema)) continue;
      examples++;
      const { example, ...rest } = schema;
      const validate = ajv.compile(dereference(rest, components) as Json);
      if (!validate(example)) problems.push(`${where}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(examples).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  it("describes a transfer as one of two shapes: to an agent, or to a team", () => {
    const body = doc.paths["/sessions/{session_id}/transfer"]?.post?.requestBody;
    expect(body?.required).toBe(true);
    expect(body?.content["application/json"]?.schema).toMatchObject({
      oneOf: [
        { type: "object", required: ["agent_id"], properties: { agent_id: {}, agent_name: {} } },
        { type: "object", required: ["team_id"], properties: { team_id: {} } },
      ],
    });
  });

  it("takes a resolution without a body", () => {
    const body = doc.paths["/sessions/{session_id}/resolve"]?.post?.requestBody;
    expect(body?.required).toBe(false);
  });
});
