// The Durable Objects' stubs, typed from the generated Env: whoever calls an object imports this,
// never the object's class (nothing but the Worker's entry imports a Durable Object module).

/** The room of a session: one Durable Object per session, named by its id. */
export const roomOf = (rooms: Env["SESSION_ROOMS"], sessionId: string) =>
  rooms.get(rooms.idFromName(sessionId));

/** The queue room of a team (null: the sessions in no team). */
export const queueRoomOf = (rooms: Env["QUEUE_ROOM"], teamId: string | null) =>
  rooms.get(rooms.idFromName(teamId === null ? "queue" : `team:${teamId}`));

/** The presence object of an agent, named by their id. */
export const presenceOf = (presences: Env["AGENT_PRESENCE"], agentId: string) =>
  presences.get(presences.idFromName(agentId));

/** The outbox's one sweeper. */
export const outboxSweeperOf = (sweepers: Env["OUTBOX_SWEEPER"]) =>
  sweepers.get(sweepers.idFromName("outbox"));
