import { call, type MessageBody, postJson } from "../../helpers";

// Files as the tests make and send them: real signatures, tiny bodies.

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A PNG's bytes: its signature, then `rest` (a decoder never sees it; the type is what counts). */
export const png = (rest = "IHDR....") =>
  new Uint8Array([...PNG_SIGNATURE, ...new TextEncoder().encode(rest)]);

export const pdf = () => new TextEncoder().encode("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n");

export const text = (value: string) => new TextEncoder().encode(value);

export interface Uploaded {
  id: string;
  name: string;
  content_type: string;
  size: number;
  preview: boolean;
  created_at: string;
}

/** Uploads `bytes` into a session (the session's customer by default), as the clients do. */
export function upload(
  sessionId: string,
  bytes: Uint8Array,
  name = "file.bin",
  init: { token?: string | null; headers?: Record<string, string> } = {},
) {
  return call(`/sessions/${sessionId}/attachments?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { "Content-Type": "application/octet-stream", ...init.headers },
    body: bytes,
    token: init.token,
  });
}

/** Uploads and expects it stored: the file as answered. */
export async function uploaded(
  sessionId: string,
  bytes: Uint8Array,
  name?: string,
  token?: string,
): Promise<Uploaded> {
  const response = await upload(sessionId, bytes, name, { token });
  if (response.status !== 201) {
    throw new Error(`upload: ${response.status} ${await response.text()}`);
  }
  return response.json<Uploaded>();
}

/** Sends a message carrying files; answers the status and the message. */
export async function sendFiles(
  sessionId: string,
  ids: string[],
  extra: Record<string, unknown> = {},
  token?: string,
) {
  const response = await postJson(
    `/sessions/${sessionId}/messages`,
    { attachment_ids: ids, ...extra },
    { token },
  );
  const body = await response.json<{ message?: MessageBody; detail?: string }>();
  return { status: response.status, message: body.message, body };
}

export interface Links {
  url: string;
  preview_url: string | null;
  expires_at: string;
}

/** The links endpoint: the status, and the links when 200. */
export async function linksOf(sessionId: string, id: string, token?: string | null) {
  const response = await call(`/sessions/${sessionId}/attachments/${id}`, { token });
  return { status: response.status, links: response.ok ? await response.json<Links>() : null };
}

/** Fetches a signed link through the Worker, with no token (as an `<img>` does). */
export function open(url: string, headers: Record<string, string> = {}) {
  const { pathname, search } = new URL(url);
  return call(`${pathname}${search}`, { token: null, headers });
}

export const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());
