import type { FieldError } from "../errors";

/** An RFC 9457 problem; `type` is a URI reference relative to the service, documented in docs/api.md. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** For a body larger than it may be: the most bytes it may have. */
  max_bytes?: number;
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  const body = { type: "about:blank", ...problem };
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: { "Content-Type": PROBLEM_CONTENT_TYPE, ...headers },
  });
}
