import { useRef, useState } from "hono/jsx/dom";
import type { PendingFile } from "./file-queue";
import { formatSize } from "./upload";

// Picking files to send: a button (the file chooser), pasting (pictures from the clipboard), dropping
// onto the conversation; and the picked files in the composer, each with its progress or refusal.

/** `words`: the button's text and hint in the reader's language (English by default). */
export function AttachButton({
  onFiles,
  words = { label: "Attach files", hint: "Attach files (or paste or drop them here)" },
}: {
  onFiles: (files: File[]) => void;
  words?: { label: string; hint: string };
}) {
  const input = useRef<HTMLInputElement>(null);
  const picked = () => {
    const files = [...(input.current?.files ?? [])];
    if (input.current) input.current.value = ""; // the same file may be picked again
    if (files.length) onFiles(files);
  };
  return (
    <>
      <input type="file" multiple hidden ref={input} onChange={picked} />
      <button
        type="button"
        class="attach secondary"
        title={words.hint}
        onClick={() => input.current?.click()}
      >
        {words.label}
      </button>
    </>
  );
}

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes("Files") ?? false;

/** Drop handlers for the area files may be dropped on, and whether files are over it now. */
export function useFileDrop(onFiles: (files: File[]) => void) {
  const [dropping, setDropping] = useState(false);
  // dragenter and dragleave fire for every child crossed: count them.
  const depth = useRef(0);
  return {
    dropping,
    handlers: {
      onDragEnter: (event: DragEvent) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setDropping(true);
      },
      onDragOver: (event: DragEvent) => {
        if (carriesFiles(event)) event.preventDefault();
      },
      onDragLeave: () => {
        depth.current = Math.max(0, depth.current - 1);
        if (!depth.current) setDropping(false);
      },
      onDrop: (event: DragEvent) => {
        const files = [...(event.dataTransfer?.files ?? [])];
        depth.current = 0;
        setDropping(false);
        if (!files.length) return;
        event.preventDefault();
        onFiles(files);
      },
    },
  };
}

/** The files of a paste (a screenshot from the clipboard), if any; then the paste is ours. */
export function pastedFiles(event: ClipboardEvent): File[] {
  const files = [...(event.clipboardData?.files ?? [])];
  if (files.length) event.preventDefault();
  return files;
}

/** What a file on its way says, in the reader's language. */
export interface FileWords {
  notSent: (reason: string) => string;
  ready: string;
  waiting: string;
  whenOnline: string;
  uploading: (name: string) => string;
  remove: (name: string) => string;
  size: (bytes: number) => string;
}

const ENGLISH_FILE_WORDS: FileWords = {
  notSent: (reason) => `Can't be sent: ${reason}`,
  ready: "Ready",
  waiting: "Waiting to upload…",
  whenOnline: "Uploads when you are back online",
  uploading: (name) => `Uploading ${name}`,
  remove: (name) => `Remove ${name}`,
  size: (bytes) => formatSize(bytes),
};

/** Files on their way: in the composer (removable) or in a message not stored yet. */
export function PendingFiles({
  files,
  onRemove,
  words = ENGLISH_FILE_WORDS,
}: {
  files: PendingFile[];
  onRemove?: (key: string) => void;
  words?: FileWords;
}) {
  if (!files.length) return null;
  return (
    <ul class="pending-files">
      {files.map((file) => (
        <li class={`pending-file ${file.state}`}>
          {file.thumbnail ? (
            <img src={file.thumbnail} alt="" width={40} height={40} />
          ) : (
            <span class="icon" aria-hidden="true">
              ⤓
            </span>
          )}
          <span class="about">
            <span class="title">
              <bdi class="name">{file.name}</bdi> <span class="size">{words.size(file.size)}</span>
            </span>
            <FileStatus file={file} words={words} />
          </span>
          {onRemove && (
            <button
              type="button"
              class="remove"
              aria-label={words.remove(file.name)}
              onClick={() => onRemove(file.key)}
            >
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

function FileStatus({ file, words }: { file: PendingFile; words: FileWords }) {
  if (file.state === "refused") {
    return (
      <span class="reason" role="alert">
        {words.notSent(file.reason ?? "")}
      </span>
    );
  }
  if (file.state === "uploaded") return <span class="progress-text">{words.ready}</span>;
  if (file.state === "waiting") {
    return <span class="progress-text">{navigator.onLine ? words.waiting : words.whenOnline}</span>;
  }
  return (
    <progress
      max={1}
      value={file.progress}
      aria-label={words.uploading(file.name)}
      title={`${Math.round(file.progress * 100)}%`}
    />
  );
}
