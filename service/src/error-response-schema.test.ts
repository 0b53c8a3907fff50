import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorBody, registerErrorHandling } from "./error-handling.js";
import {
  BODY_ERROR_RESPONSES,
  ERROR_RESPONSE_SCHEMA_ID,
  errorResponseRef,
  errorResponseSchema,
} from "./error-response-schema.js";

const DOCS = {
  codeExample: "THING_INVALID",
  errorsDescription: "For BAD_REQUEST: every issue found.",
  pathDescription: "JSON Pointer into the request",
};

describe("errorResponseSchema", () => {
  it("describes errorBody's shape, with the service's own documentation", () => {
    const schema = errorResponseSchema(DOCS);
    expect(schema.$id).toBe(ERROR_RESPONSE_SCHEMA_ID);
    expect(schema.required).toEqual(["error"]);
    const error = schema.properties.error;
    expect(error.required).toEqual(["code", "message"]);
    expect(Object.keys(error.properties)).toEqual(["code", "message", "errors"]);
    expect(error.properties.code.examples).toEqual(["THING_INVALID"]);
    expect(error.properties.errors.description).toBe(DOCS.errorsDescription);
    expect(error.properties.errors.items.required).toEqual(["path", "keyword", "message"]);
    expect(error.properties.errors.items.properties.path.description).toBe(DOCS.pathDescription);
  });

  it("is referred to by $id, each status with its own description", () => {
    expect(errorResponseRef("no such thing (NOT_FOUND)")).toEqual({
      description: "no such thing (NOT_FOUND)",
      $ref: "ErrorResponse#",
    });
    expect(Object.keys(BODY_ERROR_RESPONSES)).toEqual(["413", "415"]);
    expect(BODY_ERROR_RESPONSES[413].$ref).toBe("ErrorResponse#");
  });
});

describe("the error response schema in a service", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify({ logger: false, bodyLimit: 1_024 });
    registerErrorHandling(app, () => undefined);
    app.addSchema(errorResponseSchema(DOCS));
    app.post(
      "/things",
      {
        schema: {
          body: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
          response: { 201: { type: "object" }, 400: errorResponseRef("bad"), ...BODY_ERROR_RESPONSES },
        },
      },
      async (_request, reply) => reply.status(201).send({}),
    );
    app.get(
      "/leaky",
      { schema: { response: { 409: errorResponseRef("conflict") } } },
      async (_request, reply) =>
        reply.status(409).send({ error: { code: "CONFLICT", message: "taken", stack: "at secret.ts:1" } }),
    );
    await app.ready();
  });
  afterAll(() => app.close());

  it("serialises the shared handler's answers unchanged, issues included", async () => {
    const invalid = await app.inject({ method: "POST", url: "/things", payload: { name: { first: "a" } } });
    expect(invalid.statusCode).toBe(400);
    const body = invalid.json();
    expect(body.error.code).toBe("BAD_REQUEST");
    expect(body.error.errors).toEqual([{ path: "body/name", keyword: "type", message: "must be string" }]);
    expect(body).toEqual(errorBody("BAD_REQUEST", body.error.message, body.error.errors));

    const tooLarge = await app.inject({
      method: "POST",
      url: "/things",
      payload: { name: "x".repeat(2_000) },
    });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toEqual(errorBody("PAYLOAD_TOO_LARGE", "the request body is too large"));

    const notJson = await app.inject({
      method: "POST",
      url: "/things",
      headers: { "content-type": "application/xml" },
      payload: "<name/>",
    });
    expect(notJson.statusCode).toBe(415);
    expect(notJson.json().error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("sends only the fields it declares: no internals", async () => {
    const response = await app.inject({ method: "GET", url: "/leaky" });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({ error: { code: "CONFLICT", message: "taken" } });
  });
});
