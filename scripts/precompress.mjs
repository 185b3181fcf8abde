// Writes brotli (.br) and gzip (.gz) siblings of the app's text and wasm files, so the
// server (tower-http ServeDir with precompressed variants) sends them at maximum
// compression instead of compressing on the fly at a lower level.
//
// Run by trunk as a post_build hook (see Trunk.toml) on the staging directory of release
// builds; or by hand: `node scripts/precompress.mjs DIR`.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const COMPRESSIBLE = /\.(html|js|mjs|css|svg|wasm|json|txt)$/;
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("usage: node scripts/precompress.mjs DIR (or run as a trunk hook)");
  process.exit(2);
}
if (process.env.TRUNK_PROFILE === "debug") process.exit(0);

for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  if (!COMPRESSIBLE.test(name) || !statSync(path).isFile()) continue;
  const bytes = readFileSync(path);
  const brotli = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gzip = gzipSync(bytes, { level: 9 });
  // A compressed file that is not smaller is useless; ServeDir then sends the original.
  if (brotli.length < bytes.length) writeFileSync(`${path}.br`, brotli);
  if (gzip.length < bytes.length) writeFileSync(`${path}.gz`, gzip);
}
