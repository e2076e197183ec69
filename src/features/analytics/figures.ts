// What the analytics count, as the repository answers it (the API presents it: schemas.ts).
import type { HandoffReason } from "../../core/handoff";

export interface DurationStats {
  /** Seconds, nearest-rank percentiles; null without data. */
  median: number | null;
  p90: number | null;
  count: number;
}

export interface Figures {
  started: number;
  resolved: number;
  abandoned: number;
  firstResponse: DurationStats;
  resolution: DurationStats;
  averageRating: number | null;
  ratings: number;
}

/** The AI first responder's figures. */
export interface BotFigures {
  /** Sessions started (in the range) owned by the bot. */
  sessions: number;
  /** Of those, resolved without a person (never handed off, never assigned). */
  contained: number;
  /** contained / sessions; null without bot sessions. */
  containment: number | null;
  /** Handoffs (in the range), in all and by reason. */
  handoffs: number;
  handoffsByReason: Partial<Record<HandoffReason, number>>;
  /** Seconds from the start of the session to its handoff. */
  timeToHandoff: DurationStats;
  /** The bot's replies in sessions started in the range. */
  replies: number;
  /** Average rating of sessions resolved (in the range) by the bot alone, and with a person. */
  averageRatingBotOnly: number | null;
  averageRatingWithPerson: number | null;
}

/**
 * Service levels kept: of the sessions with a target that were answered or missed one (`measured`),
 * those that missed one (`breached`); attainment = (measured - breached) / measured.
 */
export interface ServiceLevelFigures {
  measured: number;
  breached: number;
  attainment: number | null;
}

export interface AgentFigures extends Figures {
  agentId: string;
  agentName: string | null;
  /** Times they were given a session (claimed, assigned, routed, transferred to them) in the range. */
  assignments: number;
  serviceLevels: ServiceLevelFigures;
}

/** A team's figures, over the sessions started in it in the range. */
export interface TeamFigures {
  teamId: string;
  started: number;
  firstResponse: DurationStats;
  serviceLevels: ServiceLevelFigures;
}

/** A label's figures, over the sessions carrying it that started or ended in the range. */
export interface LabelFigures {
  labelId: string;
  name: string;
  colour: string;
  started: number;
  resolved: number;
  abandoned: number;
  resolution: DurationStats;
  averageRating: number | null;
  ratings: number;
}
