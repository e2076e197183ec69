// The files check's misuse of names and ids: a name meant to escape a path, break a header or read
// backwards; a file sent by someone who did not upload it (another customer, an agent), or twice.
import { png } from "./files-samples.mjs";

const HOSTILE_NAME = '..\\..\\evil"\r\nX-Injected: 1\u202Egnp.exe.png';
/** What a name shown or offered as a download's must not hold: paths, quotes, breaks, overrides. */
const UNSAFE = /[/\\"\r\n\u202a-\u202e\u2066-\u2069]/;

/** Runs them in `owner`'s session ({id, token}); answers rows [case, answer]. */
export async function idChecks(client, owner, agent) {
  const { call, upload, links, startSession, expectThat } = client;
  const rows = [];
  const named = await upload(owner.id, HOSTILE_NAME, png(3000, 9).bytes, owner.token, "hostile");
  const link = await links(owner.id, named.body.id, owner.token);
  const served = await call("GET", link.body.url, { kind: "download" });
  const disposition = served.headers.get("content-disposition") ?? "";
  expectThat(
    named.status === 201 && !UNSAFE.test(named.body.name) && !/[\r\n]/.test(disposition),
    `a hostile name: ${named.status}, named ${JSON.stringify(named.body.name)}, served as ${disposition}`,
  );
  rows.push([
    "a name with ..\\, a quote, CR LF and U+202E",
    `named ${JSON.stringify(named.body.name)}`,
  ]);

  const send = (sessionId, token) =>
    call("POST", `/sessions/${sessionId}/messages`, {
      token,
      json: { attachment_ids: [named.body.id] },
      kind: "misused ids",
    });
  const thief = await startSession();
  const attempts = [
    ["another customer sends it, in their session", () => send(thief.id, thief.token), 409],
    ["another customer sends it, in its session", () => send(owner.id, thief.token), 404],
    ["an agent sends the customer's unsent file", () => send(owner.id, agent), 409],
    [
      "an agent asks for its link before it is sent",
      () => links(owner.id, named.body.id, agent),
      404,
    ],
    ["its uploader sends it", () => send(owner.id, owner.token), 201],
    ["its uploader sends it again", () => send(owner.id, owner.token), 409],
  ];
  for (const [what, attempt, expected] of attempts) {
    const answer = await attempt();
    expectThat(answer.status === expected, `${what}: ${answer.status}, expected ${expected}`);
    rows.push([`a file: ${what}`, `${answer.status}`]);
  }
  const thiefRead = await call("GET", `/sessions/${thief.id}?limit=50`, { token: thief.token });
  expectThat(
    !thiefRead.body.messages.some((m) => m.attachments?.length),
    "another customer's session shows a file it never uploaded",
  );
  return rows;
}
