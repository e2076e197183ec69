import { MATCH_END, MATCH_START } from "./search-sql";

/** A piece of a snippet: text as it is, and whether it is a matching word (to highlight). */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/**
 * snippet()'s text cut at its marks into plain parts; the marks themselves never reach the client,
 * so whatever a message holds is returned as text for the client to show as text.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  for (const piece of snippet.split(new RegExp(`([${MATCH_START}${MATCH_END}])`))) {
    if (piece === MATCH_START || piece === MATCH_END) {
      match = piece === MATCH_START;
      continue;
    }
    if (piece) parts.push({ text: piece, match });
  }
  return parts;
}
