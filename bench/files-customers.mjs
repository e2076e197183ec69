// The files check's customers: each in their own session says hello, uploads 5 files at once, sends
// one message carrying them, and says thanks; then reads them back, and tries to reach another
// customer's file and an agent's internal note's file.
import { byteDifference } from "./files-client.mjs";
import { GPS_MARKER, jpegWithLocation, pdf, png } from "./files-samples.mjs";

const MAKERS = [png, jpegWithLocation, pdf, png, pdf];
const EXTENSIONS = ["png", "jpg", "pdf", "png", "pdf"];

/** `count` customers with a session each and 5 files, of the sizes `anySize()` picks. */
export function makeCustomers(client, count, anySize) {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => ({
      i,
      session: await client.startSession(),
      files: MAKERS.map((make, j) => ({
        name: `c${i}-f${j}.${EXTENSIONS[j]}`,
        ...make(anySize(), i * 10 + j + 1),
      })),
    })),
  );
}

/** One customer's conversation; each upload's size and duration go to `uploads`. */
export async function customerSends(client, { i, session, files }, uploads) {
  const { call, upload, expectThat } = client;
  const say = async (content, kind) => {
    const said = await call("POST", `/sessions/${session.id}/messages`, {
      token: session.token,
      json: { content },
      kind,
    });
    expectThat(said.status === 201, `customer ${i} saying "${content}": ${said.status}`);
  };
  await say("Hello, photos of the damage follow", "first message");
  const answers = await Promise.all(
    files.map((file) => upload(session.id, file.name, file.bytes, session.token)),
  );
  answers.forEach((answer, j) => {
    const file = files[j];
    uploads.push({ size: file.bytes.length, ms: answer.ms });
    expectThat(
      answer.status === 201 &&
        answer.body.content_type === file.type &&
        answer.body.size === file.bytes.length,
      () => `upload ${file.name}: ${answer.status} ${JSON.stringify(answer.body)}`,
    );
    file.id = answer.body.id;
  });
  const sent = await call("POST", `/sessions/${session.id}/messages`, {
    token: session.token,
    // Half of them with text, half with files only.
    json: { attachment_ids: files.map((f) => f.id), ...(i % 2 === 0 && { content: "Here" }) },
    kind: "message with 5 files",
  });
  const carried = (sent.body.message?.attachments ?? []).map((a) => `${a.id}/${a.name}`);
  expectThat(
    sent.status === 201 && carried.join() === files.map((f) => `${f.id}/${f.name}`).join(),
    () => `customer ${i}: message ${sent.status}, carries ${carried.join() || "nothing"}`,
  );
  await say("Thanks", "message without files");
}

/**
 * Each customer reads their own files back (the JPEG's location gone), and asks for the next
 * customer's first file through their own session and through the other's: both 404.
 */
export async function customersReadBack(client, customers) {
  const { call, links, expectThat } = client;
  for (const customer of customers) {
    const { session, files } = customer;
    const read = await call("GET", `/sessions/${session.id}?limit=50`, { token: session.token });
    const carrying = read.body.messages.filter((m) => m.attachments?.length);
    expectThat(
      carrying.length === 1 &&
        carrying[0].attachments.map((a) => a.id).join() === files.map((f) => f.id).join(),
      `customer ${customer.i} reads ${carrying.length} messages with files`,
    );
    for (const file of files) {
      const link = await links(session.id, file.id, session.token);
      const got = await call("GET", link.body.url, { kind: "download" });
      const diff = byteDifference(got.body, file.served);
      expectThat(got.status === 200 && !diff, `${file.name} as its uploader read it: ${diff}`);
      if (file.type === "image/jpeg") {
        expectThat(!got.body.includes(GPS_MARKER), `${file.name} still says where it was taken`);
      }
    }
    const other = customers[(customer.i + 1) % customers.length];
    if (other === customer) continue;
    for (const sessionId of [session.id, other.session.id]) {
      const leaked = await links(sessionId, other.files[0].id, session.token);
      expectThat(
        leaked.status === 404,
        `customer ${customer.i} asked for customer ${other.i}'s file through session ${sessionId}: ${leaked.status}`,
      );
    }
  }
}

/** An agent writes internal notes carrying a file: the customer must not reach it, the agent must. */
export async function internalNotes(client, agent, customers) {
  const { call, upload, links, expectThat } = client;
  for (const { i, session } of customers) {
    const file = png(20_000, 500 + i);
    const uploaded = await upload(session.id, `note-${i}.png`, file.bytes, agent, "agent upload");
    const note = await call("POST", `/sessions/${session.id}/messages`, {
      token: agent,
      json: {
        content: "Looks like the courier's fault",
        visibility: "internal",
        attachment_ids: [uploaded.body.id],
      },
      kind: "internal note",
    });
    expectThat(
      note.status === 201 && note.body.message?.attachments?.[0]?.id === uploaded.body.id,
      `internal note ${i}: ${note.status}`,
    );
    const asCustomer = await links(session.id, uploaded.body.id, session.token);
    expectThat(
      asCustomer.status === 404,
      `customer ${i} asked for an internal note's file: ${asCustomer.status}`,
    );
    const read = await call("GET", `/sessions/${session.id}?limit=50`, { token: session.token });
    expectThat(
      !read.body.messages.some((m) => m.id === note.body.message?.id),
      `customer ${i} reads an internal note`,
    );
    const asAgent = await links(session.id, uploaded.body.id, agent);
    const got = await call("GET", asAgent.body.url, { kind: "download" });
    expectThat(
      !byteDifference(got.body, file.served),
      `the agent's note file ${i} came back wrong`,
    );
  }
  return customers.length;
}
