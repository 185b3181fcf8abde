// The environment every end-to-end test file shares (variables documented in run.mjs):
// where the server, dataset, CLI and credentials are, the browser, and the reference
// results from the CLI.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export { CHROMIUM, launchBrowser } from "./browser.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BASE_URL = required("CLEARLIST_URL");
export const DATASET = required("CLEARLIST_DATASET");
export const BIN = required("CLEARLIST_BIN");
export const CREDENTIALS = JSON.parse(readFileSync(required("CLEARLIST_CREDENTIALS"), "utf8"));
export const SCREENSHOTS = resolve(process.env.CLEARLIST_SCREENSHOTS ?? join(ROOT, "screenshots"));
export const VIEWPORT = { width: 1440, height: 900 };

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see the header of tests/e2e/run.mjs)`);
  return value;
}

/** The demo user with `role`, `{email, password, role}`. */
export function account(role) {
  const found = CREDENTIALS.find((candidate) => candidate.role === role);
  assert.ok(found, `${role} is not in CLEARLIST_CREDENTIALS`);
  return found;
}

/** Runs the CLI and returns its stdout (logs go to stderr). */
export function cli(...args) {
  return execFileSync(BIN, args, { encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "pipe"] });
}

/** The reference result of a list URL: `{count, top: [{id, score}], facets}`. */
export function reference(url) {
  return JSON.parse(cli("query", "--dataset", DATASET, "--url", url, "--top", "10", "--json"));
}
