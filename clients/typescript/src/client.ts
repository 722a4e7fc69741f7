import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, paths } from "./generated/todo-api.js";

/** A task as todo-api returns it (every field present; nullable ones typed `| null`). */
export type Task = components["schemas"]["TaskData"];
/** A task as a client writes it (POST, PUT). */
export type TaskRequest = components["schemas"]["TaskRequest"];
/** A JSON merge patch of a task (PATCH). */
export type TaskPatch = components["schemas"]["TaskPatch"];
/** The RFC 9457 body of every 4xx/5xx answer. */
export type Problem = components["schemas"]["Problem"];
export type TodoApi = Client<paths>;
export type { components, paths };

/**
 * A typed todo-api client: paths, parameters, bodies and answers are checked by the compiler against the
 * OpenAPI document the types were generated from. `token` is asked for on every request, so a frontend can
 * hand in its auth library's current (refreshed) JWT.
 */
export function createTodoClient(baseUrl: string, token: () => string | Promise<string>): TodoApi {
  const client = createClient<paths>({ baseUrl });
  const bearer: Middleware = {
    async onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${await token()}`);
      return request;
    },
  };
  client.use(bearer);
  return client;
}

/** An error carrying the problem+json body, for callers that prefer exceptions to `{ data, error }`. */
export class ProblemError extends Error {
  constructor(readonly status: number, readonly problem: Problem | undefined) {
    super(`${status} ${problem?.title ?? ""}: ${problem?.detail ?? ""}`.trim());
  }
}
