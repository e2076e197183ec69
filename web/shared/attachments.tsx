import { useEffect, useRef, useState } from "hono/jsx/dom";
import type { WireMessage } from "../../src/client/live";
import type { FileLinks, LinkCache } from "./file-links";
import { formatSize } from "./upload";

// The files a message carries, in the transcript: a picture for an image (its preview, or the image
// itself), a download link with name and size for anything else. Names are text, isolated (bdi).

type Attachment = NonNullable<WireMessage["attachments"]>[number];

/** What a file in the transcript says, in the reader's words. */
export interface AttachmentWords {
  size: (bytes: number) => string;
  /** The link's tooltip: a picture opens, anything else downloads. */
  open: (name: string) => string;
  download: (name: string) => string;
}

const ENGLISH: AttachmentWords = {
  size: (bytes) => formatSize(bytes),
  open: (name) => `Open ${name}`,
  download: (name) => `Download ${name}`,
};

/** Every picture takes this box before it loads, so the transcript does not jump. */
const BOX = { width: 200, height: 150 };

export function Attachments({
  sessionId,
  files,
  links,
  internal = false,
  words = ENGLISH,
}: {
  sessionId: string;
  files: Attachment[];
  links: LinkCache;
  /** English by default. */
  words?: AttachmentWords;
  /** They belong to an internal note: marked so, like the note. */
  internal?: boolean;
}) {
  return (
    <ul class={`attachments${internal ? " internal" : ""}`}>
      {files.map((file) => (
        <AttachmentItem
          sessionId={sessionId}
          file={file}
          links={links}
          internal={internal}
          words={words}
        />
      ))}
    </ul>
  );
}

function AttachmentItem({
  sessionId,
  file,
  links,
  internal,
  words,
}: {
  sessionId: string;
  file: Attachment;
  links: LinkCache;
  internal: boolean;
  words: AttachmentWords;
}) {
  const [link, setLink] = useState<FileLinks | null>(links.fresh(file.id));
  const renewed = useRef(false);
  useEffect(() => {
    let shown = true;
    if (!link) void links.get(sessionId, file.id).then((got) => shown && got && setLink(got));
    return () => {
      shown = false;
    };
  }, [file.id]);

  // An expired link is renewed first, then opened (within the click's user activation).
  const open = (event: MouseEvent) => {
    if (links.fresh(file.id)) return;
    event.preventDefault();
    void links.get(sessionId, file.id).then((fresh) => {
      if (!fresh) return;
      setLink(fresh);
      window.open(fresh.url, "_blank", "noopener,noreferrer");
    });
  };
  // A picture that does not load (its link expired while the transcript was open): new links, once.
  const broken = () => {
    if (renewed.current) return;
    renewed.current = true;
    void links.renew(sessionId, file.id).then((fresh) => fresh && setLink(fresh));
  };

  const image = file.content_type.startsWith("image/");
  const caption = (
    <span class="caption">
      <bdi class="name">{file.name}</bdi> <span class="size">{words.size(file.size)}</span>
      {internal && <span class="tag"> · Internal</span>}
    </span>
  );
  return (
    <li class={image ? "file image" : "file"}>
      <a
        href={link?.url}
        target="_blank"
        rel="noopener noreferrer"
        download={image ? undefined : file.name}
        onClick={open}
        title={image ? words.open(file.name) : words.download(file.name)}
      >
        {/* The box stays while its picture comes: what follows it never moves or re-renders. */}
        {image && (
          <span class="picture">
            {link && (
              <img
                src={link.preview_url ?? link.url}
                alt={file.name}
                loading="lazy"
                width={BOX.width}
                height={BOX.height}
                onError={broken}
              />
            )}
          </span>
        )}
        {!image && (
          <span class="icon" aria-hidden="true">
            ⤓
          </span>
        )}
        {caption}
      </a>
    </li>
  );
}
