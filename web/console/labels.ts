import type { InferResponseType } from "hono/client";
import type { RestClient } from "../../src/client/rest";
import { PALETTE } from "../../src/features/labels/palette";
import { problemText, UNREACHED_CHANGE } from "./problem";

// Labels without any view: the desk's labels, a session's, and the colours the console offers.

export type Label = InferResponseType<RestClient["labels"]["$get"], 200>["labels"][number];
export type LabelRef = Pick<Label, "id" | "name" | "colour">;
export { PALETTE };

/** Every label, by name (none if they cannot be read). */
export async function readLabels(api: RestClient): Promise<Label[]> {
  return (await readLabelList(api)) ?? [];
}

/** Every label, by name, or null when they cannot be read. */
export async function readLabelList(api: RestClient): Promise<Label[] | null> {
  const response = await api.labels.$get().catch(() => null);
  return response?.status === 200 ? (await response.json()).labels : null;
}

/** `labels` with label `id` as it is now (null: removed), still by name as the service sorts them. */
export function withLabel(labels: LabelRef[], id: string, label: LabelRef | null): LabelRef[] {
  const others = labels.filter((l) => l.id !== id);
  if (!label) return others;
  const key = (l: LabelRef) => l.name.toLowerCase();
  return [...others, label].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** A session's labels as the desk's labels now name and colour them; one removed is gone. */
export function asTheDeskHasThem(labels: LabelRef[], desk: LabelRef[] | null): LabelRef[] {
  if (!desk) return labels;
  const byId = new Map(desk.map((label) => [label.id, label]));
  return labels.flatMap((label) => byId.get(label.id) ?? []);
}

/** Puts a label on a session or takes it off; answers its labels now, or what went wrong. */
export async function changeSessionLabel(
  api: RestClient,
  sessionId: string,
  labelId: string,
  put: boolean,
): Promise<{ labels: LabelRef[] } | { problem: string }> {
  const route = api.sessions[":session_id"].labels[":label_id"];
  const param = { session_id: sessionId, label_id: labelId };
  const response = await (put ? route.$put({ param }) : route.$delete({ param })).catch(() => null);
  if (!response) return { problem: UNREACHED_CHANGE };
  if (response.status === 200) return await response.json();
  return { problem: await problemText(response) };
}

/** A session's labels, or null when they cannot be read. */
export async function readSessionLabels(api: RestClient, sessionId: string) {
  const response = await api.sessions[":session_id"].labels
    .$get({ param: { session_id: sessionId } })
    .catch(() => null);
  return response?.status === 200 ? (await response.json()).labels : null;
}
