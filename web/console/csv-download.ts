import { problemText } from "./problem";

/** What an export answers, as the typed client gives it. */
export interface CsvAnswer {
  status: number;
  headers: Headers;
  blob(): Promise<Blob>;
  json(): Promise<unknown>;
}

/**
 * Downloads an export (it needs the bearer token, so no plain link): read with the token, saved
 * under the name the service gives. Answers what went wrong, or null.
 */
export async function downloadCsv(read: () => Promise<CsvAnswer>): Promise<string | null> {
  const answer = await read().catch(() => null);
  if (!answer) return "The service cannot be reached.";
  if (answer.status !== 200) return problemText(answer);
  const name =
    /filename="([^"]+)"/.exec(answer.headers.get("Content-Disposition") ?? "")?.[1] ?? "export.csv";
  const url = URL.createObjectURL(await answer.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}
