// Drives headless Chromium for the backend's browser test (tests/test_browser.py), which starts
// the real backend, serving a real build, and asserts on what this prints. Usage:
//   node e2e/browser.mjs PLAN.json   →   one JSON object on stdout, scenario name → observations
{% if cookiecutter.auth_style == 'session' -%}
// The plan names the hostnames to resolve to 127.0.0.1, the cookies signing in would have left
// (the session's and its CSRF token), and the scenarios. ChatKit's CDN script is answered with
// e2e/stub-chatkit.js (or aborted, to test the fallback); any other request off 127.0.0.1 is
// aborted and reported.
{% else -%}
// The plan names the hostnames to resolve to 127.0.0.1, a bearer token for window.chatkitAuth,
// and the scenarios. ChatKit's CDN script is answered with e2e/stub-chatkit.js (or aborted, to
// test the fallback); any other request off 127.0.0.1 is aborted and reported.
{% endif -%}
import { existsSync, readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const CHATKIT_SCRIPT = "https://cdn.platform.openai.com/deployments/chatkit/chatkit.js";
const STUB = readFileSync(new URL("./stub-chatkit.js", import.meta.url), "utf8");
const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

function chromiumPath() {
  const path = process.env.CHROMIUM_PATH || CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));
  if (!path || !existsSync(path)) {
    throw new Error(
      "No Chromium found: install Debian's chromium package (apt-get install chromium), " +
        "or set CHROMIUM_PATH to a Chromium or Chrome executable.",
    );
  }
  return path;
}

/**
 * Requests the page has sent and not seen answered. "networkidle" is reached once per load, so
 * it cannot wait for a telemetry post sent later (after a fast-forward, say); this can.
 */
function trackRequests(page) {
  const pending = new Set();
  page.on("request", (request) => pending.add(request));
  for (const event of ["requestfinished", "requestfailed"]) {
    page.on(event, (request) => pending.delete(request));
  }
  return async function settled(timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (pending.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
}

/** What the page shows and what the stub recorded, once it has settled. */
async function observe(page, settled) {
  await page.waitForFunction(
    () => window.__chatkitStub?.done === true || document.querySelector('[role="alert"]') !== null,
    undefined,
    { timeout: 15_000 },
  );
  await page.waitForLoadState("networkidle");
  await settled(); // telemetry posts answered
  return page.evaluate(() => ({
    stub: window.__chatkitStub ?? null,
    alerts: [...document.querySelectorAll('[role="alert"]')].map((element) => element.textContent),
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    elements: document.querySelectorAll("openai-chatkit").length,
    storedThreadId: sessionStorage.getItem("chatkit.threadId"),
  }));
}

async function runScenario(browser, plan, scenario) {
  const context = await browser.newContext({ locale: scenario.locale ?? "en-US" });
  const blocked = [];
  const pageErrors = [];
{%- if cookiecutter.auth_style == 'session' %}
  const signIns = [];
{%- endif %}
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url === CHATKIT_SCRIPT) {
      if (scenario.cdn === "abort") return route.abort("blockedbyclient");
      return route.fulfill({ status: 200, contentType: "text/javascript", body: STUB });
    }
{%- if cookiecutter.auth_style == 'session' %}
    if (scenario.signedOut && new URL(url).pathname === "/auth/login") {
      // The identity provider's part, failing: it sends the browser back without a session.
      signIns.push(new URL(url).pathname);
      return route.fulfill({ status: 303, headers: { Location: "/" } });
    }
{%- endif %}
    if (plan.hosts.includes(new URL(url).hostname)) return route.continue();
    blocked.push(url);
    return route.abort("blockedbyclient");
  });
{%- if cookiecutter.auth_style == 'session' %}
  if (!scenario.signedOut) {
    // Signed in already: the cookies /auth/callback sets, for this scenario's host only. With a
    // domain (no leading dot) and no url, Chromium stores a host-only cookie, as `__Host-` needs.
    const { hostname } = new URL(scenario.url);
    await context.addCookies(
      plan.cookies.map((cookie) => ({ ...cookie, domain: hostname, path: "/", secure: true, sameSite: "Lax" })),
    );
  }
{%- else %}
  // The production build asks the host page for tokens: this is the identity provider's part.
  await context.addInitScript((token) => {
    window.chatkitAuth = { getAccessToken: () => token };
  }, plan.token);
{%- endif %}
  const page = await context.newPage();
  const settled = trackRequests(page);
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  if (scenario.fastForwardMs) await page.clock.install();

  const loads = [];
  await page.goto(scenario.url);
  if (scenario.fastForwardMs) {
    await page.waitForLoadState("networkidle");
    await page.clock.runFor(scenario.fastForwardMs);
    await page.clock.resume(); // real time again, for the waits below
  }
  loads.push(await observe(page, settled));
  if (scenario.reload) {
    await page.reload();
    loads.push(await observe(page, settled));
  }
  await context.close();
{%- if cookiecutter.auth_style == 'session' %}
  return { loads, blocked, pageErrors, signIns };
{%- else %}
  return { loads, blocked, pageErrors };
{%- endif %}
}

const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
{%- if cookiecutter.auth_style == 'session' %}
// The session's cookies are Secure, and a browser keeps Secure cookies away from plain http
// (localhost aside): the test origins count as secure instead, as https origins would.
const origins = [...new Set(plan.scenarios.map((scenario) => new URL(scenario.url).origin))];
{%- endif %}
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: [
    `--host-resolver-rules=${plan.hosts.map((host) => `MAP ${host} 127.0.0.1`).join(", ")}`,
{%- if cookiecutter.auth_style == 'session' %}
    `--unsafely-treat-insecure-origin-as-secure=${origins.join(",")}`,
{%- endif %}
    // Chromium's sandbox refuses to run as root (CI containers).
    ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
  ],
});
try {
  const results = {};
  for (const scenario of plan.scenarios) {
    results[scenario.name] = await runScenario(browser, plan, scenario);
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
} finally {
  await browser.close();
}
