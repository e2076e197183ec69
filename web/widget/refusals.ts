import { showsSomething } from "../../src/core/wire/visible";
import type { FileWords } from "../shared/file-picking";
import type { RefusalWords } from "../shared/file-queue";
import { formatSize, type Refusal } from "../shared/upload";
import { count, language, t } from "./i18n";

// The service's refusals as the customer reads them: by status and problem type (src/platform/errors.ts,
// the live room's error frames), in their language and plain words. The service's English detail is
// for support: it goes to the browser's console, never on screen.

/** A size in the customer's words and digits ("2 kB", "١٠ ميغابايت"). */
function sizeInWords(bytes: number): string {
  return formatSize(bytes, language.locale);
}

/** A refusal of the chat itself (any request): the words, or null if it is not one. */
function chatRefusal({ status, type }: Refusal): string | null {
  if (status === 429 || type === "/problems/rate-limited") return t.tooFast;
  // Gone, expired, or resolved too long ago to reopen: only a new chat takes messages.
  if (status === 401 || status === 404 || status === 409) return t.chatEnded;
  return null;
}

/** Logs the service's own words, for whoever helps the customer. */
function logged(refusal: Refusal): Refusal {
  console.info("support chat refused:", refusal.status, refusal.type, refusal.detail);
  return refusal;
}

/** Why the service refused a message (`content`: its text), in the customer's words. */
export function messageRefusal(refusal: Refusal, content: string): string {
  const { status, type, fields } = logged(refusal);
  // A body over the service's limit is a message too long for it.
  if (status === 413) return t.messageTooLong;
  const aboutText = !fields || fields.some((field) => /^(body\.)?content\b/.test(field));
  if ((status === 400 || type === "/problems/validation-error") && aboutText) {
    // Of the text, the service checks only this: not too long, and something that shows. (A
    // socket's refusal names no field; the widget writes the rest of its frame itself.)
    return showsSomething(content) ? t.messageTooLong : t.messageEmpty;
  }
  return chatRefusal(refusal) ?? t.somethingWrong;
}

/** Why the service refused a file, in the customer's words. */
export function fileRefusal(refusal: Refusal): string {
  const { status, type, maxBytes } = logged(refusal);
  if (type === "/problems/file-quota") return t.fileQuota;
  if (status === 413 || type === "/problems/too-large") {
    return t.fileTooLarge(maxBytes ? sizeInWords(maxBytes) : undefined);
  }
  if (status === 415 || type === "/problems/unsupported-type") return t.fileType;
  if (status === 400 || type === "/problems/validation-error") return t.fileEmpty;
  return chatRefusal(refusal) ?? t.somethingWrong;
}

/** Anything else the live connection reports (not about one message). */
export function connectionProblem(refusal: Refusal): string {
  return chatRefusal(logged(refusal)) ?? t.somethingWrong;
}

export const REFUSAL_WORDS: RefusalWords = {
  file: fileRefusal,
  message: messageRefusal,
  tooManyFiles: (max) => t.tooManyFiles(count(max)),
};

export const FILE_WORDS: FileWords = {
  notSent: t.notSentBecause,
  ready: t.fileReady,
  waiting: t.fileWaiting,
  whenOnline: t.fileWhenOnline,
  uploading: t.uploading,
  remove: t.removeFile,
  size: sizeInWords,
};
