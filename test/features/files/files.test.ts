// Files in the chat: uploaded into a session (typed by their bytes, counted as they stream), carried
// by a message of their uploader's, read by signed links by those who may read that message.
import { describe, expect, it } from "vitest";
import { r2Files } from "../../../src/features/files";
import type { ServerFrame } from "../../../src/features/live/protocol";
import {
  agentToken,
  call,
  createSession,
  env,
  type MessageBody,
  mint,
  postJson,
  supervisorToken,
  testApp,
  testServices,
} from "../../helpers";
import { hasReady, openLive } from "../../live-helpers";
import { archiver } from "../archive/archive-helpers";
import {
  bytesOf,
  linksOf,
  open,
  pdf,
  png,
  sendFiles,
  text,
  upload,
  uploaded,
} from "./files-helpers";

interface SchemaPart {
  properties: Record<string, { type?: string; description?: string }>;
}

interface OpenApiDocument {
  paths: Record<
    string,
    {
      post: {
        responses: Record<string, { content: Record<string, { schema: { $ref?: string } }> }>;
      };
    }
  >;
  components: { schemas: Record<string, SchemaPart> };
}

const store = r2Files(env.FILES);
const objectsOf = (sessionId: string) => store.list(`sessions/${sessionId}/`);
const problemOf = async (response: Response) => {
  expect(response.headers.get("Content-Type")).toBe("application/problem+json");
  return response.json<{ type: string; status: number; detail: string; max_bytes?: number }>();
};

