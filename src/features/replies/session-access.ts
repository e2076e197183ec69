import type { Action } from "../../core/access";
import {
  type AccessPolicy,
  type Actor,
  authorizeUser,
  checkWorksOn,
  type User,
} from "../../core/access";
import type { ChatSession } from "../../core/chat";
import type { ChatRepository } from "../../core/db/chat-repository";
import { sessionNotFound } from "../../platform/errors";
import type { TeamRepository } from "../routing";

/**
 * The sessions an agent works on, as the queue lists them: their teams', those in no team, those
 * they hold; supervisors and admins any. Answers the caller and the session, else throws.
 */
export async function sessionWorkedOn(
  deps: {
    sessions: Pick<ChatRepository, "findSessionOnly">;
    teams: Pick<TeamRepository, "teamsOf">;
    settings: AccessPolicy;
  },
  actor: Actor,
  action: Action,
  sessionId: string,
): Promise<{ user: User; session: ChatSession }> {
  const user = authorizeUser(actor, action, deps.settings, sessionId);
  authorizeUser(actor, "session:read", deps.settings, sessionId);
  const session = await deps.sessions.findSessionOnly(sessionId);
  if (!session) throw sessionNotFound(sessionId);
  await checkWorksOn(user, session, async (teamId) =>
    (await deps.teams.teamsOf(user.subject)).includes(teamId),
  );
  return { user, session };
}
