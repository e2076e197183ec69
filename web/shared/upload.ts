// Sends a file's bytes to the service by XMLHttpRequest (fetch reports no upload progress), and says
// what came of it in terms a queue can act on: stored, refused for good (in words), or try again.

/** A file as the service stored it (POST /sessions/{id}/attachments). */
export interface Uploaded {
  id: string;
  name: string;
  content_type: string;
  size: number;
  preview: boolean;
}

/** What the service answered when it refused: its status, problem type and (English) detail. */
export interface Refusal {
  status: number;
  type: string | null;
  detail: string;
  /** The fields a validation problem names ("body.content"), where it names them. */
  fields?: string[];
  /** For a body too large: the most bytes it may have, where the service says (`max_bytes`). */
  maxBytes?: number;
}

export type UploadResult =
  | { kind: "stored"; file: Uploaded }
  | { kind: "refused"; refusal: Refusal }
  /** The line dropped or the service is busy: try again after `afterMs`. */
  | { kind: "retry"; afterMs: number };

export interface UploadTarget {
  /** The service's origin. */
  base: string;
  sessionId: string;
  token: string | undefined;
}

/** Uploads `body` as the file `name`; `onProgress` gets the share sent so far (0 to 1). */
export function uploadFile(
  target: UploadTarget,
  body: Blob,
  name: string,
  onProgress: (share: number) => void,
  signal?: AbortSignal,
): Promise<UploadResult> {
  const path = `/sessions/${target.sessionId}/attachments?name=${encodeURIComponent(name)}`;
  return send("POST", target, path, body, onProgress, signal);
}

/** Gives an uploaded image its preview (a smaller image made in the browser). */
export function uploadPreview(
  target: UploadTarget,
  attachmentId: string,
  preview: Blob,
): Promise<UploadResult> {
  const path = `/sessions/${target.sessionId}/attachments/${attachmentId}/preview`;
  return send("PUT", target, path, preview, () => {});
}

function send(
  method: string,
  target: UploadTarget,
  path: string,
  body: Blob,
  onProgress: (share: number) => void,
  signal?: AbortSignal,
): Promise<UploadResult> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.open(method, `${target.base}${path}`);
    // Always this type: the service decides the real one from the bytes.
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    if (target.token) xhr.setRequestHeader("Authorization", `Bearer ${target.token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => resolve(resultOf(xhr));
    xhr.onerror = xhr.ontimeout = xhr.onabort = () => resolve({ kind: "retry", afterMs: 0 });
    xhr.send(body);
  });
}

function resultOf(xhr: XMLHttpRequest): UploadResult {
  let answer: { type?: string; detail?: string; max_bytes?: number } & Partial<Uploaded> = {};
  try {
    answer = JSON.parse(xhr.responseText);
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  if (xhr.status === 200 || xhr.status === 201) return { kind: "stored", file: answer as Uploaded };
  if (xhr.status === 429 || xhr.status >= 500) {
    const seconds = Number(xhr.getResponseHeader("Retry-After"));
    return { kind: "retry", afterMs: Number.isFinite(seconds) ? seconds * 1000 : 0 };
  }
  const refusal = {
    status: xhr.status,
    type: answer.type ?? null,
    detail: answer.detail ?? "",
    ...(typeof answer.max_bytes === "number" && { maxBytes: answer.max_bytes }),
  };
  return { kind: "refused", refusal };
}

/** A refusal in words for the agent who picked the file (a customer's are the widget's). */
export function refusalOf({ status, type, maxBytes }: Refusal): string {
  if (type === "/problems/file-quota") return "this chat holds as many files as it may";
  if (status === 413) return `too large${maxBytes ? ` (max ${formatSize(maxBytes)})` : ""}`;
  if (status === 415) return "this type of file can't be sent";
  if (status === 400) return "this file is empty";
  if (status === 401 || status === 403 || status === 404) return "this chat can't take files now";
  return `couldn't be sent (${status})`;
}

/** A size in words: 830 bytes, 12 KB, 3.4 MB; in `locale`'s words and digits when given. */
export function formatSize(bytes: number, locale?: string): string {
  const mb = bytes / (1024 * 1024);
  const [value, unit] =
    bytes < 1024
      ? [bytes, "byte"]
      : bytes < 1024 * 1024
        ? [Math.round(bytes / 1024), "kilobyte"]
        : [mb < 10 ? Math.round(mb * 10) / 10 : Math.round(mb), "megabyte"];
  if (!locale) return `${value} ${unit === "byte" ? "bytes" : unit === "kilobyte" ? "KB" : "MB"}`;
  const display = unit === "byte" ? "long" : "short";
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: display }).format(value);
}
