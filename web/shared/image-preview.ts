// A small copy of an image, made in the browser before it is uploaded: what the transcript shows
// instead of the original. Drawing it on a canvas also leaves the original's metadata (EXIF) behind.

const LONGEST_SIDE = 480;
const MAX_BYTES = 512 * 1024;
const QUALITIES = [0.82, 0.65, 0.45];

/** Whether the browser can draw `type` for a preview. */
export const hasPreview = (type: string) =>
  ["image/png", "image/jpeg", "image/gif", "image/webp"].includes(type);

/** A WebP (or JPEG where WebP cannot be encoded) of `file`, its longest side at most 480 px. */
export async function makePreview(file: Blob): Promise<Blob | null> {
  let image: ImageBitmap;
  try {
    image = await createImageBitmap(file);
  } catch {
    return null; // not an image the browser can read: the transcript shows the original
  }
  const scale = Math.min(1, LONGEST_SIDE / Math.max(image.width, image.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(image.width * scale));
  canvas.height = Math.max(1, Math.round(image.height * scale));
  const context = canvas.getContext("2d");
  if (!context) return null;
  // JPEG has no transparency: white, as the transcript's background.
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  image.close();
  for (const quality of QUALITIES) {
    const webp = await encode(canvas, "image/webp", quality);
    const blob = webp?.type === "image/webp" ? webp : await encode(canvas, "image/jpeg", quality);
    if (blob && blob.size <= MAX_BYTES) return blob;
  }
  return null;
}

const encode = (canvas: HTMLCanvasElement, type: string, quality: number) =>
  new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, quality));
