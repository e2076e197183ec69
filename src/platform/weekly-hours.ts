// When people are at work: weekly hours in a time zone ("Mon-Fri 09:00-17:00, Sat 10:00-14:00").

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

export interface WeeklyHours {
  timeZone: string;
  /** Per day of the week (0 = Sunday): opening intervals in minutes after midnight, [from, to). */
  days: [number, number][][];
  /** As written, for messages to customers. */
  text: string;
}

const RULE =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat)(?:-(Sun|Mon|Tue|Wed|Thu|Fri|Sat))?\s+(\d\d):(\d\d)-(\d\d):(\d\d)$/;

/** Parses "Mon-Fri 09:00-17:00, Sat 10:00-14:00"; throws an Error that says what is wrong. */
export function parseWeeklyHours(text: string, timeZone: string): WeeklyHours {
  new Intl.DateTimeFormat("en", { timeZone }); // throws a RangeError for an unknown zone
  const days: [number, number][][] = DAYS.map(() => []);
  for (const rule of text.split(",").map((part) => part.trim())) {
    const match = RULE.exec(rule);
    if (!match) throw new Error(`"${rule}" is not like "Mon-Fri 09:00-17:00"`);
    const [, first, last, h1, m1, h2, m2] = match as unknown as string[];
    const from = Number(h1) * 60 + Number(m1);
    const to = Number(h2) * 60 + Number(m2);
    if (from >= to || to > 24 * 60) throw new Error(`"${rule}" does not end after it starts`);
    const start = DAYS.indexOf(first as (typeof DAYS)[number]);
    const end = DAYS.indexOf((last ?? first) as (typeof DAYS)[number]);
    for (let day = start; ; day = (day + 1) % 7) {
      days[day]?.push([from, to]);
      if (day === end) break;
    }
  }
  return { timeZone, days, text };
}

/** The day of the week (0 = Sunday) and the minute of the day at `at`, in `timeZone`. */
function localTime(at: Date, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
  return {
    day: DAYS.indexOf(get("weekday") as (typeof DAYS)[number]),
    minute: Number(get("hour")) * 60 + Number(get("minute")),
  };
}

export function isOpen(hours: WeeklyHours, at: Date): boolean {
  const { day, minute } = localTime(at, hours.timeZone);
  return (hours.days[day] ?? []).some(([from, to]) => minute >= from && minute < to);
}

/** When people are next at work after `at` (at a minute's precision), or null if never. */
export function nextOpening(hours: WeeklyHours, at: Date): Date | null {
  const { day, minute } = localTime(at, hours.timeZone);
  for (let ahead = 0; ahead <= 7; ahead++) {
    const weekday = (day + ahead) % 7;
    for (const [from] of (hours.days[weekday] ?? []).toSorted((a, b) => a[0] - b[0])) {
      const minutes = ahead * 24 * 60 + from - minute;
      if (minutes > 0) return new Date(Math.floor(at.getTime() / 60_000 + minutes) * 60_000);
    }
  }
  return null;
}
