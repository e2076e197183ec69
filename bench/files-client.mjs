// The files check's client of the service: every request recorded (what it was for, its status, its
// X-Request-Id, to find its log line), every 5xx a failure, and the failures collected rather than
// thrown, so that one run reports all of them.

/** A client of `worker` (its url may change on a restart). */
export function filesClient(worker) {
  const requests = [];
  const failures = [];
  const expectThat = (ok, what) => {
    if (!ok) failures.push(typeof what === "function" ? what() : what);
    return ok;
  };

  /**
   * One request to `target` (a path, or a whole url): `json` or `bytes` as its body. Answers its
   * status, headers, body (parsed when JSON, else its bytes), duration and request id.
   */
  async function call(method, target, { token, json, bytes, headers = {}, kind } = {}) {
    const url = target.startsWith("http") ? target : `${worker.url}${target}`;
    const started = performance.now();
    const response = await fetch(url, {
      method,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(json !== undefined && { "content-type": "application/json" }),
        ...(bytes !== undefined && { "content-type": "application/octet-stream" }),
        ...headers,
      },
      body: json !== undefined ? JSON.stringify(json) : bytes,
    });
    const body = Buffer.from(await response.arrayBuffer());
    const ms = performance.now() - started;
    const requestId = response.headers.get("x-request-id");
    const path = new URL(url).pathname;
    requests.push({ kind, method, path, status: response.status, requestId, ms });
    if (response.status >= 500) {
      failures.push(
        `${method} ${path} answered ${response.status} (request ${requestId}): ${body.toString().slice(0, 300)}`,
      );
    }
    const isJson = /json/.test(response.headers.get("content-type") ?? "");
    return {
      status: response.status,
      headers: response.headers,
      body: isJson ? JSON.parse(body.toString()) : body,
      ms,
      requestId,
    };
  }

  /** Uploads `bytes` named `name` into a session. */
  const upload = (sessionId, name, bytes, token, kind = "upload") =>
    call("POST", `/sessions/${sessionId}/attachments?name=${encodeURIComponent(name)}`, {
      token,
      bytes,
      kind,
    });

  /** A file's signed links, for the holder of `token`. */
  const links = (sessionId, fileId, token) =>
    call("GET", `/sessions/${sessionId}/attachments/${fileId}`, { token, kind: "link" });

  /** Starts a customer's session: its id and the customer's token. */
  async function startSession() {
    const started = await call("POST", "/sessions", { json: {}, kind: "start" });
    if (started.status !== 201) throw new Error(`POST /sessions: ${started.status}`);
    return { id: started.body.id, token: started.body.customer_token.token };
  }

  return { call, upload, links, startSession, requests, failures, expectThat };
}

/** Null when a served body equals `expected`, else how it differs (for a failure's text). */
export function byteDifference(got, expected) {
  if (got.length !== expected.length) return `${got.length} bytes, expected ${expected.length}`;
  for (let i = 0; i < got.length; i++) {
    if (got[i] !== expected[i]) return `differs from byte ${i}`;
  }
  return null;
}
