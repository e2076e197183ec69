// Uploads through node:http, where fetch cannot go: a body sent chunked (no Content-Length), or a
// Content-Length that lies about the body that follows it. Answers what happened at the HTTP level.
import { request } from "node:http";

const CHUNK = 64 * 1024;

/**
 * POSTs `total` bytes to `url` (the first ones `head`, then zeros) with `headers`, writing on even
 * after an answer arrives, as a client that does not listen would. Resolves once the connection
 * closes with {status, body, requestId} of the answer if one came, the socket error if one came,
 * and how many bytes had been written when the answer (or else the close) came.
 */
export function rawUpload(url, headers, { head, total }) {
  const target = new URL(url);
  return new Promise((resolve) => {
    const outcome = { status: null, body: "", requestId: null, error: null, written: 0 };
    let written = 0;
    const req = request({
      host: target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      method: "POST",
      headers: { "content-type": "application/octet-stream", ...headers },
    });
    req.on("response", (res) => {
      outcome.status = res.statusCode;
      outcome.requestId = res.headers["x-request-id"] ?? null;
      outcome.written = written;
      res.on("data", (data) => {
        outcome.body += data;
      });
    });
    req.on("error", (error) => {
      outcome.error ??= error.code ?? error.message;
    });
    req.on("close", () => {
      if (outcome.status === null) outcome.written = written;
      resolve(outcome);
    });
    const zeros = Buffer.alloc(CHUNK);
    const write = () => {
      while (written < total && !req.destroyed) {
        const piece =
          written < head.length
            ? head.subarray(written, written + CHUNK)
            : zeros.subarray(0, Math.min(CHUNK, total - written));
        written += piece.length;
        if (!req.write(piece)) {
          req.once("drain", write);
          return;
        }
      }
      req.end();
    };
    write();
  });
}

/** An outcome in a few words, for the summary. */
export function describeOutcome({ status, requestId, error, written }) {
  const mib = (written / 1024 / 1024).toFixed(1);
  if (status === null) return `no answer, ${error ?? "closed"} after ${mib} MiB sent`;
  const from = requestId ? "" : " from wrangler dev's proxy";
  return `${status}${from} after ${mib} MiB sent${error ? `, then ${error}` : ""}`;
}
