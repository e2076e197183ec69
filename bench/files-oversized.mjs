// Uploads past the size limit, through node:http where fetch cannot go: a body sent chunked (no
// Content-Length), a Content-Length that lies about the body that follows it, a client that goes away.
import { readFile } from "node:fs/promises";
import { request } from "node:http";
import { requestLines } from "./cost.mjs";
import { sleep } from "./dev.mjs";
import { byteDifference } from "./files-client.mjs";
import { png } from "./files-samples.mjs";

const CHUNK = 64 * 1024;

/**
 * POSTs `total` bytes to `url` (the first ones `head`, then zeros) with `headers`, writing on even
 * after an answer arrives, as a client that does not listen would; with `hangUpAfterMs`, it then
 * waits that long and drops the connection instead of ending the request. Resolves once the
 * connection closes with {status, body, requestId} of the answer if one came, the socket error if
 * one came, and how many bytes had been written when the answer (or else the close) came.
 */
function rawUpload(url, headers, { head, total, hangUpAfterMs }) {
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
      if (hangUpAfterMs === undefined) req.end();
      else setTimeout(() => req.destroy(), hangUpAfterMs);
    };
    write();
  });
}

/** An outcome in a few words, for the summary. */
function describeOutcome({ status, requestId, error, written }) {
  const sent =
    written < 1024 * 1024 ? `${written >> 10} KiB` : `${(written / 1024 / 1024).toFixed(1)} MiB`;
  if (status === null) return `no answer, ${error ?? "closed"} after ${sent} sent`;
  const from = requestId ? "" : " from wrangler dev's proxy";
  return `${status}${from} after ${sent} sent${error ? `, then ${error}` : ""}`;
}

/**
 * Uploads 10x the limit, three ways, and one that stops short. Whatever the HTTP level does with the
 * excess, the service must store no more than the limit: a file it answers 201 for has only what
 * Content-Length declared (and those bytes); a refused one wrote nothing to R2 (its log line counts
 * no class A operation) unless it had begun to stream. The answer itself may be lost to the
 * connection closing under a client still sending, so the Worker's log line says what it answered.
 */
export async function oversizedChecks(client, worker, maxBytes) {
  const { links, call, startSession, expectThat } = client;
  const head = png(4096, 5).bytes;
  const tenTimes = 10 * maxBytes;
  const cases = [
    { what: "10x the limit, chunked (no Content-Length)", chunked: true, expected: 411 },
    { what: "10x the limit, Content-Length 10x", declared: tenTimes, expected: 413 },
    { what: "10x the limit, Content-Length: 1000", declared: 1000, expected: 201 },
    { what: "10x the limit, Content-Length: the limit", declared: maxBytes, expected: 201 },
    // A client that goes away mid-upload; the service had begun streaming it to R2.
    { what: "4 KiB of 100,000 declared, then gone", declared: 100_000, total: 4096, expected: 400 },
  ];
  const rows = [];
  const unanswered = [];
  for (const { what, chunked, declared, total = tenTimes, expected } of cases) {
    // A session of its own, so that the Worker's log line for it is found by its path.
    const session = await startSession();
    const path = `/sessions/${session.id}/attachments`;
    const headers = {
      authorization: `Bearer ${session.token}`,
      ...(chunked ? { "transfer-encoding": "chunked" } : { "content-length": String(declared) }),
    };
    const hangUpAfterMs = total < (declared ?? 0) ? 1_000 : undefined;
    let outcome;
    // A stored file is checked by the id its answer gives: try again while the answer is lost.
    for (let attempt = 0; attempt < 3; attempt++) {
      outcome = await rawUpload(`${worker.url}${path}?name=big.png`, headers, {
        head,
        total,
        hangUpAfterMs,
      });
      if (outcome.status !== null || expected !== 201) break;
    }
    client.requests.push({ kind: "oversized", method: "POST", path, status: outcome.status });
    const row = [what, describeOutcome(outcome)];
    rows.push(row);
    if (outcome.status === 201) {
      expectThat(expected === 201, `${what}: 201, expected ${expected}`);
      const file = JSON.parse(outcome.body);
      expectThat(file.size === declared, `${what}: stored ${file.size} bytes of ${declared}`);
      const link = await links(session.id, file.id, session.token);
      const got = await call("GET", link.body.url, { kind: "download" });
      const sent = Buffer.concat([head, Buffer.alloc(Math.max(0, declared - head.length))]);
      const diff = byteDifference(got.body, sent.subarray(0, declared));
      expectThat(!diff, `${what}: the stored file ${diff}`);
      continue;
    }
    if (outcome.requestId) {
      expectThat(
        outcome.status === expected,
        `${what}: ${describeOutcome(outcome)}, expected ${expected}: ${outcome.body.slice(0, 200)}`,
      );
    }
    const streamed = expected === 201 || total < (declared ?? 0);
    unanswered.push({ what, path, expected, streamed, outcome, row });
  }
  await sleep(1_000); // the log line follows the answer
  const lines = requestLines(await readFile(worker.logPath, "utf8"));
  for (const { what, path, expected, streamed, outcome, row } of unanswered) {
    const mine = lines.filter((l) => l.method === "POST" && l.path === path);
    expectThat(
      mine.length && mine.every((l) => l.status === expected && (streamed || !l.r2_class_a)),
      `${what}: the Worker's log lines ${JSON.stringify(mine)} (answer: ${describeOutcome(outcome)})`,
    );
    if (!outcome.requestId && mine.length) {
      row[1] += `; the Worker answered ${mine.map((l) => l.status).join(", ")}`;
    }
  }
  return rows;
}
