// What the browser tests share: their checks (each printed, counted, and the exit status made of
// them) and Debian's Chromium started headless with a profile of its own.
import { chromium } from 'playwright-core';

let passed = 0;
let failed = 0;

export function check(condition, what, detail) {
  if (condition) {
    passed++;
    console.log(`ok   ${what}`);
  } else {
    failed++;
    console.log(`FAIL ${what}${detail !== undefined ? `: ${JSON.stringify(detail)}` : ''}`);
  }
}

// An exception that ended a test early counts as a failure.
export function fail(error) {
  failed++;
  console.log(`FAIL ${error.stack || error}`);
}

// Prints the counts and exits with 0 when nothing failed.
export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

// Notes in `problems` every error a page throws and every error it logs to its console (the
// tests check at the end that there were none), with the test's default wait.
export function watch(page, problems) {
  page.setDefaultTimeout(10000);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return page;
}

// Chromium (CHROMIUM, default /usr/bin/chromium) with the profile folder `profile`, as the tests use it.
export function launch(profile) {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    reducedMotion: 'reduce',
    timeout: 20000,
  });
}
