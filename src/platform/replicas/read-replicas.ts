import type { MiddlewareHandler } from "hono";
import { setAnswerHeader } from "../http/answer-header";
import { problemResponse } from "../http/problem";
import { BOOKMARK_HEADER, BOOKMARK_PATTERN } from "./bookmark";
import type { ReplicatedDatabase } from "./replicated-database";

/**
 * Each request's queries run in one D1 session. A read (GET) may be served by the nearest replica
 * ("first-unconstrained"); anything else writes, or decides from what it reads (claims, transitions),
 * so it starts on the primary ("first-primary"), as does a WebSocket upgrade. A client that sends back the bookmark of an
 * earlier answer reads at least what that answer saw: its own writes. The answer carries the
 * session's bookmark.
 */
export function readReplicas(database: ReplicatedDatabase): MiddlewareHandler {
  return async (c, next) => {
    const sent = c.req.header(BOOKMARK_HEADER);
    if (sent !== undefined && !BOOKMARK_PATTERN.test(sent)) {
      return problemResponse({
        title: "Bad Request",
        status: 400,
        detail: `${BOOKMARK_HEADER} is not a bookmark: send back the value of an earlier answer's ${BOOKMARK_HEADER} header.`,
      });
    }
    // A socket's upgrade cannot carry the header (browsers' WebSocket sends none): it opens right
    // after its ticket was written, so it reads the primary.
    const upgrade = c.req.header("Upgrade")?.toLowerCase() === "websocket";
    const reads = (c.req.method === "GET" || c.req.method === "HEAD") && !upgrade;
    const start = sent || (reads ? "first-unconstrained" : "first-primary");
    const bookmark = await database.inSession(start, next);
    // An upgraded socket's answer is the room's own, and final.
    if (bookmark && c.res.status !== 101) setAnswerHeader(c, BOOKMARK_HEADER, bookmark);
  };
}
