// A black-box check of files in the chat against `wrangler dev`, measured. CUSTOMERS customers, each
// in their own session, upload 5 files each at once (PNG, a JPEG whose EXIF says where it was taken,
// PDF; up to ATTACHMENT_MAX_BYTES), then send one message carrying them, while an agent keeps reading
// the sessions and fetching every file's links and bytes. Then: every upload answered 201, every
// message carries its 5 files in order, every download equals what was uploaded (the JPEG's EXIF
// blanked, same length), no customer reaches another's file or an agent's internal note's file, and
// nothing answered 5xx. Then hostile files (files-hostile.mjs), 20 sequential uploads of the largest
// file, and, restarted with 2-second links, an expired link. Prints throughput and, from the Worker's
// log lines, what each operation cost (medians).
// `npm run check:files`; settings (env): CHECK_CUSTOMERS (20), CHECK_SEED (7).
import { readFile } from "node:fs/promises";
import { checkLog, grouped } from "./check-log.mjs";
import { runMain, sleep, startDev, stopDev } from "./dev.mjs";
import { agentReader } from "./files-agent.mjs";
import { filesClient } from "./files-client.mjs";
import { costTable, fileCosts } from "./files-cost.mjs";
import {
  customerSends,
  customersReadBack,
  internalNotes,
  makeCustomers,
} from "./files-customers.mjs";
import { hostileChecks } from "./files-hostile.mjs";
import { png } from "./files-samples.mjs";
import { mintToken, recordPart } from "./setup.mjs";
import { startSignedIn } from "./signed-in.mjs";
import { envNumber, fmt, median, printTable, sum } from "./stats.mjs";

const CUSTOMERS = envNumber("CHECK_CUSTOMERS", 20, { positive: true });
const SEED = envNumber("CHECK_SEED", 7);
const MAX_BYTES = 1024 * 1024;
const SEQUENTIAL = 20;
const STAGGER_MS = 250;
const MB = 1e6;

let state = SEED || 1;
const pick = () => {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
  return state / 2 ** 31;
};
/** A size between 4 KiB and the limit, spread evenly on a log scale. */
const anySize = () => Math.round(4096 * (MAX_BYTES / 4096) ** pick());

