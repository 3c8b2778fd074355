// The review page (/review) and the marks of the main page, in Debian's Chromium, as the person
// who checks the data uses them: the main page marks the conflicting demolition figures of
// 定海路街道 in 2019 (002 states 30000 m², the year's task, beside 30075 m² demolished and the
// areas of single sites); the review page lists that conflict; with the token entered, its
// 30000平方米 fact is set to target; the main page then shows 30075 as 2019's actual value and
// 30000 as its target, the corrected fact marked as reviewed. Without the token nothing is saved.
//
// Env as page_test.mjs, plus JIEDAO_TOKEN (the daemon's upload token). Run by tests/browser/run.sh
// after page_test.mjs: it changes the data (a row of corrections.tsv).
import { check, fail, finish, launch, watch } from './harness.mjs';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const base = process.env.JIEDAO_URL;
const token = process.env.JIEDAO_TOKEN;
if (!base || !token) {
  console.error('JIEDAO_URL or JIEDAO_TOKEN is not set (run tests/browser/run.sh)');
  process.exit(2);
}
const profile = process.env.PROFILE_DIR ? `${process.env.PROFILE_DIR}-review` : mkdtempSync(path.join(tmpdir(), 'jiedao-review-'));
mkdirSync(profile, { recursive: true });

const context = await launch(profile);
const problems = [];
const MAIN = `${base}/?district=${encodeURIComponent('定海路街道')}&code=310110001&indicator=illegal_structures_demolished`;

// The main page's chart of the chosen series: per status, the 2019 value and its marks.
async function mainPage(page) {
  await page.goto(MAIN);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.jiedaoChart);
  return page.evaluate(() => {
    const c = window.jiedaoChart;
    const i = c.data.labels.indexOf('2019');
    const at = (status) => c.data.datasets.filter((d) => d.jiedaoStatus === status && d.jiedaoSpan === 'year')
      .map((d) => ({ value: d.data[i], conflict: d.jiedaoConflicts[i], reviewed: d.jiedaoReviewed[i] }))[0] || null;
    return {
      actual: at('actual'),
      target: at('target'),
      summary: document.getElementById('series-summary').textContent,
      conflictRows: document.querySelectorAll('#facts-table tr.conflict').length,
      reviewedRows: [...document.querySelectorAll('#facts-table tr.reviewed mark')].map((m) => m.textContent),
    };
  });
}

try {
  const page = context.pages()[0] || await context.newPage();
  watch(page, problems);

  // ---- the main page marks the conflict ----
  const before = await mainPage(page);
  check(before.actual && before.actual.value === 30000 && before.actual.conflict === true,
    'the main page shows 2019 as 30000 m², marked as a conflict', before);
  check(before.summary.includes('冲突') && before.summary.includes('30,075'), 'the summary names the conflicting values', before.summary);
  check(before.conflictRows > 1, 'the facts table marks the conflicting facts', before.conflictRows);
  check(!before.target, 'no 2019 target yet', before.target);

  // ---- the review page lists it ----
  await page.goto(`${base}/review`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  const heads = await page.$$eval('#review-table tr.point-head', (rows) => rows.map((r) => r.textContent));
  check(heads.some((h) => h.includes('定海路街道') && h.includes('illegal_structures_demolished') && h.includes('2019 · actual')),
    'the review page lists the conflict of 定海路街道 in 2019', heads.slice(0, 5));
  const row = page.locator('#review-table tbody tr', { has: page.locator('mark', { hasText: '30000平方米' }) }).first();
  await row.waitFor();
  check((await row.locator('.note').first().textContent()).length > 0, 'each fact says how its indicator was chosen');

  // ---- without the token nothing is saved ----
  await row.locator('select.edit-status').selectOption('target');
  await row.locator('button.save').click();
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('令牌'));
  check(!(await page.evaluate(() => document.body.dataset.saved)), 'without the token the page asks for it and saves nothing');

  // ---- with it, the fact becomes the year's target ----
  await page.fill('#token', token);
  await page.fill('#by', 'browser test');
  await row.locator('input.edit-note').fill('拆违任务量 is the task');
  await row.locator('button.save').click();
  await page.waitForFunction(() => document.body.dataset.saved === '1' && document.body.dataset.state === 'ready');
  const status = await page.textContent('#status');
  check(status.includes('已保存') && status.includes('corrections.tsv'), 'the page says the correction was saved', status);
  const listed = await page.$$eval('#corrections-table tbody tr', (rows) => rows.map((r) => r.textContent));
  check(listed.some((r) => r.includes('30000平方米') && r.includes('status') && r.includes('target') && r.includes('applied')),
    'the corrections made list it as applied', listed);

  // ---- the main page's series changed ----
  const after = await mainPage(page);
  check(after.actual && after.actual.value === 30075, "2019's actual value is now 30075 m²", after);
  check(after.target && after.target.value === 30000 && after.target.reviewed === true,
    "2019's target is 30000 m², marked as reviewed", after);
  check(after.summary.includes('已核对'), 'the summary counts the reviewed point', after.summary);
  check(after.reviewedRows.includes('30000平方米'), 'the facts table marks the corrected fact as reviewed', after.reviewedRows);
  const shot = process.env.SCREENSHOT_DIR;
  if (shot) {
    await page.goto(`${base}/review`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    await page.screenshot({ path: path.join(shot, 'review.png'), fullPage: false });
  }
} catch (error) {
  fail(error);
} finally {
  await context.close();
  if (!process.env.PROFILE_DIR) rmSync(profile, { recursive: true, force: true });
}
check(problems.length === 0, 'no page errors or console errors', problems);
finish();
