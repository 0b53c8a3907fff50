/** The `$id` a service registers its error response schema under (`app.addSchema`), and routes refer to. */
export const ERROR_RESPONSE_SCHEMA_ID = "ErrorResponse";

/** What a service's OpenAPI document says of its errors, beyond their shape. */
export interface ErrorResponseDocs {
  /** An error code of the service, shown as the example of `error.code`. */
  readonly codeExample: string;
  /** Which codes come with `error.errors`, and what it lists. */
  readonly errorsDescription: string;
  /** What `error.errors[].path` points into. */
  readonly pathDescription: string;
}

/**
 * The JSON Schema of `errorBody`'s output, `{ error: { code, message, errors? } }`, the one error response of
 * every service; register it once (`app.addSchema`) and refer to it with `errorResponseRef`.
 */
export function errorResponseSchema(docs: ErrorResponseDocs) {
  return {
    $id: ERROR_RESPONSE_SCHEMA_ID,
    type: "object",
    description: "Every error: a stable code to branch on and a message for people; never internals.",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { type: "string", examples: [docs.codeExample] },
          message: { type: "string" },
          errors: {
            type: "array",
            description: docs.errorsDescription,
            items: {
              type: "object",
              required: ["path", "keyword", "message"],
              properties: {
                path: { type: "string", description: docs.pathDescription },
                keyword: { type: "string" },
                message: { type: "string" },
              },
            },
          },
        },
      },
    },
  } as const;
}

/** A route's response for one error status: the error response schema, described for that route's status. */
export function errorResponseRef(description: string) {
  return { description, $ref: `${ERROR_RESPONSE_SCHEMA_ID}#` } as const;
}

/** The error responses the shared error handling gives for any body a service cannot read, by status. */
export const BODY_ERROR_RESPONSES = Object.freeze({
  413: errorResponseRef("body larger than the configured limit (PAYLOAD_TOO_LARGE)"),
  415: errorResponseRef("body not application/json (UNSUPPORTED_MEDIA_TYPE)"),
});