await runMain("files check", "support-chat-files-", async (workDir) => {
  const started = performance.now();
  const { worker, script, secret } = await startSignedIn(workDir, "ours-files", {
    vars: { ATTACHMENT_MAX_BYTES: MAX_BYTES },
    logLevel: "log", // the Worker's own request lines, which the costs come from
  });
  const client = filesClient(worker);
  const { call, upload, links, startSession, expectThat, failures } = client;
  const agent = await mintToken(secret, { sub: "files-agent", role: "service_agent", name: "Al" });

  const customers = await makeCustomers(client, CUSTOMERS, anySize);
  const fileNamed = new Map(customers.flatMap((c) => c.files.map((f) => [f.name, f])));

  // Customers upload and send while the agent reads.
  const reader = agentReader(client, agent, customers, fileNamed);
  const uploadsStarted = performance.now();
  const uploads = [];
  // Customers arrive STAGGER_MS apart, so that the agent reads files while others still upload.
  await Promise.all(
    customers.map(async (customer) => {
      await sleep(customer.i * STAGGER_MS);
      await customerSends(client, customer, uploads);
    }),
  );
  const uploadWallMs = performance.now() - uploadsStarted;
  await reader.stop();
  expectThat(
    reader.verified.size === CUSTOMERS * 5,
    `the agent verified ${reader.verified.size} of ${CUSTOMERS * 5} files`,
  );

  await customersReadBack(client, customers);
  const notes = await internalNotes(client, agent, customers.slice(0, 3));

  // Throughput of one upload after another, each of the largest size.
  const single = await startSession();
  const sequential = [];
  for (let n = 0; n < SEQUENTIAL; n++) {
    const file = png(MAX_BYTES, 1000 + n);
    const answer = await upload(single.id, `big-${n}.png`, file.bytes, single.token, "sequential");
    expectThat(answer.status === 201, `sequential upload ${n}: ${answer.status}`);
    sequential.push(MAX_BYTES / MB / (answer.ms / 1000));
  }

  const hostile = await hostileChecks(client, worker, MAX_BYTES, agent);
  await sleep(1_000); // the last log lines follow their answers
  const log = await readFile(worker.logPath, "utf8");
  checkLog(log, client);
  const costs = fileCosts(log, client.requests, {
    "upload (4 KiB-1 MiB)": { kind: "upload", status: 201 },
    "upload (1 MiB)": { kind: "sequential", status: 201 },
    "first message": { kind: "first message", status: 201 },
    "message, no files": { kind: "message without files", status: 201 },
    "message, 5 files": { kind: "message with 5 files", status: 201 },
    "read a session (agent)": { kind: "read session", status: 200 },
    link: { kind: "link", status: 200 },
    download: { kind: "download", status: 200 },
    "range download": { kind: "range", status: 206 },
  });

  // Restarted on the same state with links valid for 2 seconds: one expires.
  await stopDev(worker);
  worker.extraArgs.push("--var", "ATTACHMENT_LINK_TTL_SECONDS:2");
  await startDev(worker, script);
  const { session, fileId } = hostile.keep;
  const shortLink = await links(session.id, fileId, session.token);
  await sleep(3_500);
  const expired = await call("GET", shortLink.body.url, { kind: "expired link" });
  expectThat(
    expired.status === 403 && /expired/.test(expired.body.detail),
    `an expired link: ${expired.status} ${JSON.stringify(expired.body)}`,
  );
  hostile.rows.push(["link 3.5 s after it was issued for 2 s", `${expired.status}`]);
  checkLog(await readFile(worker.logPath, "utf8"), client);

  const sizes = uploads.map((u) => u.size);
  const perUpload = uploads.map((u) => u.size / MB / (u.ms / 1000));
  const figures = {
    customers: CUSTOMERS,
    files: uploads.length,
    megabytes: sum(sizes) / MB,
    concurrentMBps: {
      medianPerUpload: median(perUpload),
      medianMs: median(uploads.map((u) => u.ms)),
      aggregate: sum(sizes) / MB / (uploadWallMs / 1000),
    },
    sequentialMBps: median(sequential),
    agent: reader.stats,
    requests: client.requests.length,
    costs,
  };
  console.log(
    `\nfiles check: ${CUSTOMERS} customers uploaded ${uploads.length} files (${fmt(figures.megabytes, 1)} MB, median ${fmt(median(sizes) / 1024, 0)} KiB) in ${fmt(uploadWallMs / 1000, 1)} s while an agent made ${reader.stats.passes} passes (${reader.stats.downloads} downloads, ${reader.stats.downloadsMeanwhile} of them while customers were sending); ${notes} internal notes with a file; ${client.requests.length} requests in ${fmt((performance.now() - started) / 1000, 0)} s`,
  );
  console.log(
    `upload throughput: concurrent ${fmt(figures.concurrentMBps.medianPerUpload, 2)} MB/s per upload (median; median upload ${fmt(figures.concurrentMBps.medianMs, 0)} ms), ${fmt(figures.concurrentMBps.aggregate, 1)} MB/s together; sequential 1 MiB uploads ${fmt(figures.sequentialMBps, 1)} MB/s (median of ${SEQUENTIAL})`,
  );
  console.log("\nHostile files and links");
  printTable(["case", "answer"], hostile.rows);
  console.log("\nCost per operation (medians, from the Worker's log line of each request)");
  printTable(...costTable(costs));
  await recordPart("files", figures);
  if (failures.length) throw new Error(`${failures.length} failed:\n${grouped(failures)}`);
  console.log(
    "\nfiles check: every upload stored, every byte back as sent (location blanked), no file reached by whom it is not for, nothing answered 5xx",
  );
});
