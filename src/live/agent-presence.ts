import { DurableObject } from "cloudflare:workers";
import { type Services, servicesFor } from "../composition";

/** Storage keys: the agent, their open consoles (socket id -> expiry ms), what D1 was told, when to go offline. */
const AGENT = "agent";
const CONSOLES = "consoles";
const CONNECTED = "connected";
const OFFLINE_AT = "offline-at";

interface Agent {
  id: string;
  name: string | null;
}

/**
 * One per agent: whether any console of theirs is open, over all the queue rooms it follows. The
 * first console to open makes them connected; when the last one closes they stay connected for a
 * grace period (AGENT_OFFLINE_GRACE_SECONDS: a page reload, a flaky network) and then go offline.
 * A console that vanished without a close (its room restarted) counts until its token expires.
 * Routing reads the outcome from D1 (agents.connected); this object writes it on each change, one
 * operation at a time (a D1 write is awaited with other calls held back, so none sees it half done).
 */
export class AgentPresence extends DurableObject<Env> {
  private readonly services: Services;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.services = servicesFor(env);
  }

  /** A console opened (its socket's id, and when its token expires, if it does). */
  opened(agent: Agent, socket: string, expiresAt: number | null): Promise<void> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const { kv } = this.ctx.storage;
      kv.put(AGENT, agent);
      kv.put(CONSOLES, { ...this.consoles(), [socket]: expiresAt ?? Number.POSITIVE_INFINITY });
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
      await this.settle();
    });
  }

  /** Consoles whose token expired are gone; past the grace period with none left, offline. */
  override alarm(): Promise<void> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const { kv } = this.ctx.storage;
      const now = Date.now();
      const consoles = this.consoles();
      for (const [socket, expiresAt] of Object.entries(consoles)) {
        if (expiresAt <= now) delete consoles[socket];
      }
      kv.put(CONSOLES, consoles);
      const offlineAt = kv.get<number>(OFFLINE_AT);
      if (offlineAt !== undefined && offlineAt <= now) {
        kv.delete(OFFLINE_AT);
        await this.tell(false);
      }
      await this.settle();
    });
  }

  /** With no console left, the grace period starts (once); the alarm is set for what is next. */
  private async settle(): Promise<void> {
    const { kv } = this.ctx.storage;
    const idle = Object.keys(this.consoles()).length === 0;
    if (idle && kv.get(CONNECTED) === true && kv.get(OFFLINE_AT) === undefined) {
      kv.put(OFFLINE_AT, Date.now() + this.services.config.agentOfflineGraceSeconds * 1000);
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

  /** One alarm, at the earliest of the offline time and a console's token expiry. */
  private async rearm(): Promise<void> {
    const times = [
      ...Object.values(this.consoles()),
      this.ctx.storage.kv.get<number>(OFFLINE_AT) ?? Number.POSITIVE_INFINITY,
    ].filter(Number.isFinite);
    if (times.length) await this.ctx.storage.setAlarm(Math.min(...times));
    else await this.ctx.storage.deleteAlarm();
  }

  private consoles(): Record<string, number> {
    return this.ctx.storage.kv.get<Record<string, number>>(CONSOLES) ?? {};
  }
}

/** The presence object of an agent, named by their id. */
export function presenceOf(namespace: DurableObjectNamespace<AgentPresence>, agentId: string) {
  return namespace.get(namespace.idFromName(agentId));
}
