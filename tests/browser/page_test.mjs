// The built-in page in Debian's Chromium, as a user would use it: choose 闵行区, then
// 江川路街道, then the indicator jobs_added through the page's controls; the chart and the
// facts table show 2018's 3188, with the quote 3188个 marked in its sentence; the report
// link opens the report's text with exactly that span highlighted. Also: the selection is
// in the URL and read back from it, and the page asks for nothing but its own server.
// The family selector narrows the indicators to one family (garbage, then jobs_added), and
// a count says what it counts (个 items) as the API's counts_label has it.
// Beyond Shanghai (tests/fixtures/national, served beside data/reports): 东柳街道 of 鄞州区 is
// chosen through province → city → county → sub-district and shows its own 1260, not the 845
// of the 东柳街道 of 丛台区, which the search box finds; a link with only the shared name asks
// which one.
//
// Env: JIEDAO_URL (the daemon, e.g. http://127.0.0.1:9555), SCREENSHOT_DIR (page.png is
// written there), CHROMIUM (default /usr/bin/chromium), PROFILE_DIR (a fresh profile folder).
// Run by tests/browser/run.sh, which starts the daemon.
import { check, fail, finish, launch, watch } from './harness.mjs';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const base = process.env.JIEDAO_URL;
if (!base) {
  console.error('JIEDAO_URL is not set (run tests/browser/run.sh)');
  process.exit(2);
}
const origin = new URL(base).origin;
const screenshots = process.env.SCREENSHOT_DIR || '.';
const profile = process.env.PROFILE_DIR || mkdtempSync(path.join(tmpdir(), 'jiedao-chromium-'));
mkdirSync(profile, { recursive: true });

const context = await launch(profile);

const problems = [];
const foreign = [];
context.on('request', (request) => {
  const url = request.url();
  if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
});

