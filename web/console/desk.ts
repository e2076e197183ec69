import type { InferResponseType } from "hono/client";
import { backoffDelay, type QueueFrame } from "../../src/client/live";
import { createRestClient, type RestClient } from "../../src/client/rest";
import { claimsOf } from "./auth";
import { DeskLabels, parseQueueFrame } from "./desk-labels";
import { HeldSessions } from "./held-sessions";
import type { LabelRef } from "./labels";
import { settle } from "./problem";

// The agent's desk, without any view: who they are, the teams, the queue lists, one live socket per
// team they follow and one per session they hold. Every frame, and every reconnect, reads the lists and the agent's own
// load again (the lists are the truth; frames only say when to look), so a console that was offline
// is correct once it is back.

export type Me = InferResponseType<RestClient["agents"]["me"]["$get"], 200>;
export type Row = InferResponseType<RestClient["sessions"]["$get"], 200>["sessions"][number];
export type Team = InferResponseType<RestClient["teams"]["$get"], 200>["teams"][number];
export type View = "waiting" | "mine" | "all";

/** Who is signed in: an agent (as /agents/me says), or an admin, who is no agent (takes no chats). */
export interface SignedIn {
  id: string;
  name: string | null;
  role: string;
}

export interface DeskState {
  signedIn: SignedIn | null;
  /** The agent, as routing sees them; null for an admin. */
  me: Me | null;
  /** Every team, by id (names to show instead of ids; which ones have service levels). */
  teams: Record<string, Team>;
  rows: Record<View, Row[]>;
  /** The label the lists are filtered by (null: none). */
  label: string | null;
  /** The desk's labels, by name, kept live (null: not read yet). */
  labels: LabelRef[] | null;
  connection: "connecting" | "live" | "offline";
  notice: string | null;
}

const LISTS: Record<View, Record<string, string>> = {
  waiting: { status: "open", sort: "waiting", limit: "100" },
  mine: { assignee: "me", status: "assigned", sort: "activity", limit: "100" },
  all: { sort: "activity", limit: "100" },
};
/** Frames within this are one read of the lists. */
const REFRESH_MS = 250;
/** Waits between tries to reach the service (doubling, capped, with jitter). */
const BACKOFF = { initialMs: 500, maxMs: 15_000 };

/** What a queue said changed in a session. */
export type SessionChangeListener = (
  sessionId: string,
  change: Extract<QueueFrame, { type: "queue" }>["change"],
) => void;

export const isSupervisor = (who: SignedIn | null) =>
  who?.role === "supervisor" || who?.role === "admin";
export const isAdmin = (who: SignedIn | null) => who?.role === "admin";

export class Desk {
  state: DeskState = {
    signedIn: null,
    me: null,
    teams: {},
    rows: { waiting: [], mine: [], all: [] },
    label: null,
    labels: null,
    connection: "connecting",
    notice: null,
  };
  readonly api: RestClient;
  private listeners = new Set<(state: DeskState) => void>();
  private changes = new Set<SessionChangeListener>();
  private sockets = new Map<string, WebSocket>();
  private stopped = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Team ids the lists named that were not known: asked for once each. */
  private askedFor = new Set<string>();
  /** The rooms of the sessions the agent holds: their messages are not queue news. */
  private readonly held: HeldSessions;
  private readonly labels: DeskLabels;

  constructor(
    /** The agent's token (uploads send it themselves: XMLHttpRequest, not the REST client). */
    readonly token: string,
    private readonly onSignedOut: () => void,
  ) {
    this.api = createRestClient(location.origin, { token });
    this.held = new HeldSessions(this.api, () => this.refreshSoon());
    this.labels = new DeskLabels(
      this.api,
      () => this.state.labels,
      (labels) => this.update({ labels }),
    );
  }

