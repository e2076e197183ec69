// The files check's hostile part: payloads that must be refused by their bytes, a PNG/HTML polyglot
// that must be served so that no browser runs it, uploads 10x the size limit (chunked, with a lying
// Content-Length, with an honest one), tampered links, and byte ranges.
import { readFile } from "node:fs/promises";
import { requestLines } from "./cost.mjs";
import { sleep } from "./dev.mjs";
import { byteDifference } from "./files-client.mjs";
import { describeOutcome, rawUpload } from "./files-raw-upload.mjs";
import { pdf, png, pngHtmlPolyglot, REFUSED } from "./files-samples.mjs";

/**
 * Runs the hostile cases with `client` (files-client.mjs) against `worker`, whose files may have at
 * most `maxBytes`. Answers rows [case, answer] for the summary; failed expectations go to the client.
 */
export async function hostileChecks(client, worker, maxBytes) {
  const { call, upload, links, startSession, expectThat } = client;
  const rows = [];
  const session = await startSession();
  const up = (name, bytes) => upload(session.id, name, bytes, session.token, "hostile upload");

  for (const [what, { name, bytes }] of Object.entries(REFUSED)) {
    const answer = await up(name, bytes);
    expectThat(answer.status === 415, `${what} (${name}): ${answer.status}, expected 415`);
    expectThat(
      answer.headers.get("content-type")?.startsWith("application/problem+json"),
      `${what}: the refusal is not problem JSON`,
    );
    rows.push([what, `${answer.status}`]);
  }

  // The polyglot: stored as the PNG its bytes say, served so that its script never runs.
  const polyglot = pngHtmlPolyglot();
  const stored = await up("cat.png", polyglot.bytes);
  expectThat(
    stored.status === 201 && stored.body.content_type === "image/png",
    `PNG/HTML polyglot: ${stored.status} ${JSON.stringify(stored.body)}`,
  );
  const polyglotLinks = await links(session.id, stored.body.id, session.token);
  const served = await call("GET", polyglotLinks.body.url, { kind: "download" });
  const header = (name) => served.headers.get(name) ?? "";
  expectThat(served.status === 200, `polyglot download: ${served.status}`);
  expectThat(
    header("content-type") === "image/png",
    `polyglot served as ${header("content-type")}`,
  );
  expectThat(header("x-content-type-options") === "nosniff", "polyglot served without nosniff");
  expectThat(
    /(^|;)\s*sandbox\s*(;|$)/.test(header("content-security-policy")),
    `polyglot's CSP has no sandbox: "${header("content-security-policy")}"`,
  );
  expectThat(header("content-disposition").startsWith("inline"), "polyglot not inline");
  const polyglotBytes = byteDifference(served.body, polyglot.served);
  expectThat(!polyglotBytes, `polyglot bytes: ${polyglotBytes}`);
  rows.push([
    "PNG/HTML polyglot",
    `${stored.status} ${stored.body.content_type}; served ${header("content-type")}, nosniff, CSP "${header("content-security-policy")}"`,
  ]);

  rows.push(...(await oversized(client, worker, maxBytes)));

  // Links: tampered with, and byte ranges of a PDF.
  const document = pdf(300_000, 77);
  const kept = await up("report.pdf", document.bytes);
  const { url } = (await links(session.id, kept.body.id, session.token)).body;
  const link = new URL(url);
  const signature = link.searchParams.get("signature");
  const tamper = (param, value) => {
    const changed = new URL(link);
    changed.searchParams.set(param, value);
    return changed.href;
  };
  const tampered = {
    "a signature's last character changed": tamper(
      "signature",
      signature.slice(0, -1) + (signature.endsWith("A") ? "B" : "A"),
    ),
    "expires pushed a day later": tamper(
      "expires",
      String(Number(link.searchParams.get("expires")) + 86_400),
    ),
    "another file's id under this signature": url.replace(kept.body.id, stored.body.id),
  };
  for (const [what, target] of Object.entries(tampered)) {
    const answer = await call("GET", target, { kind: "tampered link" });
    expectThat(answer.status === 403, `link with ${what}: ${answer.status}, expected 403`);
    rows.push([`link with ${what}`, `${answer.status}`]);
  }
  const size = document.bytes.length;
  const ranges = [
    ["bytes=1000-1999", 1000, 1999],
    ["bytes=-100", size - 100, size - 1],
    [`bytes=${size - 10}-`, size - 10, size - 1],
  ];
  for (const [range, first, last] of ranges) {
    const answer = await call("GET", url, { headers: { range }, kind: "range" });
    const want = `bytes ${first}-${last}/${size}`;
    const got = answer.headers.get("content-range");
    expectThat(answer.status === 206, `Range ${range}: ${answer.status}, expected 206`);
    expectThat(got === want, `Range ${range}: Content-Range ${got}, expected ${want}`);
    const diff = byteDifference(answer.body, document.served.subarray(first, last + 1));
    expectThat(!diff, `Range ${range}: bytes ${diff}`);
    rows.push([`Range ${range}`, `${answer.status}, ${got}`]);
  }
  const outside = await call("GET", url, { headers: { range: `bytes=${size}-` }, kind: "range" });
  expectThat(outside.status === 416, `Range bytes=${size}-: ${outside.status}, expected 416`);
  rows.push([`Range bytes=${size}- (outside)`, `${outside.status}`]);
  return { rows, keep: { session, fileId: kept.body.id } };
}

