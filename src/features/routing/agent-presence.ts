import { DurableObject } from "cloudflare:workers";
import { queueRoomOf } from "../../platform/stubs";
import { type Services, servicesFor } from "../../services-for";

/**
 * Storage keys: the agent, their open consoles, what D1 was told, when to go offline, when a console
 * was last found alive, and when to look again.
 */
const AGENT = "agent";
const CONSOLES = "consoles";
const CONNECTED = "connected";
const OFFLINE_AT = "offline-at";
const ALIVE_AT = "alive-at";
const CHECK_AT = "check-at";

interface Agent {
  id: string;
  name: string | null;
}

/** A console: when its token expires (ms), and the queue room that holds its socket. */
interface Console {
  expiresAt: number;
  teamId: string | null;
}

/**
 * One per agent: whether any console of theirs is open, over all the queue rooms it follows. The
 * first console to open makes them connected; when the last one closes they stay connected for a
 * grace period (AGENT_OFFLINE_GRACE_SECONDS: a page reload, a flaky network) and then go offline.
 * A console can vanish without a close (its room restarted, a deploy dropped every socket): while
 * consoles are open, the object asks their rooms every half grace period whether they still hold
 * them, and one no room holds counts as closed since it was last found. Routing reads the outcome
 * from D1 (agents.connected); this object writes it on each change, one operation at a time (a D1
 * write is awaited with other calls held back, so none sees it half done).
 */
export class AgentPresence extends DurableObject<Env> {
  private readonly services: Services;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.services = servicesFor(env);
  }

  /** A console opened in `teamId`'s queue room (its socket's id, and when its token expires). */
  opened(agent: Agent, socket: string, expiresAt: number | null, teamId: string | null) {
    return this.ctx.blockConcurrencyWhile(async () => {
      const { kv } = this.ctx.storage;
      const now = Date.now();
      kv.put(AGENT, agent);
      kv.put(CONSOLES, {
        ...this.consoles(),
        [socket]: { expiresAt: expiresAt ?? Number.POSITIVE_INFINITY, teamId },
      });
      kv.put(ALIVE_AT, now);
      if (kv.get(CHECK_AT) === undefined) kv.put(CHECK_AT, now + this.checkEveryMs());
      kv.delete(OFFLINE_AT);
      await this.tell(true);
      await this.rearm();
    });
  }

  closed(socket: string): Promise<void> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const consoles = this.consoles();
      if (!(socket in consoles)) return;
      delete consoles[socket];
      this.ctx.storage.kv.put(CONSOLES, consoles);
      await this.settle(Date.now());
    });
  }

  /**
   * Consoles whose token expired are gone, and so are those no room holds any more (looked for every
   * half grace period); past the grace period with none left, offline.
   */
  override alarm(): Promise<void> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const { kv } = this.ctx.storage;
      const now = Date.now();
      const consoles = this.consoles();
      for (const [socket, { expiresAt }] of Object.entries(consoles)) {
        if (expiresAt <= now) delete consoles[socket];
      }
      let lastSeen = now;
      if ((kv.get<number>(CHECK_AT) ?? now) <= now && Object.keys(consoles).length) {
        const held = await this.held(consoles);
        for (const socket of Object.keys(consoles)) if (!held.has(socket)) delete consoles[socket];
        // Those that vanished were last seen alive at the previous look.
        if (held.size) kv.put(ALIVE_AT, now);
        else lastSeen = kv.get<number>(ALIVE_AT) ?? now;
        kv.put(CHECK_AT, now + this.checkEveryMs());
      }
      kv.put(CONSOLES, consoles);
      const offlineAt = kv.get<number>(OFFLINE_AT);
      if (offlineAt !== undefined && offlineAt <= now) {
        kv.delete(OFFLINE_AT);
        await this.tell(false);
      }
      await this.settle(lastSeen);
    });
  }

  /** The consoles their queue rooms still hold open (one question per room). */
  private async held(consoles: Record<string, Console>): Promise<Set<string>> {
    const byRoom = new Map<string | null, string[]>();
    for (const [socket, { teamId }] of Object.entries(consoles)) {
      byRoom.set(teamId, [...(byRoom.get(teamId) ?? []), socket]);
    }
    const answers = await Promise.all(
      [...byRoom].map(([teamId, sockets]) =>
        queueRoomOf(this.env.QUEUE_ROOM, teamId).openConsoles(sockets),
      ),
    );
    return new Set(answers.flat());
  }

  /**
   * With no console left, the grace period starts (once), counted from when the last one was last
   * known to be there; the alarm is set for what is next.
   */
  private async settle(lastSeen: number): Promise<void> {
    const { kv } = this.ctx.storage;
    const idle = Object.keys(this.consoles()).length === 0;
    if (idle) kv.delete(CHECK_AT);
    if (idle && kv.get(CONNECTED) === true && kv.get(OFFLINE_AT) === undefined) {
      const offlineAt = lastSeen + this.services.config.agentOfflineGraceSeconds * 1000;
      if (offlineAt <= Date.now()) await this.tell(false);
      else kv.put(OFFLINE_AT, offlineAt);
    }
    await this.rearm();
  }

  /** Writes the agent's connection to D1 if it changed; remembers it once written. */
  private async tell(connected: boolean): Promise<void> {
    const { kv } = this.ctx.storage;
    const agent = kv.get<Agent>(AGENT);
    if (!agent || kv.get(CONNECTED) === connected) return;
    await this.services.availability.presence(agent.id, agent.name, connected);
    kv.put(CONNECTED, connected);
  }

  /** One alarm, at the earliest of the offline time, the next look, and a console's expiry. */
  private async rearm(): Promise<void> {
    const { kv } = this.ctx.storage;
    const times = [
      ...Object.values(this.consoles()).map((c) => c.expiresAt),
      kv.get<number>(OFFLINE_AT) ?? Number.POSITIVE_INFINITY,
      kv.get<number>(CHECK_AT) ?? Number.POSITIVE_INFINITY,
    ].filter(Number.isFinite);
    if (times.length) await this.ctx.storage.setAlarm(Math.min(...times));
    else await this.ctx.storage.deleteAlarm();
  }

  /** How often open consoles are looked for in their rooms: half the grace period, at least 5 s. */
  private checkEveryMs(): number {
    return Math.max(5, this.services.config.agentOfflineGraceSeconds / 2) * 1000;
  }

  private consoles(): Record<string, Console> {
    const stored = this.ctx.storage.kv.get<Record<string, Console | number>>(CONSOLES) ?? {};
    // Consoles stored as an expiry alone predate their room being recorded, and the deploy that
    // brought it dropped their sockets: gone.
    return Object.fromEntries(
      Object.entries(stored).filter(
        (entry): entry is [string, Console] => typeof entry[1] !== "number",
      ),
    );
  }
}
