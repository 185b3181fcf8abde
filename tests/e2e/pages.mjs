// Page objects for the Clearlist browser tests: every selector lives here, and every one is
// a `data-testid` (or a data attribute) the app exposes on purpose.

/** The sign-in page: email, password, submit; the error of a failed attempt; a notice. */
export class LoginPage {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.email = page.getByTestId("login-email");
    this.password = page.getByTestId("login-password");
    this.submit = page.getByTestId("login-submit");
    this.error = page.getByTestId("login-error");
    this.notice = page.getByTestId("login-notice");
  }

  /** Waits for the form, fills it in and submits it (by pressing the button). */
  async signIn({ email, password }, { timeout = 30_000 } = {}) {
    await this.email.waitFor({ state: "visible", timeout });
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }
}

/** The top bar's session part: who is signed in, and the sign-out button. */
export class TopBar {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.sessionUser = page.getByTestId("session-user");
    this.logout = page.getByTestId("logout");
  }

  /** Waits for the signed-in user and returns `{role, text}` (role is the wire slug). */
  async user({ timeout = 30_000 } = {}) {
    await this.sessionUser.waitFor({ state: "visible", timeout });
    return {
      role: await this.sessionUser.getAttribute("data-role"),
      text: (await this.sessionUser.innerText()).replace(/\s+/g, " ").trim(),
    };
  }
}

/** The list page: progress bar, match count, top accounts, URL errors. */
export class ListPage {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.progress = page.getByTestId("download-progress");
    this.matchCount = page.getByTestId("match-count");
    this.topAccounts = page.getByTestId("top-accounts");
    this.urlError = page.getByTestId("url-error");
    this.loadError = page.getByTestId("load-error");
  }

  /** Opens the app at `baseUrl` with the list URL `fragment` (no `#`; none when undefined). */
  async open(baseUrl, fragment) {
    const url = new URL(baseUrl);
    if (fragment !== undefined) url.hash = fragment;
    return this.page.goto(url.toString());
  }

  /** Waits for the list to show and returns its match count (the plain number). */
  async count({ timeout = 60_000 } = {}) {
    await this.matchCount.waitFor({ state: "visible", timeout });
    return Number(await this.matchCount.getAttribute("data-count"));
  }

  /** The human-formatted count text, e.g. `12,345 matching accounts`. */
  async countText() {
    return (await this.matchCount.innerText()).replace(/\s+/g, " ").trim();
  }

  /** Ids and displayed fields of the ranked accounts, in order. */
  async topRows() {
    await this.topAccounts.waitFor({ state: "attached" });
    return this.topAccounts.locator("li[data-account-id]").evaluateAll((items) =>
      items.map((item) => {
        const field = (name) => item.querySelector(`[data-field="${name}"]`)?.textContent.trim() ?? null;
        return {
          id: Number(item.dataset.accountId),
          name: field("name"),
          domain: field("domain"),
          country: field("country"),
          industry: field("industry"),
          employees: field("employees"),
          gauge: field("gauge"),
          score: field("score"),
          signals: [...item.querySelectorAll("[data-signal]")].map((dot) => ({
            slug: dot.dataset.signal,
            lit: dot.dataset.lit === "true",
            label: dot.getAttribute("aria-label"),
          })),
        };
      }),
    );
  }

  /** Changes the list in place, as following a link to another list would. */
  async goToList(fragment) {
    await this.page.evaluate((hash) => {
      window.location.hash = hash;
    }, fragment);
  }

  /** Waits until the match count shows `expected`. */
  async waitForCount(expected, { timeout = 30_000 } = {}) {
    await this.page.waitForFunction(
      (want) => document.querySelector('[data-testid="match-count"]')?.dataset.count === String(want),
      expected,
      { timeout },
    );
  }
}
