import type { FileType } from "../../platform/config/files";

// Metadata that says where a photo was taken (EXIF's GPS, XMP) is blanked as the file streams
// through: the bytes of those blocks become zeros, so the file keeps its length (R2 is told the
// length up front) and stays valid, and no decoder finds the metadata any more.
//   JPEG: APP1 (EXIF, XMP) and APP13 (Photoshop's IPTC) segments, up to the image data.
//   PNG: eXIf, tEXt, iTXt and zTXt chunks, anywhere (their CRC is recomputed).
//   WebP: EXIF and XMP chunks.

/** A transform that blanks a file's metadata, for the types that carry it; null for the rest. */
export function metadataScrubber(type: FileType): TransformStream<Uint8Array, Uint8Array> | null {
  const scrubber =
    type === "image/jpeg"
      ? jpeg()
      : type === "image/png"
        ? png()
        : type === "image/webp"
          ? webp()
          : null;
  if (!scrubber) return null;
  return new TransformStream({
    transform(chunk, controller) {
      const copy = new Uint8Array(chunk);
      scrubber(copy);
      controller.enqueue(copy);
    },
  });
}

/** Walks the bytes of a file one chunk after another, blanking in place what it must. */
type Scrubber = (bytes: Uint8Array) => void;

function jpeg(): Scrubber {
  const BLANKED = new Set([0xe1, 0xed]);
  let offset = 0; // bytes of the file seen so far
  let state: "marker" | "type" | "len1" | "len2" | "payload" | "done" = "marker";
  let type = 0;
  let length = 0;
  let remaining = 0;
  return (bytes) => {
    for (let i = 0; i < bytes.length && state !== "done"; i++, offset++) {
      const byte = bytes[i] as number;
      if (offset < 2) continue; // SOI, FF D8 (checked by sniff)
      switch (state) {
        case "marker":
          if (byte !== 0xff)
            state = "done"; // not a segment: stop looking
          else state = "type";
          break;
        case "type":
          if (byte === 0xff) break; // fill bytes
          type = byte;
          if (type === 0xda || type === 0xd9)
            state = "done"; // image data, or end of image
          else if ((type >= 0xd0 && type <= 0xd7) || type === 0x01) state = "marker";
          else state = "len1";
          break;
        case "len1":
          length = byte << 8;
          state = "len2";
          break;
        case "len2":
          length |= byte;
          remaining = length - 2;
          state = remaining > 0 ? "payload" : "marker";
          break;
        case "payload": {
          const take = Math.min(remaining, bytes.length - i);
          if (BLANKED.has(type)) bytes.fill(0, i, i + take);
          remaining -= take;
          i += take - 1;
          offset += take - 1;
          if (remaining === 0) state = "marker";
          break;
        }
      }
    }
  };
}

function png(): Scrubber {
  const BLANKED = new Set(["eXIf", "tEXt", "iTXt", "zTXt"]);
  let offset = 0;
  let header = new Uint8Array(8); // a chunk's length and type
  let headerFill = 0;
  let remaining = 0; // bytes of data left in the current chunk
  let crcLeft = 0; // bytes of its CRC left
  let blank = false;
  let crc = 0;
  return (bytes) => {
    let i = 0;
    // The 8-byte signature.
    if (offset < 8) {
      i = Math.min(8 - offset, bytes.length);
      offset += i;
    }
    while (i < bytes.length) {
      if (remaining > 0) {
        const take = Math.min(remaining, bytes.length - i);
        if (blank) {
          bytes.fill(0, i, i + take);
          crc = crc32(bytes.subarray(i, i + take), crc);
        }
        remaining -= take;
        i += take;
      } else if (crcLeft > 0) {
        if (blank) bytes[i] = (~crc >>> ((crcLeft - 1) * 8)) & 0xff;
        crcLeft--;
        i++;
      } else {
        header[headerFill++] = bytes[i++] as number;
        if (headerFill === 8) {
          remaining = new DataView(header.buffer).getUint32(0);
          const type = String.fromCharCode(...header.subarray(4, 8));
          blank = BLANKED.has(type);
          crc = crc32(header.subarray(4, 8), 0xffffffff);
          crcLeft = 4;
          header = new Uint8Array(8);
          headerFill = 0;
        }
      }
    }
  };
}

function webp(): Scrubber {
  const BLANKED = new Set(["EXIF", "XMP "]);
  let offset = 0;
  let header = new Uint8Array(8);
  let headerFill = 0;
  let remaining = 0;
  let blank = false;
  return (bytes) => {
    let i = 0;
    if (offset < 12) {
      // RIFF, its size, WEBP
      i = Math.min(12 - offset, bytes.length);
      offset += i;
    }
    while (i < bytes.length) {
      if (remaining > 0) {
        const take = Math.min(remaining, bytes.length - i);
        if (blank) bytes.fill(0, i, i + take);
        remaining -= take;
        i += take;
      } else {
        header[headerFill++] = bytes[i++] as number;
        if (headerFill === 8) {
          const size = new DataView(header.buffer).getUint32(4, true);
          remaining = size + (size % 2); // chunks are padded to an even length
          blank = BLANKED.has(String.fromCharCode(...header.subarray(0, 4)));
          header = new Uint8Array(8);
          headerFill = 0;
        }
      }
    }
  };
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** PNG's CRC-32 register, continued over `bytes` (start at 0xffffffff; the CRC is its complement). */
function crc32(bytes: Uint8Array, register: number): number {
  let c = register;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return c >>> 0;
}
