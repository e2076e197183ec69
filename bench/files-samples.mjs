// The files bench/files-check.mjs uploads, made here from a seed: PNG, JPEG and PDF of a given size,
// a JPEG whose EXIF carries a location, and hostile payloads. Each comes with the bytes the service
// must serve back (a JPEG's EXIF blanked: zeros, same length).
import { crc32, deflateRawSync } from "node:zlib";

/** What a photo's EXIF says of where it was taken; the service must not keep it. */
export const GPS_MARKER = "GPSLatitude=48.858370N;GPSLongitude=2.294481E;GPSAltitude=35m";

const ascii = (text) => new TextEncoder().encode(text);
const concat = (...parts) => Buffer.concat(parts.map((part) => Buffer.from(part)));
const u16 = (n) => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(n >>> 0);
  return bytes;
};

/** `size` pseudo-random bytes from `seed` (xorshift32): the same file on every run. */
export function noise(size, seed) {
  const bytes = new Uint8Array(size);
  let x = seed * 2_654_435_761 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

function pngChunk(type, data) {
  const body = concat(ascii(type), data);
  return concat(u32(data.length), body, u32(crc32(body)));
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG of exactly `size` bytes: signature, IHDR, one IDAT of noise, IEND (no text chunks). */
export function png(size, seed) {
  const ihdr = pngChunk("IHDR", concat(u32(640), u32(480), [8, 2, 0, 0, 0]));
  const idatData = noise(size - PNG_SIGNATURE.length - ihdr.length - 12 - 12, seed);
  const bytes = concat(PNG_SIGNATURE, ihdr, pngChunk("IDAT", idatData), pngChunk("IEND", []));
  return { bytes, served: bytes, type: "image/png" };
}

/**
 * A JPEG of exactly `size` bytes with an EXIF APP1 segment carrying GPS_MARKER; served with that
 * segment's payload blanked (its marker and length stay).
 */
export function jpegWithLocation(size, seed) {
  const app0 = concat([0xff, 0xe0], u16(16), ascii("JFIF\0"), [1, 1, 0, 0, 72, 0, 72, 0, 0]);
  const exif = concat(ascii("Exif\0\0MM\0*"), u32(8), ascii(GPS_MARKER), noise(1_500, seed + 1));
  const app1 = concat([0xff, 0xe1], u16(exif.length + 2), exif);
  const sos = concat([0xff, 0xda], u16(12), [3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0]);
  const head = concat([0xff, 0xd8], app0, app1, sos);
  const bytes = concat(head, noise(size - head.length - 2, seed), [0xff, 0xd9]);
  const served = Buffer.from(bytes);
  const payloadAt = 2 + app0.length + 4;
  served.fill(0, payloadAt, payloadAt + exif.length);
  return { bytes, served, type: "image/jpeg" };
}

/** A PDF of exactly `size` bytes: a header, one stream of noise, the trailer's end. */
export function pdf(size, seed) {
  const head = ascii("%PDF-1.7\n1 0 obj\n<< /Length 0 >>\nstream\n");
  const tail = ascii("\nendstream\nendobj\n%%EOF\n");
  const bytes = concat(head, noise(size - head.length - tail.length, seed), tail);
  return { bytes, served: bytes, type: "application/pdf" };
}

/** Payloads the service must refuse (415) whatever their name says. */
export const REFUSED = {
  "html as .png": {
    name: "invoice.png",
    bytes: ascii(
      "<!doctype html><html><body><script>fetch('/sessions').then((r)=>r.text()).then(alert)</script></body></html>",
    ),
  },
  "svg with a script": {
    name: "logo.svg",
    bytes: ascii(
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.domain)</script><rect width="10" height="10"/></svg>',
    ),
  },
  "zip bomb": { name: "photos.zip", bytes: zipBombHeader() },
};

/**
 * A zip's local file header claiming 4 GiB uncompressed (deflate), followed by the deflated start of
 * 10 MiB of zeros: what a zip bomb opens with.
 */
function zipBombHeader() {
  const data = deflateRawSync(Buffer.alloc(10 * 1024 * 1024));
  const name = ascii("zeros.bin");
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0); // PK\3\4
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(8, 8); // deflate
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(0xffffffff, 22);
  header.writeUInt16LE(name.length, 26);
  return concat(header, name, data);
}

/** A PNG signature and header followed by a script: accepted as a PNG, must never run as a page. */
export function pngHtmlPolyglot() {
  const bytes = concat(
    PNG_SIGNATURE,
    ascii("<html><body><script>alert(document.cookie)</script></body></html>"),
  );
  return { bytes, served: bytes, type: "image/png" };
}