describe("an upload", () => {
  it("is typed by its bytes, kept pending, and carried by its uploader's message", async () => {
    const session = await createSession();
    const file = await uploaded(session.id, png(), "../../Screen shot\u202Egnp.exe");
    expect(file).toMatchObject({ content_type: "image/png", size: png().length, preview: false });
    // No path, no bidirectional override: "exe.png" can no longer pose as something else.
    expect(file.name).toBe("Screen shotgnp.exe");

    const sent = await sendFiles(session.id, [file.id], { content: "here it is" });
    expect(sent.status).toBe(201);
    expect(sent.message?.attachments).toEqual([
      { id: file.id, name: file.name, content_type: "image/png", size: file.size, preview: false },
    ]);
    // Read back by the agent, the session's page carries the same.
    const page = await call(`/sessions/${session.id}`, { token: agentToken });
    const messages = (await page.json<{ messages: MessageBody[] }>()).messages;
    expect(messages.at(-1)?.attachments?.[0]?.id).toBe(file.id);
  });

  it("refuses what its bytes are not, whatever its name: HTML, SVG, a zip, an executable", async () => {
    const session = await createSession();
    const hostile = [
      ["page.png", text("<html><script>alert(1)</script></html>")],
      ["logo.svg", text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
      ["bomb.zip", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0xff, 0xff])],
      ["setup.pdf", new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0])],
      ["notes.txt", text("plain text is not allowed by default")],
    ] as const;
    for (const [name, bytes] of hostile) {
      const response = await upload(session.id, bytes, name);
      expect(response.status, name).toBe(415);
      expect((await problemOf(response)).detail).toMatch(/not one of the types allowed/);
    }
    expect(await objectsOf(session.id)).toEqual([]);
  });

  it("documents the limit a refusal for size carries (max_bytes)", async () => {
    const doc = await (await call("/openapi.json")).json<OpenApiDocument>();
    const answer = doc.paths["/sessions/{session_id}/attachments"]?.post.responses["413"];
    const ref = answer?.content["application/problem+json"]?.schema.$ref;
    expect(ref).toBe("#/components/schemas/Problem");
    const maxBytes = doc.components.schemas.Problem?.properties.max_bytes;
    expect(maxBytes).toMatchObject({ type: "integer" });
    expect(maxBytes?.description).toMatch(/ATTACHMENT_MAX_BYTES/);
  });

  it("takes a polyglot as the image its bytes start as, and serves it inert", async () => {
    const session = await createSession();
    const file = await uploaded(session.id, png("<html><script>window.pwned=1</script>"), "a.html");
    expect(file.content_type).toBe("image/png");
    await sendFiles(session.id, [file.id]);
    const { links } = await linksOf(session.id, file.id);
    const served = await open(links?.url as string);
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/png");
    expect(served.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(served.headers.get("Content-Security-Policy")).toMatch(/^sandbox;/);
    expect(served.headers.get("Content-Disposition")).toMatch(/^inline; filename="a\.html"/);
  });

  it("is counted as it streams: a body longer than its Content-Length or the limit stores nothing", async () => {
    const { request } = testApp({ vars: { ATTACHMENT_MAX_BYTES: "1000" } });
    const session = await createSession();
    const token = session.customer_token.token;
    const send = (body: BodyInit, headers: Record<string, string>) =>
      request(`/sessions/${session.id}/attachments?name=big.png`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${token}`,
          "Content-Type": "application/octet-stream",
          ...headers,
        },
        body,
      });
    const tenTimes = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(png());
          for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(1000));
          controller.close();
        },
      });
    // Says 500 bytes, sends 10,016: refused when byte 501 arrives.
    const lying = await send(tenTimes(), { "Content-Length": "500" });
    expect(lying.status).toBe(413);
    const lied = await problemOf(lying);
    expect(lied.detail).toMatch(/more bytes than its Content-Length/);
    expect(lied.max_bytes).toBeUndefined();
    // Says 5,000: refused before a byte is read, saying the limit (for the client to show).
    const over = await send(tenTimes(), { "Content-Length": "5000" });
    expect(over.status).toBe(413);
    expect(await problemOf(over)).toMatchObject({
      type: "/problems/too-large",
      detail: "A file may have at most 1000 bytes.",
      max_bytes: 1000,
    });
    // Says nothing: the length must be known.
    expect((await send(tenTimes(), {})).status).toBe(411);
    // Says more than it sends.
    const short = await send(png(), { "Content-Length": "900" });
    expect(short.status).toBe(400);
    expect(await objectsOf(session.id)).toEqual([]);
  });

  it("blanks where a photo was taken (EXIF, XMP) and keeps the file's length", async () => {
    const session = await createSession();
    const exif = text("Exif\0\0MM GPSLatitude 48.8584 N GPSLongitude 2.2945 E");
    const app1 = [0xff, 0xe1, 0, exif.length + 2, ...exif];
    const comment = [0xff, 0xfe, 0, 7, ...text("hello")];
    const jpeg = new Uint8Array([0xff, 0xd8, ...app1, ...comment, 0xff, 0xda, 0, 2, 1, 2, 3]);
    const file = await uploaded(session.id, jpeg, "me.jpg");
    expect(file.content_type).toBe("image/jpeg");
    await sendFiles(session.id, [file.id]);
    const { links } = await linksOf(session.id, file.id);
    const stored = await bytesOf(await open(links?.url as string));
    expect(stored.length).toBe(jpeg.length);
    expect(new TextDecoder().decode(stored)).not.toMatch(/GPS/);
    // The segment is there, emptied; everything else is as sent.
    expect([...stored.slice(0, 6)]).toEqual([0xff, 0xd8, 0xff, 0xe1, 0, exif.length + 2]);
    expect([...stored.slice(6, 6 + exif.length)].every((b) => b === 0)).toBe(true);
    expect([...stored.slice(6 + exif.length)]).toEqual([...jpeg.slice(6 + exif.length)]);
  });

  it("blanks a PNG's eXIf and text chunks with a correct CRC", async () => {
    const session = await createSession();
    const chunk = (type: string, data: Uint8Array) => {
      const body = new Uint8Array([...text(type), ...data]);
      const length = new Uint8Array(4);
      new DataView(length.buffer).setUint32(0, data.length);
      const crc = new Uint8Array(4);
      new DataView(crc.buffer).setUint32(0, crc32(body));
      return [...length, ...body, ...crc];
    };
    const ihdr = chunk("IHDR", new Uint8Array(13).fill(1));
    const exif = text("MM\0*GPS 51.5 N");
    const file = new Uint8Array([
      ...png("").slice(0, 8),
      ...ihdr,
      ...chunk("eXIf", exif),
      ...chunk("IEND", new Uint8Array()),
    ]);
    const stored = await uploaded(session.id, file, "shot.png");
    await sendFiles(session.id, [stored.id]);
    const { links } = await linksOf(session.id, stored.id);
    const served = await bytesOf(await open(links?.url as string));
    const expected = new Uint8Array([
      ...png("").slice(0, 8),
      ...ihdr,
      ...chunk("eXIf", new Uint8Array(exif.length)),
      ...chunk("IEND", new Uint8Array()),
    ]);
    expect([...served]).toEqual([...expected]);
  });
});

describe("a message with files", () => {
  it("may have no text, and a retry with its client_message_id carries them once", async () => {
    const session = await createSession();
    const files = [
      await uploaded(session.id, png()),
      await uploaded(session.id, pdf(), "bill.pdf"),
    ];
    const ids = files.map((f) => f.id);
    const first = await sendFiles(session.id, ids, { client_message_id: "with-files-1" });
    expect(first.status).toBe(201);
    expect(first.message?.content).toBe("");
    expect(first.message?.attachments?.map((a) => a.id)).toEqual(ids);
    const retry = await sendFiles(session.id, ids, { client_message_id: "with-files-1" });
    expect(retry.status).toBe(200);
    expect(retry.message?.id).toBe(first.message?.id);
    // The same id for other files is a conflict.
    const other = await uploaded(session.id, png());
    expect(
      (await sendFiles(session.id, [other.id], { client_message_id: "with-files-1" })).status,
    ).toBe(409);
  });

  it("names its files by id in any case, as paths do", async () => {
    const session = await createSession();
    const file = await uploaded(session.id, png());
    const sent = await sendFiles(session.id, [file.id.toUpperCase()]);
    expect(sent.status).toBe(201);
    expect(sent.message?.attachments?.map((a) => a.id)).toEqual([file.id]);
  });

  it("goes over a live socket too, and reaches the other side with its files", async () => {
    const session = await createSession();
    const file = await uploaded(session.id, pdf(), "bill.pdf");
    const agent = await openLive(session.id, "", { token: agentToken });
    const customer = await openLive(session.id);
    await Promise.all([agent.until(hasReady), customer.until(hasReady)]);
    customer.send({ type: "message", attachment_ids: [file.id], client_message_id: "socket-1" });
    const carries = (frames: ServerFrame[]) =>
      frames.some((f) => f.type === "message" && f.message.attachments?.[0]?.id === file.id);
    await agent.until(carries);
    const frame = agent.frames.find(
      (f) => f.type === "message" && f.message.client_message_id === "socket-1",
    );
    expect(frame?.type === "message" && frame.message.attachments).toEqual([
      {
        id: file.id,
        name: "bill.pdf",
        content_type: "application/pdf",
        size: pdf().length,
        preview: false,
      },
    ]);
    agent.ws.close();
    customer.ws.close();
  });

  it("needs text or files", async () => {
    const session = await createSession();
    const response = await postJson(`/sessions/${session.id}/messages`, {});
    expect(response.status).toBe(400);
  });

  it("is refused whole, storing nothing, when a file is not the writer's unsent upload here", async () => {
    const session = await createSession();
    const elsewhere = await createSession();
    const mine = await uploaded(session.id, png());
    const theirs = await uploaded(elsewhere.id, png());
    const agents = await uploaded(session.id, png(), "agent.png", agentToken);
    const lastSeq = async () =>
      (await (await call(`/sessions/${session.id}`)).json<{ last_seq: number }>()).last_seq;
    const before = await lastSeq();
    for (const ids of [[mine.id, theirs.id], [mine.id, agents.id], [crypto.randomUUID()]]) {
      const refused = await sendFiles(session.id, ids);
      expect(refused.status, ids.join()).toBe(409);
    }
    expect(await lastSeq()).toBe(before);
    // Mine is still unsent: it goes with the next message, once.
    expect((await sendFiles(session.id, [mine.id])).status).toBe(201);
    expect((await sendFiles(session.id, [mine.id])).status).toBe(409);
  });

  it("carries at most ATTACHMENT_MAX_PER_MESSAGE files", async () => {
    const session = await createSession();
    const ids = Array.from({ length: 11 }, () => crypto.randomUUID());
    expect((await sendFiles(session.id, ids)).status).toBe(400);
  });
});

describe("a signed link", () => {
  it("is given to those who may read the message, and to the uploader before it is sent", async () => {
    const session = await createSession();
    const other = await createSession();
    const pending = await uploaded(session.id, png());
    expect((await linksOf(session.id, pending.id)).status).toBe(200);
    // An agent does not see a customer's upload before it is sent.
    expect((await linksOf(session.id, pending.id, agentToken)).status).toBe(404);
    await sendFiles(session.id, [pending.id]);
    expect((await linksOf(session.id, pending.id, agentToken)).status).toBe(200);
    // Another customer, through their own session or this one: not found.
    const otherToken = other.customer_token.token;
    expect((await linksOf(other.id, pending.id, otherToken)).status).toBe(404);
    expect((await linksOf(session.id, pending.id, otherToken)).status).toBe(404);

    const note = await uploaded(session.id, pdf(), "internal.pdf", agentToken);
    const sent = await sendFiles(session.id, [note.id], { visibility: "internal" }, agentToken);
    expect(sent.status).toBe(201);
    expect((await linksOf(session.id, note.id, supervisorToken)).status).toBe(200);
    expect((await linksOf(session.id, note.id)).status).toBe(404);
    // The customer's page does not show the note, nor its file.
    const page = await (await call(`/sessions/${session.id}`)).json<{ messages: MessageBody[] }>();
    expect(JSON.stringify(page.messages)).not.toContain(note.id);
  });

  it("serves the bytes while valid and signed by us; forged, altered or expired links are 403", async () => {
    const session = await createSession();
    const file = await uploaded(session.id, pdf(), "bill.pdf");
    await sendFiles(session.id, [file.id]);
    const { links } = await linksOf(session.id, file.id);
    const url = new URL(links?.url as string);
    const served = await open(url.href);
    expect(served.status).toBe(200);
    expect([...(await bytesOf(served))]).toEqual([...pdf()]);
    expect(served.headers.get("Content-Disposition")).toMatch(/^attachment; filename="bill\.pdf"/);
    expect(served.headers.get("Cache-Control")).toMatch(/^private, max-age=\d+$/);

    const altered = new URL(url);
    altered.searchParams.set("expires", String(Number(url.searchParams.get("expires")) + 3600));
    expect((await open(altered.href)).status).toBe(403);
    const forged = new URL(url);
    forged.searchParams.set("signature", "A".repeat(43));
    expect((await open(forged.href)).status).toBe(403);
    // The signature of the original does not open the preview.
    expect((await open(`${url.origin}${url.pathname}/preview${url.search}`)).status).toBe(403);

    const later = testApp({ clock: () => new Date(Date.now() + 3600_000) });
    const expired = await later.request(`${url.pathname}${url.search}`);
    expect(expired.status).toBe(403);
    expect((await problemOf(expired)).detail).toMatch(/expired/);
  });

  it("serves one byte range at a time (206), and refuses one outside the file (416)", async () => {
    const session = await createSession();
    const bytes = pdf();
    const file = await uploaded(session.id, bytes, "bill.pdf");
    await sendFiles(session.id, [file.id]);
    const { links } = await linksOf(session.id, file.id);
    const part = await open(links?.url as string, { Range: "bytes=2-6" });
    expect(part.status).toBe(206);
    expect(part.headers.get("Content-Range")).toBe(`bytes 2-6/${bytes.length}`);
    expect([...(await bytesOf(part))]).toEqual([...bytes.slice(2, 7)]);
    const tail = await open(links?.url as string, { Range: "bytes=-4" });
    expect([...(await bytesOf(tail))]).toEqual([...bytes.slice(-4)]);
    const outside = await open(links?.url as string, { Range: `bytes=${bytes.length}-` });
    expect(outside.status).toBe(416);
    expect(outside.headers.get("Content-Range")).toBe(`bytes */${bytes.length}`);
    // Ends before it starts: not a range at all (RFC 9110), so the whole file.
    const backwards = await open(links?.url as string, { Range: "bytes=5-2" });
    expect(backwards.status).toBe(200);
    expect(backwards.headers.get("Content-Range")).toBeNull();
    expect([...(await bytesOf(backwards))]).toEqual([...bytes]);
  });
});

describe("a preview", () => {
  it("is given once to an unsent image by its uploader, and served by its own link", async () => {
    const session = await createSession();
    const image = await uploaded(session.id, png("the original"));
    const put = (id: string, bytes: Uint8Array, token?: string) =>
      call(`/sessions/${session.id}/attachments/${id}/preview`, {
        method: "PUT",
        headers: { "Content-Type": "application/octet-stream" },
        body: bytes,
        token,
      });
    expect((await put(image.id, png("small"), agentToken)).status).toBe(404);
    expect((await put(image.id, pdf())).status).toBe(415);
    const given = await put(image.id, png("small"));
    expect(given.status).toBe(200);
    expect((await given.json<{ preview: boolean }>()).preview).toBe(true);
    expect((await put(image.id, png("again"))).status).toBe(409);
    const document = await uploaded(session.id, pdf());
    expect((await put(document.id, png("small"))).status).toBe(409);

    const sent = await sendFiles(session.id, [image.id]);
    expect(sent.message?.attachments?.[0]?.preview).toBe(true);
    const { links } = await linksOf(session.id, image.id);
    const preview = await open(links?.preview_url as string);
    expect(new TextDecoder().decode(await bytesOf(preview))).toMatch(/small$/);
  });
});

describe("limits", () => {
  it("hold per session and per customer a day, decided by D1 whatever runs at once", async () => {
    const session = await createSession();
    const perSession = testApp({
      vars: { ATTACHMENT_MAX_SESSION_BYTES: String(png().length * 3) },
    });
    /** Uploads a PNG into `into` as its customer, through `app`. */
    const send = (app: ReturnType<typeof testApp>, into = session) =>
      app.request(`/sessions/${into.id}/attachments?name=a.png`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${into.customer_token.token}`,
          "Content-Type": "application/octet-stream",
          "Content-Length": String(png().length),
        },
        body: png(),
      });
    const statuses = await Promise.all(Array.from({ length: 6 }, () => send(perSession)));
    expect(statuses.map((r) => r.status).sort()).toEqual([201, 201, 201, 413, 413, 413]);
    const refused = statuses.filter((r) => r.status === 413);
    for (const r of refused) expect((await problemOf(r)).type).toBe("/problems/file-quota");
    expect(await objectsOf(session.id)).toHaveLength(3);

    const other = await createSession();
    const daily = testApp({
      vars: { ATTACHMENT_MAX_CUSTOMER_DAILY_BYTES: String(png().length) },
    });
    expect((await send(daily, other)).status).toBe(201);
    const second = await send(daily, other);
    expect(second.status).toBe(413);
    // Not "too large": the file fits, what may still be held does not.
    expect(await problemOf(second)).toMatchObject({
      type: "/problems/file-quota",
      status: 413,
      detail: expect.stringMatching(/today/),
    });
  });
});