try {
  const page = context.pages()[0] || await context.newPage();
  watch(page, problems);
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  const ready = (view) => page.waitForFunction(
    (v) => document.body.dataset.state === 'ready' && (!v || document.body.dataset.view === v), view);

  // ---- choose through the controls ----
  await page.goto(`${base}/`);
  await ready();
  check(await page.evaluate(() => typeof window.Chart === 'function'), 'Chart.js is loaded from /static/chart.js');

  await page.selectOption('#county', '上海市|闵行区');
  await page.waitForSelector('#district option[value="310112001"]', { state: 'attached' });
  await page.selectOption('#district', '310112001');
  // Search the indicator list as a user would, then pick from what it shows.
  await page.fill('#indicator-filter', '新增就业');
  const offered = await page.$$eval('#indicator option', (options) => options.map((o) => ({ value: o.value, text: o.textContent })));
  const jobs = offered.find((o) => o.value === 'jobs_added');
  check(Boolean(jobs), 'the search for 新增就业 offers jobs_added', offered);
  check(jobs && jobs.text.includes('新增就业岗位') && jobs.text.includes('jobs_added') && jobs.text.includes('count'),
    'the indicator shows its Chinese name, id and unit', jobs);
  await page.selectOption('#indicator', 'jobs_added');
  await ready('江川路街道|jobs_added');

  const query = new URL(page.url()).searchParams;
  check(query.get('district') === '江川路街道' && query.get('code') === '310112001' && query.get('indicator') === 'jobs_added',
    'the selection is in the URL, the unit by its division code', page.url());

  // ---- the chart ----
  const chart = await page.evaluate(() => {
    const c = window.jiedaoChart;
    if (!c) return null;
    return {
      labels: c.data.labels,
      datasets: c.data.datasets.map((d) => ({ status: d.jiedaoStatus, span: d.jiedaoSpan, label: d.label, data: d.data, dash: d.borderDash || null, type: d.type })),
    };
  });
  check(chart !== null, 'window.jiedaoChart exists');
  if (chart) {
    const i2018 = chart.labels.indexOf('2018');
    const actual = chart.datasets.find((d) => d.status === 'actual');
    const target = chart.datasets.find((d) => d.status === 'target');
    check(i2018 >= 0 && actual && actual.data[i2018] === 3188, 'the chart shows 3188 for 2018 (actual)', chart);
    const i2019 = chart.labels.indexOf('2019');
    check(target && i2019 >= 0 && target.data[i2019] === 3100 && Array.isArray(target.dash) && target.dash.length > 0,
      'the 2019 target 3100 is a separate, dashed dataset', chart);
    check(chart.datasets.every((d) => d.span === 'year'), 'each line holds one span (here: years)', chart);
  }
  const summary = await page.textContent('#series-summary');
  check(summary.includes('3188'), 'the summary above the chart shows 3188', summary);
  // What the count counts, as the API labels it (the page keeps no copy).
  const apiLabel = await page.evaluate(async () => {
    const rows = await (await fetch('/api/v1/indicators')).json();
    return (rows.find((r) => r.indicator === 'jobs_added') || {}).counts_label;
  });
  check(typeof apiLabel === 'string' && apiLabel.length > 0, 'the API labels what jobs_added counts', apiLabel);
  const axis = await page.evaluate(() => window.jiedaoChart && window.jiedaoChart.options.scales.y.title.text);
  check(typeof axis === 'string' && axis.includes(apiLabel), 'the chart axis says what the count counts', { axis, apiLabel });
  check(summary.includes(`3188 ${apiLabel}`), 'the summary says 3188 of what', summary);

  // ---- the comparison ----
  const years = await page.$$eval('#year option', (options) => options.map((o) => o.value));
  check(years.includes('2018'), 'the comparison offers 2018', years);
  await page.selectOption('#year', '2018');
  const compared = await page.evaluate(() => window.jiedaoCompareChart && window.jiedaoCompareChart.data.labels);
  check(Array.isArray(compared) && compared.some((l) => l.startsWith('江川路街道')), 'the 2018 comparison includes 江川路街道', compared);
  check(new URL(page.url()).searchParams.get('year') === '2018', 'the chosen year is in the URL', page.url());

  // ---- the facts table ----
  const row = page.locator('#facts-table tbody tr', { has: page.locator('mark', { hasText: '3188个' }) }).first();
  await row.waitFor();
  const valueCell = (await row.locator('td.num .value').textContent()).trim();
  check(valueCell === '3188', 'the facts table shows the value 3188', valueCell);
  check(await row.locator('td.num .value').isVisible(), 'the value 3188 is visible');
  const sentence = await row.locator('.sentence').textContent();
  check(sentence.includes('新增就业岗位3188个'), 'the quote is shown inside its sentence', sentence);
  check((await row.locator('mark').textContent()) === '3188个', 'the quote is marked', await row.locator('mark').textContent());
  const rowText = await row.textContent();
  check(rowText.includes('2018') && rowText.includes('实际'), 'the row names the period and the status', rowText);
  const countsCell = await row.locator('.counts').textContent().catch(() => null);
  check(countsCell === apiLabel, 'the facts table says what the count counts', countsCell);
  // The unit's words are the API's (data/labels.tsv), not a copy kept by the page.
  const labels = await (await fetch(`${base}/api/v1/labels`)).json();
  const unitWords = `${labels.units.count.zh} ${labels.units.count.en}`;
  check(rowText.includes(unitWords), 'the facts table names the unit in the words of /api/v1/labels', unitWords);

  mkdirSync(screenshots, { recursive: true });
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.screenshot({ path: path.join(screenshots, 'page.png'), fullPage: true });

  // ---- the report's text ----
  const href = await row.locator('a.report-link').getAttribute('href');
  check(/^#report=[^&]+&span=\d+,\d+$/.test(href || ''), 'the report link carries the report and the byte span', href);
  await row.locator('a.report-link').click();
  await page.waitForSelector('#report-panel[open] #report-highlight');
  const highlighted = await page.textContent('#report-highlight');
  check(highlighted === '3188个', 'the report view highlights exactly 3188个', highlighted);
  const inView = await page.evaluate(() => {
    const mark = document.getElementById('report-highlight').getBoundingClientRect();
    const box = document.getElementById('report-text').getBoundingClientRect();
    return mark.top >= box.top && mark.bottom <= box.bottom;
  });
  check(inView, 'the highlight is scrolled into view');
  const before = await page.evaluate(() => document.getElementById('report-highlight').previousSibling.textContent.slice(-6));
  check(before.endsWith('新增就业岗位'), 'the text before the highlight is the sentence\'s', before);
  await page.screenshot({ path: path.join(screenshots, 'page-report.png') });
  await page.keyboard.press('Escape');
  await page.waitForSelector('#report-panel:not([open])', { state: 'attached' });
  // The dialog's close event, which takes the report out of the URL, is fired in a task of
  // its own after the open attribute goes: wait for it a moment rather than race it.
  await page.waitForFunction(() => !location.hash.includes('report='), null, { timeout: 2000 }).catch(() => {});
  check(!new URL(page.url()).hash.includes('report='), 'closing the report removes it from the URL', page.url());

  // ---- a shared link opens the same view ----
  const shared = await context.newPage();
  watch(shared, problems);
  await shared.goto(`${base}/?district=${encodeURIComponent('江川路街道')}&indicator=jobs_added${href}`);
  await shared.waitForFunction((v) => document.body.dataset.state === 'ready' && document.body.dataset.view === v, '江川路街道|jobs_added');
  const selects = await shared.evaluate(() => ({
    county: document.getElementById('county').value,
    district: document.getElementById('district').value,
    indicator: document.getElementById('indicator').value,
  }));
  check(selects.county === '上海市|闵行区' && selects.district === '310112001' && selects.indicator === 'jobs_added',
    'a shared URL sets the county, sub-district and indicator', selects);
  await shared.waitForSelector('#report-panel[open] #report-highlight');
  check((await shared.textContent('#report-highlight')) === '3188个', 'a shared report link opens the highlighted span');
  await shared.close();

  // ---- the family selector ----
  const families = await page.$$eval('#family option', (options) => options.map((o) => o.value));
  check(families.includes('garbage') && families.includes('jobs_added') && families[0] === '',
    'the family selector offers all families, then garbage and jobs_added', families);
  const familyOf = await page.evaluate(async () => {
    const rows = await (await fetch('/api/v1/indicators')).json();
    return Object.fromEntries(rows.map((r) => [r.indicator, r.family]));
  });
  const offeredIds = () => page.$$eval('#indicator option', (options) => options.map((o) => o.value).filter(Boolean));
  const allIds = await offeredIds();
  await page.selectOption('#family', 'garbage');
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.body.dataset.view.includes('|garbage'));
  const garbageIds = await offeredIds();
  check(garbageIds.length > 0 && garbageIds.length < allIds.length && garbageIds.every((id) => familyOf[id] === 'garbage'),
    'choosing the garbage family narrows the indicators to garbage ones', garbageIds);
  const chosen = await page.inputValue('#indicator');
  check(familyOf[chosen] === 'garbage', 'an indicator of the family is chosen', chosen);
  check(new URL(page.url()).searchParams.get('family') === 'garbage', 'the family is in the URL', page.url());
  check((await page.textContent('#family-hint')).length > 0, 'the family\'s description is shown');
  await page.selectOption('#family', 'jobs_added');
  await ready('江川路街道|jobs_added');
  const jobsIds = await offeredIds();
  check(jobsIds.includes('jobs_added') && jobsIds.every((id) => familyOf[id] === 'jobs_added'),
    'the jobs_added family offers jobs_added and its kin only', jobsIds);
  await page.selectOption('#family', '');
  check((await offeredIds()).length === allIds.length, 'all families offer every indicator again');
  check(!new URL(page.url()).searchParams.has('family'), 'no family, none in the URL', page.url());

  // ---- beyond Shanghai: province → city → county → sub-district ----
  const seriesOf = () => page.evaluate(() => {
    const c = window.jiedaoChart;
    if (!c) return null;
    const actual = c.data.datasets.find((d) => d.jiedaoStatus === 'actual');
    return actual ? Object.fromEntries(c.data.labels.map((l, i) => [l, actual.data[i]])) : null;
  });
  const placeReady = (place) => page.waitForFunction(
    (p) => document.body.dataset.state === 'ready' && document.body.dataset.place === p, place);
  check(await page.isVisible('#province') && await page.isVisible('#city'),
    'with reports of three provinces the province and city choices are shown');
  const provinces = await page.$$eval('#province option', (options) => options.map((o) => o.value));
  check(['上海市', '河北省', '浙江省'].every((p) => provinces.includes(p)), 'the provinces with reports are offered', provinces);
  await page.selectOption('#province', '浙江省');
  await page.selectOption('#city', '宁波市');
  await page.selectOption('#county', '宁波市|鄞州区');
  await page.selectOption('#district', '330212012');
  await placeReady('330212012');
  await ready('东柳街道|jobs_added');
  const yinzhou = await seriesOf();
  check(yinzhou && yinzhou['2023'] === 1260, '东柳街道 of 鄞州区 shows its own 2023 value 1260', yinzhou);
  check(new URL(page.url()).searchParams.get('code') === '330212012', 'its division code is in the URL', page.url());
  const yinzhouFacts = await page.$$eval('#facts-table mark', (marks) => marks.map((m) => m.textContent));
  check(yinzhouFacts.includes('1260个') && !yinzhouFacts.includes('845个'),
    'its facts are its own, not those of the other 东柳街道', yinzhouFacts);
  check((await page.textContent('#district-hint')).includes('330212012'), 'the chosen unit\'s code is shown');
  await page.selectOption('#compare-scope', 'all');
  await page.selectOption('#year', '2023');
  const everywhere = await page.evaluate(() => window.jiedaoCompareChart && window.jiedaoCompareChart.data.labels);
  check(Array.isArray(everywhere) && everywhere.includes('东柳街道 · 鄞州区') && everywhere.includes('东柳街道 · 丛台区'),
    'compared with all, the two 东柳街道 are told apart by their county', everywhere);
  await page.selectOption('#compare-scope', 'province');

  // The search box finds a unit anywhere by any of its names.
  await page.fill('#district-filter', '丛台');
  const found = await page.$$eval('#district option', (options) => options.map((o) => o.value).filter(Boolean));
  check(found.length === 1 && found[0] === '130403011', 'searching 丛台 offers the 东柳街道 of 丛台区', found);
  await page.press('#district-filter', 'Enter');
  await placeReady('130403011');
  await ready('东柳街道|jobs_added');
  const congtai = await seriesOf();
  check(congtai && congtai['2023'] === 845, '东柳街道 of 丛台区 shows 845', congtai);
  const levels = await page.evaluate(() => ['province', 'city', 'county'].map((id) => document.getElementById(id).value));
  check(levels.join() === '河北省,邯郸市,邯郸市|丛台区', 'choosing it sets its province, city and county', levels);

  // A link with only a name two units bear asks which one; one with the code opens it.
  const named = await context.newPage();
  watch(named, problems);
  await named.goto(`${base}/?district=${encodeURIComponent('东柳街道')}&indicator=jobs_added`);
  await named.waitForFunction(() => document.body.dataset.state === 'ready');
  const asked = await named.evaluate(() => ({
    status: document.getElementById('status').textContent,
    offered: [...document.getElementById('district').options].map((o) => o.value).filter(Boolean),
  }));
  check(asked.status.includes('东柳街道') && asked.offered.length === 2 && asked.offered.includes('330212012') && asked.offered.includes('130403011'),
    'a link naming 东柳街道 alone lists both and asks which', asked);
  await named.goto(`${base}/?code=130403011&indicator=jobs_added`);
  await named.waitForFunction(() => document.body.dataset.state === 'ready' && document.body.dataset.place === '130403011');
  check((await named.inputValue('#county')) === '邯郸市|丛台区', 'a link with the code opens that unit');
  await named.close();

  // ---- hostile text stays text ----
  const escaped = await page.evaluate(async () => {
    const filter = document.getElementById('indicator-filter');
    filter.value = '<img src=x onerror="window.__pwned=1">';
    filter.dispatchEvent(new Event('input'));
    await new Promise((r) => setTimeout(r, 50));
    return !document.querySelector('#controls img') && !window.__pwned;
  });
  check(escaped, 'typed text is never parsed as HTML');
} catch (error) {
  fail(error);
} finally {
  await context.close();
  if (!process.env.PROFILE_DIR) rmSync(profile, { recursive: true, force: true });
}

check(problems.length === 0, 'no page errors, console errors or failed requests', problems);
check(foreign.length === 0, 'the page asks for nothing but its own server (no CDN)', foreign);
finish();
