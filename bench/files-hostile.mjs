// The files check's hostile part: payloads that must be refused by their bytes, a PNG/HTML polyglot
// that must be served so that no browser runs it, hostile names and misused ids (files-ids.mjs),
// uploads 10x the size limit (files-oversized.mjs), tampered links, and byte ranges.
import { byteDifference } from "./files-client.mjs";
import { idChecks } from "./files-ids.mjs";
import { oversizedChecks } from "./files-oversized.mjs";
import { pdf, pngHtmlPolyglot, REFUSED } from "./files-samples.mjs";

/**
 * Runs the hostile cases with `client` (files-client.mjs) against `worker`, whose files may have at
 * most `maxBytes` (`agent`: an agent's token). Answers rows [case, answer] for the summary; failed expectations go to the client.
 */
export async function hostileChecks(client, worker, maxBytes, agent) {
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
    `${stored.status} ${stored.body.content_type}; served as ${header("content-type")}, nosniff, CSP sandbox`,
  ]);

  rows.push(...(await idChecks(client, session, agent)));
  rows.push(...(await oversizedChecks(client, worker, maxBytes)));

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
