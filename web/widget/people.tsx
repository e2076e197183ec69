import type { Person } from "./chat-state";
import { count, t } from "./i18n";

/** Who someone is when they have no name to show. */
export function roleName(person: Person): string {
  return person.role === "service_agent" || person.role === "supervisor" ? t.anAgent : t.someone;
}

/**
 * "Alice", "Assistant and Alice", "Assistant, Alice and Bob", "Assistant, Alice and 3 others":
 * short enough for one line however many are here. Each name is isolated (<bdi>), so a name's
 * own direction controls cannot reorder the words around it.
 */
export function PeopleList({ names }: { names: string[] }) {
  const shown = names.length > 3 ? names.slice(0, 2) : names;
  const others = names.length - shown.length;
  return (
    <>
      {shown.map((name, i) => (
        <>
          {i > 0 && (i === shown.length - 1 && !others ? ` ${t.and} ` : ", ")}
          <bdi>{name}</bdi>
        </>
      ))}
      {others > 0 && ` ${t.and} ${t.others(count(others))}`}
    </>
  );
}

/** "Alice is typing…", the name isolated like every name. */
export function TypingLine({ person }: { person: Person | null }) {
  if (!person) return null;
  const name = person.role === "bot" ? t.assistant : (person.name ?? roleName(person));
  return (
    <>
      <bdi>{name}</bdi>
      {` ${t.isTyping}`}
    </>
  );
}
