// Creates, lists and completes a task with the typed client (run by system-tests' TypeScriptClientIT
// against the local stack). TODO_API_URL (default http://localhost:8080), TODO_USER_ID and TODO_TOKEN
// come from the environment; the local run command prints a token for demo-user.
import { createTodoClient, ProblemError, type Task } from "./client.js";

function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set`);
  }
  return value;
}

const api = createTodoClient(env("TODO_API_URL", "http://localhost:8080"), () => env("TODO_TOKEN"));
const user_id = env("TODO_USER_ID");

const created = await api.POST("/api/{user_id}/tasks", {
  params: { path: { user_id } },
  body: { title: "Try the typed client", priority: "high", tags: ["example"] },
});
if (created.data === undefined) {
  throw new ProblemError(created.response.status, created.error);
}
const task: Task = created.data;

const page = await api.GET("/api/{user_id}/tasks", {
  params: { path: { user_id }, query: { status: "pending", tag: ["example"], size: 50 } },
});
if (page.data === undefined) {
  throw new ProblemError(page.response.status, page.error);
}
const listed = page.data.some((t) => t.id === task.id);
const total = Number(page.response.headers.get("X-Total-Count"));

const etag = created.response.headers.get("ETag") ?? "*";
const completed = await api.PATCH("/api/{user_id}/tasks/{id}/complete", {
  params: { path: { user_id, id: task.id }, header: { "If-Match": etag } },
  body: { completed: true },
});
if (completed.data === undefined) {
  throw new ProblemError(completed.response.status, completed.error);
}
// completed_at is `string | null` in the generated types: the compiler makes us handle null.
const completedAt: string | null = completed.data.completed_at;
if (!listed || !completed.data.completed || completedAt === null) {
  throw new Error(`unexpected answers: listed=${listed} completed=${completed.data.completed} at=${completedAt}`);
}
console.log(JSON.stringify({ created: task.id, listed, total, completed: true, completed_at: completedAt }));