  subscribe(listener: (state: DeskState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears what the queues say changed in a session (an open conversation reads itself again). */
  onSessionChange(listener: SessionChangeListener): () => void {
    this.changes.add(listener);
    return () => this.changes.delete(listener);
  }

  async start(attempt = 0): Promise<void> {
    if (this.stopped) return;
    const claims = claimsOf(this.token);
    if (claims?.role === "admin" && claims.sub) {
      // Admins take no chats (the service knows them as no agent): they follow every queue.
      this.update({ signedIn: { id: claims.sub, name: claims.name ?? null, role: "admin" } });
      // Every team's queue is theirs to follow: not before the teams are known.
      if (!(await this.loadTeams())) return this.startAgain(attempt);
      return this.begin([...Object.keys(this.state.teams), null]);
    }
    const response = await this.api.agents.me.$get().catch(() => null);
    if (response?.status === 401) return this.onSignedOut();
    if (!response || response.status >= 500) return this.startAgain(attempt);
    if (response.status !== 200) {
      this.update({ notice: "The console is for agents: this token cannot use it." });
      return;
    }
    const me = await response.json();
    const signedIn = { id: me.id, name: me.name, role: me.role };
    this.update({ me, signedIn });
    void this.loadTeams();
    // Agents follow their teams (or the sessions in no team, if they are in none); supervisors
    // also follow the sessions in no team.
    const teams: (string | null)[] = [...me.teams];
    if (!teams.length || isSupervisor(signedIn)) teams.push(null);
    return this.begin(teams);
  }

  /** Not answered (the network, a restart): asked again with backoff, as a socket reconnects. */
  private startAgain(attempt: number): void {
    this.update({ connection: "offline" });
    setTimeout(() => void this.start(attempt + 1), backoffDelay(attempt, BACKOFF));
  }

  private async begin(teams: (string | null)[]): Promise<void> {
    for (const team of teams) void this.follow(team, 0);
    await this.refresh();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.refreshTimer);
    for (const socket of this.sockets.values()) socket.close(1000, "signed out");
    this.sockets.clear();
    this.held.stop();
  }

  /** A list as CSV, as filtered here (every page of it up to the export's limit). */
  exportList(view: View) {
    const { limit: _, ...filters } = LISTS[view];
    const { label } = this.state;
    return this.api.exports.sessions.$get({ query: { ...filters, ...(label && { label }) } });
  }

  /** Lists only the sessions carrying `label` (null: all), read again at once. */
  filterByLabel(label: string | null): void {
    this.update({ label });
    void this.refresh();
  }

  /** Reads every list again (now, or soon after a burst of frames). */
  refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), REFRESH_MS);
  }

  async refresh(): Promise<void> {
    this.labels.readIfStale();
    const { label } = this.state;
    const [pages] = await Promise.all([this.readLists(), this.readMe()]);
    // Lists read for a filter since changed are not shown.
    if (label !== this.state.label) return;
    const rows = { ...this.state.rows };
    for (const [view, sessions] of pages) if (sessions) rows[view] = sessions;
    this.update({ rows });
    if (!this.stopped) this.held.follow(rows.mine);
    // A team created since the console started: read the teams again (once for each such id).
    const named = Object.values(rows).flatMap((list) => list.map((row) => row.team_id));
    const unknown = [...named, ...(this.state.me?.teams ?? [])].filter(
      (id): id is string => id !== null && !(id in this.state.teams) && !this.askedFor.has(id),
    );
    for (const id of unknown) this.askedFor.add(id);
    if (unknown.length) void this.loadTeams();
  }

  /** Reads every team (their names; which have service levels); false if the service did not answer. */
  async loadTeams(): Promise<boolean> {
    const response = await this.api.teams.$get().catch(() => null);
    if (response?.status === 401) this.onSignedOut();
    if (response?.status !== 200) return false;
    const { teams } = await response.json();
    this.update({ teams: Object.fromEntries(teams.map((team) => [team.id, team])) });
    return true;
  }

  private readLists() {
    return Promise.all(
      (Object.keys(LISTS) as View[]).map(async (view) => {
        const { label } = this.state;
        const query = { ...LISTS[view], ...(label && { label }) };
        const response = await this.api.sessions.$get({ query }).catch(() => null);
        if (response?.status === 401) this.onSignedOut();
        return [view, response?.status === 200 ? (await response.json()).sessions : null] as const;
      }),
    );
  }

  /** The agent as routing sees them now: how many chats they hold changes with the lists. */
  private async readMe(): Promise<void> {
    if (!this.state.me) return;
    const response = await this.api.agents.me.$get().catch(() => null);
    if (response?.status === 200) this.update({ me: await response.json() });
  }

  async setStatus(status: "online" | "away"): Promise<void> {
    const set = await settle<Partial<Me>>(
      this.api.agents.me.status.$put({ json: { status } }),
      200,
    );
    if ("problem" in set) this.update({ notice: set.problem });
    else if (this.state.me) this.update({ me: { ...this.state.me, ...set.value } });
  }

  /** Takes the next waiting session (triage order); answers its id, or says why not. */
  async claimNext(): Promise<string | null> {
    const claimed = await settle<{ id: string }>(this.api.queue.claim.$post(), 200);
    if ("problem" in claimed) {
      this.update({ notice: claimed.problem });
      return null;
    }
    this.refreshSoon();
    return claimed.value.id;
  }

  dismissNotice(): void {
    this.update({ notice: null });
  }

  /** Reconnects what is down now (the network or the tab is back), not after its backoff. */
  wake(): void {
    for (const [team, socket] of this.sockets) {
      if (socket.readyState === WebSocket.CLOSED) void this.follow(team === "" ? null : team, 0);
    }
    this.held.wake();
    this.refreshSoon();
  }

  /** The network is gone: lets the sockets go now (they reconnect with backoff, or on wake). */
  drop(): void {
    for (const socket of this.sockets.values()) socket.close(4000, "offline");
    this.held.drop();
  }

  private async follow(team: string | null, attempt: number): Promise<void> {
    if (this.stopped) return;
    const key = team ?? "";
    const query = team ? { team } : {};
    const retry = () => {
      this.connection();
      if (!this.stopped)
        setTimeout(() => void this.follow(team, attempt + 1), backoffDelay(attempt, BACKOFF));
    };
    const ticket = await this.api.queue["live-ticket"].$post({ query }).catch(() => null);
    if (ticket?.status === 401) return this.onSignedOut();
    if (ticket?.status !== 201) return retry();
    const url = new URL("/queue/live", location.origin.replace(/^http/, "ws"));
    if (team) url.searchParams.set("team", team);
    url.searchParams.set("ticket", (await ticket.json()).ticket);
    const socket = new WebSocket(url);
    this.sockets.set(key, socket);
    socket.addEventListener("open", () => {
      attempt = 0;
      this.connection();
      this.labels.reconnected();
      this.refreshSoon(); // whatever changed while this socket was down
    });
    socket.addEventListener("message", (event) => {
      // A filter on a label that is gone would list nothing.
      const frame = parseQueueFrame(event.data);
      if (this.labels.pushed(frame) === this.state.label) this.update({ label: null });
      if (frame?.type === "queue") {
        for (const listener of this.changes) listener(frame.session.id, frame.change);
      }
      this.refreshSoon();
    });
    socket.addEventListener("close", () => {
      if (this.sockets.get(key) === socket) retry();
    });
  }

  private connection(): void {
    const states = [...this.sockets.values()].map((s) => s.readyState);
    const connection =
      states.length && states.every((s) => s === WebSocket.OPEN)
        ? "live"
        : states.some((s) => s === WebSocket.CONNECTING)
          ? "connecting"
          : "offline";
    if (connection !== this.state.connection) this.update({ connection });
  }

  private update(change: Partial<DeskState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener(this.state);
  }
}
