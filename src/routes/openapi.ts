// Small builders shared by the route definitions.

/** Security of an operation that needs a bearer token. */
export const BEARER = [{ bearerAuth: [] }];

/** A JSON response of `schema`. */
export const json = <T>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A required JSON request body of `schema`. */
export const jsonBody = <T>(schema: T) => ({
  body: { required: true, content: { "application/json": { schema } } },
});