describe("everything that handles sessions handles their files", () => {
  it("the cron removes uploads no message carried, and keeps those one did", async () => {
    const session = await createSession();
    const abandoned = await uploaded(session.id, png());
    const kept = await uploaded(session.id, png());
    await sendFiles(session.id, [kept.id]);
    const later = testServices({ clock: () => new Date(Date.now() + 25 * 3600_000) });
    expect(await later.files.removeAbandoned()).toBeGreaterThanOrEqual(1);
    const left = await objectsOf(session.id);
    expect(left).toContain(`sessions/${session.id}/${kept.id}`);
    expect(left).not.toContain(`sessions/${session.id}/${abandoned.id}`);
    expect((await linksOf(session.id, abandoned.id)).status).toBe(404);
  });

  it("erasing a customer leaves no object of theirs in R2, and their links dead", async () => {
    const session = await createSession();
    const file = await uploaded(session.id, png());
    const preview = await call(`/sessions/${session.id}/attachments/${file.id}/preview`, {
      method: "PUT",
      headers: { "Content-Type": "application/octet-stream" },
      body: png("p"),
    });
    expect(preview.status).toBe(200);
    await sendFiles(session.id, [file.id]);
    await uploaded(session.id, pdf(), "agent.pdf", agentToken);
    const { links } = await linksOf(session.id, file.id);
    expect(await objectsOf(session.id)).toHaveLength(3);

    const admin = await mint({ role: "admin", subject: "ada", name: "Ada" });
    const customerId = session.customer?.id as string;
    const exported = await call(`/customers/${encodeURIComponent(customerId)}/export`, {
      token: admin,
    });
    const { files } = await exported.json<{ files: { id: string; url: string }[] }>();
    expect(files.map((f) => f.id)).toContain(file.id);
    const viaExport = files.find((f) => f.id === file.id)?.url as string;
    expect([...(await bytesOf(await open(viaExport)))]).toEqual([...png()]);

    const erased = await call(`/customers/${encodeURIComponent(customerId)}`, {
      method: "DELETE",
      token: admin,
    });
    expect(erased.status).toBe(200);
    expect(await objectsOf(session.id)).toEqual([]);
    expect((await open(links?.url as string)).status).toBe(404);
  });

  it("an archived session's files stay readable through its links", async () => {
    const session = await createSession();
    const file = await uploaded(session.id, pdf(), "bill.pdf");
    await sendFiles(session.id, [file.id], { content: "the bill" });
    const resolved = await postJson(
      `/sessions/${session.id}/resolve`,
      {},
      { token: supervisorToken },
    );
    expect(resolved.status).toBe(200);
    await archiver().run();
    const page = await call(`/sessions/${session.id}`, { token: agentToken });
    const body = await page.json<{ archived?: boolean; messages: MessageBody[] }>();
    expect(body.archived).toBe(true);
    expect(body.messages.find((m) => m.content === "the bill")?.attachments?.[0]?.id).toBe(file.id);
    const { links } = await linksOf(session.id, file.id, agentToken);
    expect([...(await bytesOf(await open(links?.url as string)))]).toEqual([...pdf()]);
  });
});

/** PNG's CRC-32, written out here so that the test does not trust the code it tests. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
