// A signed-in browser page for the end-to-end tests, shared by the suites: a fresh context
// that records console errors, uncaught exceptions, CSP violations and the download
// progress bar, with the page objects of pages.mjs.

import assert from "node:assert/strict";

import { BASE_URL, VIEWPORT, account } from "./env.mjs";
import { ListPage, LoginPage, TopBar } from "./pages.mjs";

/**
 * A fresh browser context and page that records every console error, uncaught exception
 * and Content-Security-Policy violation, and every value of the download progress bar.
 *
 * Chromium logs every 4xx response as a console error. A 401 from `/api/session` is how the
 * app learns nobody is signed in (and the answer to a wrong password), so it is expected;
 * `assertClean({ allow401: [...] })` admits 401s from further paths.
 */
// Service workers are blocked here, so routes and network assertions see the page's own
// requests; offline.mjs tests the worker.
export async function openPage(browser, t) {
  const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: "block" });
  t.after(() => context.close());
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const status401 = /^Failed to load resource: the server responded with a status of 401\b/.test(message.text());
    const path = status401 ? new URL(message.location().url, BASE_URL).pathname : null;
    problems.push({ text: `console error: ${message.text()} (${message.location().url})`, path });
  });
  page.on("pageerror", (error) => problems.push({ text: `uncaught: ${error.message}`, path: null }));
  // Init scripts run through the DevTools protocol, outside the page's CSP.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
    });
    window.__progress = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="download-progress"]');
      if (bar) window.__progress.push({ value: bar.getAttribute("value"), max: bar.getAttribute("max") });
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  const list = new ListPage(page);
  const login = new LoginPage(page);
  const topBar = new TopBar(page);
  const assertClean = async ({ allow401 = [] } = {}) => {
    const allowed = new Set(["/api/session", ...allow401]);
    const violations = await page.evaluate(() => window.__cspViolations);
    assert.deepEqual(
      [
        ...problems.filter((problem) => !allowed.has(problem.path)).map((problem) => problem.text),
        ...violations.map((v) => `CSP violation: ${v}`),
      ],
      [],
    );
  };
  return { context, page, list, login, topBar, assertClean };
}

/**
 * `openPage`, then the app at the list URL `fragment`, signed in through the form as the
 * user with `role` (the fragment survives signing in).
 */
export async function openSignedIn(browser, t, fragment, { role = "administrator" } = {}) {
  const opened = await openPage(browser, t);
  await opened.list.open(BASE_URL, fragment);
  await opened.login.signIn(account(role));
  return opened;
}
