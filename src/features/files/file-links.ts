import { sign, verify } from "../../platform/signing";
import type { Attachment } from "./attachment-repository";

// Links to a file's bytes that anyone holding them may follow until they expire: signed, not stored.

export type Variant = "original" | "preview";

/** Signed links to a file's bytes, valid until `expiresAt`. */
export interface FileLinks {
  url: string;
  previewUrl: string | null;
  expiresAt: Date;
}

/** Links to `file` at `base`, signed with `secret`, valid until `expires` (seconds since 1970). */
export async function signLinks(
  file: Attachment,
  base: string,
  secret: string,
  expires: number,
): Promise<FileLinks> {
  const url = async (variant: Variant, path: string) => {
    const signature = await sign(secret, linkMessage(file.id, variant, expires));
    return `${base}${path}?expires=${expires}&signature=${signature}`;
  };
  return {
    url: await url("original", ""),
    previewUrl: file.previewKey ? await url("preview", "/preview") : null,
    expiresAt: new Date(expires * 1000),
  };
}

/** Whether one of `secrets` signed this link to the file's variant (expired or not). */
export const isSignedLink = (
  secrets: string[],
  id: string,
  variant: Variant,
  link: { expires: number; signature: string },
) => verify(secrets, linkMessage(id, variant, link.expires), link.signature);

const linkMessage = (id: string, variant: Variant, expires: number) =>
  `file:${id}:${variant}:${expires}`;
