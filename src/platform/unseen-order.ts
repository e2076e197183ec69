/**
 * Control characters, and the marks and overrides that reorder the text around them (U+061C, U+200E,
 * U+200F, U+202A-U+202E, U+2066-U+2069), as the body of a regular expression's character class:
 * what a name the chat shows (an agent's id or name) may not hold. Written with \u escapes, so a
 * document's pattern means the same with or without a validator's Unicode flag.
 */
export const UNSEEN_ORDER =
  "\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069";
