// What counts as text that shows, shared by the API's validation and the web clients' composers
// (which send nothing, as for an empty message, rather than a message the service would refuse).

/**
 * One character that shows: not white space, a control character, or an invisible one (zero-width
 * spaces and joiners, direction marks, soft hyphen, variation selectors, byte order mark). Written
 * with \u escapes of the Basic Multilingual Plane only, so the document's pattern means the same
 * with or without a validator's Unicode flag.
 */
export const VISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are among what it refuses
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: variation selectors are listed alone, to be refused alone
  /[^\s\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]/;

/** Whether `text` has a character that shows (else it is blank, however long). */
export const showsSomething = (text: string): boolean => VISIBLE.test(text);
