import type { WireMessage } from "../../src/client/live";

/** Who wrote a message, in words. */
export function authorOf(message: WireMessage): string {
  switch (message.author_type) {
    case "customer":
      return "You";
    case "bot":
      return message.author_name ?? "Assistant";
    case "system":
      return "Notice";
    default:
      return message.author_name ?? "Support";
  }
}

/** Saves the conversation as a text file, for the customer to keep. */
export function downloadTranscript(messages: WireMessage[]): void {
  const text = messages
    .map((m) => {
      const files = (m.attachments ?? []).map((file) => ` [file: ${file.name}]`).join("");
      return `[${new Date(m.timestamp).toLocaleString()}] ${authorOf(m)}: ${m.content}${files}`;
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
