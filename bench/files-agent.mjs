// The files check's agent: reads the queue and every customer's session over and over while the
// customers upload, asks for the links of every file a message carries, and downloads each file
// once, comparing its bytes with what its customer sent.
import { byteDifference } from "./files-client.mjs";

const AT_ONCE = 4;

/**
 * Starts reading with `client` as `agent` (a token) over `customers` ({i, session, files}); `stop()`
 * makes one last pass and resolves. `verified` holds the ids of the files whose bytes were right.
 */
export function agentReader(client, agent, customers, fileNamed) {
  const { call, links, expectThat } = client;
  const verified = new Set();
  const stats = { passes: 0, reads: 0, links: 0, downloads: 0, downloadsMeanwhile: 0 };
  let stopping = false;

  const readSession = async ({ i, session, files }) => {
    const read = await call("GET", `/sessions/${session.id}?limit=50`, {
      token: agent,
      kind: "read session",
    });
    stats.reads++;
    if (!expectThat(read.status === 200, `agent reading session ${i}: ${read.status}`)) return;
    const carrying = read.body.messages.filter((m) => m.attachments?.length);
    expectThat(carrying.length <= 1, `session ${i} has ${carrying.length} messages with files`);
    for (const message of carrying) {
      const names = message.attachments.map((a) => a.name).join(",");
      expectThat(
        names === files.map((f) => f.name).join(","),
        `session ${i}: the agent reads files ${names}`,
      );
      for (const attachment of message.attachments) {
        const link = await links(session.id, attachment.id, agent);
        stats.links++;
        if (!expectThat(link.status === 200, `agent's link to ${attachment.name}: ${link.status}`))
          continue;
        if (verified.has(attachment.id)) continue;
        const got = await call("GET", link.body.url, { kind: "download" });
        stats.downloads++;
        if (!stopping) stats.downloadsMeanwhile++;
        const diff = byteDifference(got.body, fileNamed.get(attachment.name).served);
        if (
          expectThat(
            got.status === 200 && !diff,
            `agent downloading ${attachment.name}: ${got.status} ${diff}`,
          )
        )
          verified.add(attachment.id);
      }
    }
  };

  const pass = async () => {
    stats.passes++;
    const list = await call("GET", "/sessions?sort=activity&limit=50", {
      token: agent,
      kind: "list sessions",
    });
    expectThat(list.status === 200, `agent listing sessions: ${list.status}`);
    const queue = [...customers];
    await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        while (queue.length) await readSession(queue.shift());
      }),
    );
  };

  const loop = (async () => {
    while (!stopping) await pass();
    await pass();
  })();
  return {
    verified,
    stats,
    stop: () => {
      stopping = true;
      return loop;
    },
  };
}
