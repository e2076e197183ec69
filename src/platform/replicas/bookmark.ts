/** The request and answer header carrying a D1 bookmark (read replication: read your own writes). */
export const BOOKMARK_HEADER = "X-D1-Bookmark";
/** A D1 bookmark: groups of hex digits joined by dashes (opaque otherwise). */
export const BOOKMARK_PATTERN = /^[0-9a-f]{1,64}(?:-[0-9a-f]{1,64}){0,7}$/i;
