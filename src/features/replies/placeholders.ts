// A saved reply's placeholders: the few a reply may name, and how each is filled in for a session.
// Pure text (no HTML): the console inserts the result into its composer as typed text.

/** What a placeholder is filled from, and what stands in when the session does not know it. */
export const PLACEHOLDERS = {
  "customer.name": { about: "the customer's name", fallback: "there" },
  "customer.first_name": { about: "the first word of the customer's name", fallback: "there" },
  "customer.email": { about: "the customer's email address", fallback: "" },
  "agent.name": {
    about: "the name of the agent inserting the reply",
    fallback: "the support team",
  },
  "team.name": { about: "the name of the session's team", fallback: "support" },
  "session.id": { about: "the session's id", fallback: "" },
} as const;

export type Placeholder = keyof typeof PLACEHOLDERS;
export type PlaceholderValues = Partial<Record<Placeholder, string | null>>;

/** `{{ name }}`, spaces inside the braces allowed. */
const PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

const isPlaceholder = (name: string): name is Placeholder => Object.hasOwn(PLACEHOLDERS, name);

/** The placeholders `text` names that are not in PLACEHOLDERS, each once, in order. */
export function unknownPlaceholders(text: string): string[] {
  const names = [...text.matchAll(PATTERN)].map((match) => match[1] ?? "");
  return [...new Set(names.filter((name) => !isPlaceholder(name)))];
}

/**
 * `text` with every placeholder replaced by its value, or its fallback where the value is missing
 * or blank. One pass: a value that itself looks like a placeholder stays as it is.
 */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PATTERN, (whole, name: string) => {
    if (!isPlaceholder(name)) return whole;
    const value = values[name]?.trim();
    return value ? value : PLACEHOLDERS[name].fallback;
  });
}

/** The values a session and the calling agent give. */
export function valuesFor(input: {
  customerName: string | null;
  customerEmail: string | null;
  agentName: string | null;
  teamName: string | null;
  sessionId: string;
}): PlaceholderValues {
  return {
    "customer.name": input.customerName,
    "customer.first_name": input.customerName?.trim().split(/\s+/)[0] ?? null,
    "customer.email": input.customerEmail,
    "agent.name": input.agentName,
    "team.name": input.teamName,
    "session.id": input.sessionId,
  };
}
