import type { RestClient } from "../../src/client/rest";

/**
 * The URL of a session's live socket from `after` on, with a fresh single-use ticket; `watch`: a desk
 * following a held session (messages only, not shown as present).
 */
export async function sessionLiveUrl(
  api: RestClient,
  sessionId: string,
  after: number,
  watch = false,
): Promise<string> {
  const response = await api.sessions[":session_id"]["live-ticket"].$post({
    param: { session_id: sessionId },
  });
  if (response.status !== 201) throw new Error(`live ticket: ${response.status}`);
  const { ticket } = await response.json();
  const url = new URL(`/sessions/${sessionId}/live`, location.origin.replace(/^http/, "ws"));
  url.search = new URLSearchParams({
    after_seq: String(after),
    ticket,
    ...(watch && { watch: "true" }),
  }).toString();
  return url.toString();
}
