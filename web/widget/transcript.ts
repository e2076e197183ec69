import type { WireMessage } from "../../src/client/live";
import { dateTime, t } from "./i18n";

/** Who wrote a message, in words. */
export function authorOf(message: WireMessage): string {
  switch (message.author_type) {
    case "customer":
      return t.you;
    case "bot":
      // As the header, the presence line and its draft name it (AI_BOT_NAME is the desk's name).
      return t.assistant;
    case "system":
      return t.notice;
    default:
      return message.author_name ?? t.support;
  }
}

/** Saves the conversation as a text file, for the customer to keep. */
export function downloadTranscript(messages: WireMessage[]): void {
  const text = messages
    .map((m) => {
      const files = (m.attachments ?? []).map((file) => ` [file: ${file.name}]`).join("");
      return `[${dateTime(m.timestamp)}] ${authorOf(m)}: ${m.content}${files}`;
    })
    .join("\n");
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  const link = Object.assign(document.createElement("a"), {
    href: url,
    download: "chat-transcript.txt",
  });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
