import type { Team } from "./desk";

// How the console words what it shows: names rather than ids, loads as numbers.

/** A team's name, or its id while the teams are not loaded (or it was deleted). */
export const teamName = (teams: Record<string, Team>, id: string) => teams[id]?.name ?? id;

/** "2 of 5 chats": what an agent holds against the capacity that binds them. */
export const loadText = (assigned: number, capacity: number) =>
  `${assigned} of ${capacity} ${capacity === 1 ? "chat" : "chats"}`;

export const roleName = (role: string) => (role === "service_agent" ? "agent" : role);

/** At most `length` characters of `text` (never half of one), with an ellipsis if cut. */
export function excerpt(text: string, length: number): string {
  const characters = [...text];
  return characters.length > length ? `${characters.slice(0, length).join("")}…` : text;
}

/** A moment in the agent's own locale and time zone, to the second ("Dec 5, 2026, 2:58:17 AM"). */
export const timeText = (at: string) =>
  new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
