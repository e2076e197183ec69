// The webhooks check's receiver: a local node:http endpoint that verifies every request with the
// Standard Webhooks reference library and misbehaves as receivers do: a third of first tries answer
// 500 (a quarter of those with Retry-After), a few hang past the service's timeout, and the whole
// server can go down (connection refused) for a while and come back on the same port.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";
import { freePort } from "./dev.mjs";

/** Seconds a 500 with Retry-After asks the service to wait. */
export const RETRY_AFTER_SECONDS = 3;

/** What the receiver does with the first try of event `id` (later tries are answered 204). */
export function firstAnswer(id) {
  const n = createHash("sha256").update(id).digest().readUInt32BE(0);
  if (n % 3 === 0) return n % 4 === 0 ? "500 retry-after" : "500";
  if (n % 50 === 1) return "hang";
  return "204";
}

/** Starts the receiver on a free port of 127.0.0.1; `secret` is set once the endpoint exists. */
export async function startReceiver() {
  const port = await freePort();
  /** Every request: id, body, when it came, whether it verified, and what it was answered. */
  const requests = [];
  const hung = new Set();
  const outages = [];
  let verifier = null;
  const distinct = new Set();

  const handle = (req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const id = String(req.headers["webhook-id"] ?? "");
      const request = { id, body, at: Date.now(), headers: pickHeaders(req.headers) };
      // A try that does not verify is a failure of the check, answered as any other (not retried on).
      try {
        const parsed = verifier.verify(body, req.headers);
        request.verified =
          parsed.id === id ? true : `the body's id ${parsed.id} is not its header's`;
      } catch (error) {
        request.verified = `${error.message ?? error}`;
      }
      request.answer = distinct.has(id) || receiver.healthy ? "204" : firstAnswer(id);
      distinct.add(id);
      requests.push(request);
      if (request.answer === "hang") {
        hung.add(res);
        res.on("close", () => hung.delete(res));
        return;
      }
      if (request.answer === "204") return res.writeHead(204).end();
      res
        .writeHead(500, {
          "content-type": "text/plain",
          ...(request.answer === "500 retry-after" && {
            "retry-after": String(RETRY_AFTER_SECONDS),
          }),
        })
        .end("not now");
    });
  };

  let server = null;
  const listen = () =>
    new Promise((resolve, reject) => {
      server = createServer(handle);
      server.keepAliveTimeout = 5_000;
      server.once("error", reject);
      server.listen(port, "127.0.0.1", resolve);
    });
  const close = () => {
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections(); // hung requests and kept-alive sockets too: refused from now on
    return closed;
  };
  await listen();

  const receiver = {
    /** Whether it answers every try 204 from now on. */
    healthy: false,
    url: `http://127.0.0.1:${port}/hooks/support`,
    requests,
    outages,
    /** How many distinct events it has seen a try of. */
    seen: () => distinct.size,
    useSecret(secret) {
      verifier = new Webhook(secret);
    },
    /** Down for `ms` (connections refused), then up again on the same port. */
    async outage(ms) {
      const outage = { from: Date.now(), to: null };
      outages.push(outage);
      await close();
      await new Promise((resolve) => setTimeout(resolve, ms));
      await listen();
      outage.to = Date.now();
    },
    stop: close,
  };
  return receiver;
}

const pickHeaders = (headers) => ({
  "webhook-id": headers["webhook-id"],
  "webhook-timestamp": headers["webhook-timestamp"],
  "webhook-signature": headers["webhook-signature"],
  "content-type": headers["content-type"],
});