/**
 * 10x the limit, three ways. Whatever the HTTP level does with the excess, the service must store
 * no more than the limit: a file it answers 201 for has only what Content-Length declared (and
 * those bytes), and a refused upload wrote nothing to R2 (its log line counts no class A operation).
 */
async function oversized(client, worker, maxBytes) {
  const { links, call, startSession, expectThat } = client;
  const total = 10 * maxBytes;
  const head = png(4096, 5).bytes;
  const cases = [
    ["10x the limit, chunked (no Content-Length)", { "transfer-encoding": "chunked" }, [411]],
    ["10x the limit, Content-Length 10x", { "content-length": String(total) }, [413]],
    ["10x the limit, Content-Length: 1000", { "content-length": "1000" }, [201]],
    ["10x the limit, Content-Length: the limit", { "content-length": String(maxBytes) }, [201]],
  ];
  const rows = [];
  const refused = [];
  for (const [what, headers, expected] of cases) {
    // A session of its own, so that the Worker's log line for it is found by its path.
    const session = await startSession();
    const path = `/sessions/${session.id}/attachments`;
    const outcome = await rawUpload(
      `${worker.url}${path}?name=big.png`,
      {
        authorization: `Bearer ${session.token}`,
        ...headers,
      },
      { head, total },
    );
    client.requests.push({
      kind: "oversized upload",
      method: "POST",
      path,
      status: outcome.status,
    });
    const row = [what, describeOutcome(outcome)];
    rows.push(row);
    if (outcome.status === 201) {
      const file = JSON.parse(outcome.body);
      const declared = Number(headers["content-length"]);
      expectThat(
        file.size === declared,
        `${what}: stored ${file.size} bytes, declared ${declared}`,
      );
      const got = await call("GET", (await links(session.id, file.id, session.token)).body.url, {
        kind: "download",
      });
      const expectedBytes = Buffer.concat([
        head,
        Buffer.alloc(Math.max(0, declared - head.length)),
      ]);
      const diff = byteDifference(got.body, expectedBytes.subarray(0, declared));
      expectThat(!diff, `${what}: the stored file ${diff}`);
      expectThat(expected.includes(201), `${what}: 201, expected ${expected.join(" or ")}`);
      continue;
    }
    // The answer may be lost to the connection closing under a client still sending.
    if (outcome.requestId) {
      expectThat(
        expected.includes(outcome.status),
        `${what}: ${describeOutcome(outcome)}, expected ${expected.join(" or ")}: ${outcome.body.slice(0, 200)}`,
      );
    }
    refused.push({ what, path, expected, outcome, row });
  }
  await sleep(1_000); // the log line follows the answer
  const lines = requestLines(await readFile(worker.logPath, "utf8"));
  for (const { what, path, expected, outcome, row } of refused) {
    const line = lines.find((l) => l.method === "POST" && l.path === path);
    expectThat(
      line && expected.includes(line.status) && !line.r2_class_a,
      `${what}: the Worker's log line ${JSON.stringify(line)} (answer: ${describeOutcome(outcome)})`,
    );
    if (!outcome.requestId && line) row[1] += `; the Worker answered ${line.status}`;
  }
  return rows;
}
