// jiedao's built-in page: pick a province, a city, a county and a sub-district (or search for
// one), a family and an indicator; see the series, the sub-districts compared for one year, and
// the sentence behind every value.
// What a count counts ("户 households"), a period's label and the words for units, statuses and
// categories come from the API: the page keeps no copy of them.
//
// Plain ES2020, no build step. Every text that comes from the API is put in the page with
// textContent (never innerHTML). The selection lives in the query string
// (?district=江川路街道&code=310112001&indicator=jobs_added), an open report in the hash
// (#report=ID&span=B,E, byte offsets into the report's UTF-8 text).
'use strict';

(() => {
  // ---------- labels ----------
  // The words for units, statuses and categories come from GET /api/v1/labels (data/labels.tsv),
  // as what a count counts comes with each point (counts_label): the page keeps no copy.
  let labels = { units: {}, statuses: {}, categories: {}, spans: {} };
  const both = (label, key) => (label ? `${label.zh} ${label.en}` : key || '');
  const unitLabel = (u) => both(labels.units[u], u);
  const unitShort = (u) => (labels.units[u] ? (u === 'percent' ? '%' : labels.units[u].en) : u || '');
  const statusLabel = (s) => both(labels.statuses[s], s);
  const spanLabel = (s) => both((labels.spans || {})[s], s);
  const SPANS = ['year', 'half', 'quarter', 'months', 'multi_year'];
  const categoryLabel = (c) => (labels.categories[c] ? `${labels.categories[c].zh} ${c}` : c || '');
  // A value with its unit, and for a count what it counts: "3188 个 items", "18 t/day".
  const withUnit = (value, unit, countsLabel) => `${fmt(value)} ${unit === 'count' && countsLabel ? countsLabel : unitShort(unit)}`;
  // An axis title: the unit, and for a count what it counts ("数量 count · 户 households").
  const axisTitle = (unit, countsLabel) => `${unitLabel(unit)}${unit === 'count' && countsLabel ? ` · ${countsLabel}` : ''}`;

  const plain = new Intl.NumberFormat('zh-CN', { useGrouping: false, maximumFractionDigits: 2 });
  const grouped = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });
  const fmt = (v) => {
    if (v === null || v === undefined || !Number.isFinite(Number(v))) return '–';
    return Math.abs(v) >= 10000 ? grouped.format(v) : plain.format(v);
  };
  const collator = new Intl.Collator('zh-CN');

  // ---------- DOM helpers ----------
  const $ = (id) => document.getElementById(id);
  // el('td', {class: 'num'}, 'text', otherNode): strings become text nodes.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  function option(value, text, selected) {
    const o = el('option', { value }, text);
    if (selected) o.selected = true;
    return o;
  }
  function setStatus(text, isError) {
    const s = $('status');
    s.textContent = text || '';
    s.classList.toggle('error', Boolean(isError));
  }

  // ---------- API ----------
  const cache = new Map(); // url → {at, promise}
  const CACHE_MS = 30000;   // the daemon watches its folder: answers may change
  function api(path, params) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== '' && v !== undefined && v !== null) query.set(k, String(v));
    }
    const url = query.toString() ? `${path}?${query}` : path;
    const hit = cache.get(url);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.promise;
    const promise = fetch(url, { headers: { Accept: 'application/json' } }).then(async (res) => {
      let body = null;
      try { body = await res.json(); } catch (_) { /* not JSON */ }
      if (!res.ok) {
        const message = body && typeof body.error === 'string' ? body.error : `${res.status} ${res.statusText}`;
        throw new Error(message);
      }
      return body;
    });
    promise.catch(() => cache.delete(url));
    cache.set(url, { at: Date.now(), promise });
    return promise;
  }

  // ---------- state ----------
  const state = {
    indicators: [], byId: new Map(), districts: [], byPlace: new Map(), families: [], byFamily: new Map(),
    // The chosen unit is `place` (placeKey); province, city and county are its own, or narrow the
    // list while none is chosen. `district` is its name, for labels.
    province: '', city: '', county: '', place: '', district: '', code: '',
    family: '', indicator: '', unit: '', year: '', status: 'actual', among: 'province',
    unitChosen: false, yearChosen: false,
    districtSeries: [], indicatorSeries: [], facts: [],
  };
  let generation = 0;
  let seriesChart = null;
  let compareChart = null;
  const reducedMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const chartsAvailable = () => typeof window.Chart === 'function';

  function readURL() {
    const q = new URLSearchParams(location.search);
    state.district = q.get('district') || '';
    state.code = q.get('code') || '';
    state.county = q.get('county') || '';
    state.city = q.get('city') || '';
    state.province = q.get('province') || '';
    state.among = ['city', 'all'].includes(q.get('among')) ? q.get('among') : 'province';
    state.indicator = q.get('indicator') || '';
    state.family = q.get('family') || '';
    state.unit = q.get('unit') || '';
    state.unitChosen = Boolean(state.unit);
    state.year = q.get('year') || '';
    state.yearChosen = Boolean(state.year);
    state.status = q.get('status') === 'target' ? 'target' : 'actual';
  }

  function writeURL() {
    const q = new URLSearchParams();
    const here = state.byPlace.get(state.place);
    if (here) {
      q.set('district', here.district);
      if (here.code) q.set('code', here.code);
      else if (here.county) q.set('county', here.county);
    } else {
      if (state.province) q.set('province', state.province);
      if (state.city) q.set('city', state.city);
      if (state.county) q.set('county', state.county);
    }
    if (state.family) q.set('family', state.family);
    if (state.indicator) q.set('indicator', state.indicator);
    if (state.unit && state.unitChosen) q.set('unit', state.unit);
    if (state.year && state.yearChosen) q.set('year', state.year);
    if (state.status !== 'actual') q.set('status', state.status);
    if (state.among !== 'province') q.set('among', state.among);
    const search = q.toString();
    const url = `${location.pathname}${search ? `?${search}` : ''}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
  }

  // ---------- places ----------
  // Names repeat across China (东柳街道 is in 鄞州区 and in 丛台区; 鼓楼区 in four cities): a unit
  // is its division code, or for a district the gazetteer does not know, its county and name.
  const placeKey = (d) => d.code || `${d.county}|${d.district}`;
  const countyKey = (d) => `${d.city}|${d.county}`;
  const samePlace = (p) => placeKey(p) === state.place;
  const inFilters = (d) => (!state.province || d.province === state.province)
    && (!state.city || d.city === state.city) && (!state.county || countyKey(d) === state.county);
  const whereText = (d) => [d.county, d.city, d.province].filter(Boolean).join(' · ');

  // The distinct values of `key` among `list`, with how many districts have each, by name.
  function tally(list, key, name) {
    const counts = new Map();
    for (const d of list) if (key(d)) counts.set(key(d), { n: ((counts.get(key(d)) || {}).n || 0) + 1, d });
    return [...counts.entries()].sort((a, b) => collator.compare(name(a[1].d), name(b[1].d)) || collator.compare(a[0], b[0]));
  }

  // A chosen unit fixes its province, city and county; the lists below it narrow to them.
  function choosePlace(key) {
    const d = state.byPlace.get(key);
    state.place = d ? key : '';
    state.district = d ? d.district : '';
    if (d) {
      state.province = d.province;
      state.city = d.city;
      state.county = countyKey(d);
    }
  }

  // After a province, city or county changed: keep the unit when it is still inside, else show
  // the one with the most facts inside (so that the page shows something at once), else none.
  function narrowPlace() {
    if (state.place && inFilters(state.byPlace.get(state.place))) return;
    const inside = state.districts.filter(inFilters);
    const any = state.province || state.city || state.county;
    const top = [...inside].sort((a, b) => b.facts - a.facts || collator.compare(a.district, b.district))[0];
    const keep = { province: state.province, city: state.city, county: state.county };
    choosePlace(any && top ? placeKey(top) : '');
    if (!state.place) Object.assign(state, keep);
  }

  function renderPlaceOptions() {
    const provinces = tally(state.districts, (d) => d.province, (d) => d.province);
    const province = $('province');
    province.replaceChildren(option('', '— 全部省份 All provinces —', !state.province),
      ...provinces.map(([p, { n }]) => option(p, `${p} (${n})`, p === state.province)));
    // One province, one city: a user of one city's reports sees no choice that is not one.
    $('province-field').hidden = provinces.length < 2 && !state.province;

    const inProvince = state.districts.filter((d) => !state.province || d.province === state.province);
    const cities = tally(inProvince, (d) => d.city, (d) => d.city);
    $('city').replaceChildren(option('', '— 全部城市 All cities —', !state.city),
      ...cities.map(([c, { n }]) => option(c, `${c} (${n})`, c === state.city)));
    $('city-field').hidden = tally(state.districts, (d) => d.city, (d) => d.city).length < 2 && !state.city;

    const inCity = inProvince.filter((d) => !state.city || d.city === state.city);
    const counties = tally(inCity, (d) => (d.county ? countyKey(d) : ''), (d) => d.county);
    const sameName = new Map();
    for (const [, { d }] of counties) sameName.set(d.county, (sameName.get(d.county) || 0) + 1);
    $('county').replaceChildren(option('', '— 选择区县 Choose a county —', !state.county),
      ...counties.map(([k, { n, d }]) => option(k, `${d.county}${sameName.get(d.county) > 1 ? ` · ${d.city}` : ''} (${n})`,
        k === state.county)));
    renderDistrictOptions();
  }

  // The sub-districts of the chosen county (or of what is chosen); a search looks through all.
  function renderDistrictOptions() {
    const select = $('district');
    const filter = $('district-filter').value.trim().toLowerCase();
    const words = filter.split(/\s+/).filter(Boolean);
    const list = state.districts
      .filter((d) => (words.length
        ? words.every((w) => [d.district, d.county, d.city, d.province, d.code].join('|').toLowerCase().includes(w))
        : inFilters(d)))
      .sort((a, b) => collator.compare(a.district, b.district) || collator.compare(whereText(a), whereText(b)));
    const names = new Map();
    for (const d of list) names.set(d.district, (names.get(d.district) || 0) + 1);
    const current = list.some((d) => placeKey(d) === state.place);
    const text = words.length
      ? (list.length ? `— ${list.length} 个匹配，请选择 ${list.length} match, choose one —` : '— 无匹配 No sub-district matches —')
      : '— 选择街道/镇 Choose a sub-district —';
    select.replaceChildren(option('', text, !current));
    for (const d of list) {
      const years = d.first_year && d.last_year ? ` · ${d.first_year}–${d.last_year}` : '';
      // Where it is, when the list does not say it already or the name is not the only one.
      const where = words.length || names.get(d.district) > 1 ? ` · ${whereText(d)}`
        : state.county ? '' : ` (${d.county})`;
      select.append(option(placeKey(d), `${d.district}${where}${years}`, placeKey(d) === state.place));
    }
    select.disabled = list.length === 0;
    $('district-hint').textContent = words.length
      ? `${list.length} 个匹配 match${list.length === 1 ? '' : 'es'}${list.length ? '（回车选第一个 Enter picks the first）' : ''}`
      : (state.place && state.byPlace.get(state.place).code ? `区划代码 code ${state.byPlace.get(state.place).code}` : '');
  }

  // The families with facts, and the chosen one even without: the selector narrows the indicators.
  function renderFamilyOptions() {
    const select = $('family');
    select.replaceChildren(option('', '— 全部指标族 All families —', !state.family));
    const list = state.families.filter((f) => f.facts > 0 || f.family === state.family)
      .sort((a, b) => collator.compare(a.family, b.family));
    for (const f of list) select.append(option(f.family, `${f.family} (${f.facts})`, f.family === state.family));
    const chosen = state.byFamily.get(state.family);
    $('family-hint').textContent = chosen ? chosen.description : '';
  }

  function indicatorText(ind, points) {
    const units = (ind.units || ind.unit || '').split(',').filter(Boolean).map(unitShort).join('/');
    const counts = ind.counts_label ? ` · ${ind.counts_label}` : '';
    return `${ind.name_zh} · ${ind.indicator} · ${units}${counts}${points ? ` (${points})` : ''}`;
  }

  function indicatorMatches(ind, filter) {
    if (state.family && ind.family !== state.family) return false;
    if (!filter) return true;
    const hay = [ind.indicator, ind.name_zh, ind.name_en, ind.wordings, ind.category,
      (labels.categories[ind.category] || {}).zh || ''].join('|').toLowerCase();
    return filter.toLowerCase().split(/\s+/).filter(Boolean).every((word) => hay.includes(word));
  }

  // Indicators with facts: those with points for the chosen sub-district first.
  function renderIndicatorOptions() {
    const select = $('indicator');
    const filter = $('indicator-filter').value.trim();
    const here = new Map();
    for (const p of state.districtSeries) here.set(p.indicator, (here.get(p.indicator) || 0) + 1);
    const usable = state.indicators.filter((i) => i.facts > 0 || here.has(i.indicator));
    const matches = usable.filter((i) => indicatorMatches(i, filter));
    const withData = matches.filter((i) => here.has(i.indicator));
    const others = matches.filter((i) => !here.has(i.indicator));
    const byName = (a, b) => collator.compare(a.category, b.category) || collator.compare(a.name_zh, b.name_zh);
    withData.sort(byName);
    others.sort(byName);

    select.replaceChildren();
    const current = matches.some((i) => i.indicator === state.indicator);
    if (!current) {
      const text = matches.length === 0
        ? '— 无匹配指标 No indicator matches —'
        : filter ? `— ${matches.length} 个匹配，请选择 ${matches.length} match, choose one —`
          : '— 选择指标 Choose an indicator —';
      const placeholder = option('', text, true);
      placeholder.disabled = true;
      select.append(placeholder);
    }
    const addGroup = (label, list, counts) => {
      if (list.length === 0) return;
      const group = el('optgroup', { label });
      for (const i of list) group.append(option(i.indicator, indicatorText(i, counts ? here.get(i.indicator) : 0), i.indicator === state.indicator));
      select.append(group);
    };
    if (state.place) {
      addGroup(`${state.district} 有数据 · with data here`, withData, true);
      addGroup('其他指标 · other indicators', others, false);
    } else {
      addGroup('有数据的指标 · indicators with facts', withData.concat(others), false);
    }
    const hint = $('indicator-hint');
    if (filter) hint.textContent = `${matches.length} 个匹配 match${matches.length === 1 ? '' : 'es'}${matches.length ? '（回车选第一个 Enter picks the first）' : ''}`;
    else if (state.indicator && state.byId.has(state.indicator)) {
      const ind = state.byId.get(state.indicator);
      hint.textContent = `${categoryLabel(ind.category)} · ${ind.name_en}`;
    } else hint.textContent = '';
    return matches;
  }

  // Units of the indicator's points; the sub-district's most frequent first.
  function chooseUnit() {
    const all = new Map();
    const here = new Map();
    for (const p of state.indicatorSeries) {
      all.set(p.unit, (all.get(p.unit) || 0) + 1);
      if (samePlace(p)) here.set(p.unit, (here.get(p.unit) || 0) + 1);
    }
    const catalogueUnit = state.byId.has(state.indicator) ? state.byId.get(state.indicator).unit : '';
    const rank = (u) => [-(here.get(u) || 0), u === catalogueUnit ? 0 : 1, -(all.get(u) || 0)];
    const units = [...all.keys()].sort((a, b) => {
      const ra = rank(a); const rb = rank(b);
      for (let k = 0; k < ra.length; k++) if (ra[k] !== rb[k]) return ra[k] - rb[k];
      return collator.compare(a, b);
    });
    if (!(state.unitChosen && units.includes(state.unit))) {
      state.unit = units[0] || catalogueUnit || '';
      state.unitChosen = false;
    }
    const select = $('unit');
    select.replaceChildren(...units.map((u) => option(u, `${unitLabel(u)}${here.get(u) ? ` (${here.get(u)})` : ''}`, u === state.unit)));
    select.hidden = units.length < 2;
  }

  // ---------- the series chart ----------
  // Draws each value beside its bar or point: the numbers stay readable in a screenshot.
  const valueLabels = {
    id: 'jiedaoValueLabels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const horizontal = chart.options.indexAxis === 'y';
      ctx.save();
      ctx.font = '12px system-ui, sans-serif';
      chart.data.datasets.forEach((dataset, index) => {
        const meta = chart.getDatasetMeta(index);
        if (meta.hidden) return;
        meta.data.forEach((element, i) => {
          const value = dataset.data[i];
          if (value === null || value === undefined) return;
          ctx.fillStyle = dataset.labelColor || '#1a202c';
          const text = fmt(value);
          if (horizontal) {
            ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
            ctx.fillText(text, element.x + 6, element.y);
          } else if (meta.type === 'line') {
            ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
            ctx.fillText(text, element.x + 9, element.y);
          } else {
            ctx.textAlign = 'center'; ctx.textBaseline = 'bottom';
            ctx.fillText(text, element.x, element.y - 4);
          }
        });
      });
      ctx.restore();
    },
  };

  function periodsSorted(points) {
    const periods = new Map();
    for (const p of points) periods.set(p.period, [p.period_start, p.period_end]);
    return [...periods.entries()]
      .sort((a, b) => (a[1][0] < b[1][0] ? -1 : a[1][0] > b[1][0] ? 1 : a[1][1] < b[1][1] ? -1 : a[1][1] > b[1][1] ? 1 : 0))
      .map(([label]) => label);
  }

  // What the points of the chosen unit count, as the API labels it ("户 households"), or "".
  function countsLabelOf(points) {
    const labelled = points.find((p) => p.counts_label);
    if (labelled) return labelled.counts_label;
    const ind = state.byId.get(state.indicator);
    return state.unit === 'count' && ind ? ind.counts_label || '' : '';
  }

  // The name of the task a completion rate completes (its `of`), for legends.
  function taskName(of) {
    if (!of) return '未注明任务 task not stated';
    const ind = state.byId.get(of);
    return ind ? `${ind.name_zh} ${of}` : of;
  }

  function renderSeries() {
    const points = state.indicatorSeries.filter((p) => samePlace(p) && p.unit === state.unit);
    const countsLabel = countsLabelOf(points);
    const ind = state.byId.get(state.indicator);
    const name = ind ? `${ind.name_zh} (${ind.indicator})` : state.indicator;
    const summary = $('series-summary');
    const empty = $('series-empty');
    $('series-title').replaceChildren('历年数值 ', el('span', { lang: 'en' }, 'Over the years'),
      state.district && state.indicator ? el('span', { class: 'subtitle' }, ` · ${state.district} · ${name}`) : null);

    if (seriesChart) { seriesChart.destroy(); seriesChart = null; window.jiedaoChart = null; }
    if (!state.place || !state.indicator || points.length === 0) {
      summary.textContent = '';
      empty.hidden = false;
      empty.textContent = !state.place || !state.indicator
        ? '请选择街道/镇和指标。 Choose a sub-district and an indicator.'
        : `${state.district} 的报告中没有“${ind ? ind.name_zh : state.indicator}”的数值。 The reports of ${state.district} state no value of ${state.indicator}${state.unit ? ` in ${unitShort(state.unit)}` : ''}.`;
      $('series-chart').parentElement.hidden = true;
      return;
    }
    empty.hidden = true;
    $('series-chart').parentElement.hidden = false;

    const labels = periodsSorted(points);
    // Completion rates of several tasks are several series (their `of`), and so are spans: a
    // year's total is never drawn on one line with a half year's or five years' (API: span).
    const tasks = [...new Set(points.map((p) => p.of || ''))].sort(collator.compare);
    const spans = [...new Set(points.map((p) => p.span))].sort((a, b) => SPANS.indexOf(a) - SPANS.indexOf(b));
    const pointAt = (status, of, span) => labels.map((label) => points.find(
      (x) => x.period === label && x.status === status && (x.of || '') === of && x.span === span) || null);
    const valueAt = (status, of, span) => pointAt(status, of, span).map((p) => (p ? p.value : null));
    // A point whose facts disagree is drawn with a red border; one that rests on a correction,
    // with a green one (API: conflict, reviewed).
    const marksAt = (status, of, span) => {
      const at = pointAt(status, of, span);
      return {
        jiedaoConflicts: at.map((p) => Boolean(p && p.conflict)),
        jiedaoReviewed: at.map((p) => Boolean(p && p.reviewed)),
        borderColor: at.map((p) => (p && p.conflict ? '#c53030' : p && p.reviewed ? '#2f855a' : undefined)),
        borderWidth: at.map((p) => (p && (p.conflict || p.reviewed) ? 3 : 1)),
      };
    };

    const latest = [...points].filter((p) => p.status === 'actual').sort((a, b) => (a.period_end < b.period_end ? 1 : -1))[0];
    const parts = [];
    if (latest) parts.push(`最新实际值 Latest actual: ${withUnit(latest.value, latest.unit, countsLabel)} (${latest.period})`);
    const lastTarget = [...points].filter((p) => p.status === 'target').sort((a, b) => (a.period_end < b.period_end ? 1 : -1))[0];
    if (lastTarget) parts.push(`目标 Target: ${withUnit(lastTarget.value, lastTarget.unit, countsLabel)} (${lastTarget.period})`);
    const conflicts = points.filter((p) => p.conflict);
    if (conflicts.length) {
      parts.push(`⚠ ${conflicts.length} 个数值有冲突 conflicting: ${conflicts.map((p) => `${p.period} ${(p.stated || []).map((f) => fmt(f.value)).join(' / ')}`).join('; ')}`);
    }
    const reviewed = points.filter((p) => p.reviewed).length;
    if (reviewed) parts.push(`✓ ${reviewed} 个已核对 reviewed`);
    summary.textContent = parts.join(' · ');
    $('series-chart').setAttribute('aria-label', `${state.district} · ${name} · ${parts.join(' · ') || '历年数值图 Chart of the values over the years'}`);

    if (!chartsAvailable()) {
      empty.hidden = false;
      empty.textContent = '图表库未加载（安装 Debian 软件包 libjs-chart.js）。 Chart.js is not available: install the Debian package libjs-chart.js.';
      return;
    }
    const datasets = [];
    const BAR_COLOURS = ['#2b6cb0', '#2f855a', '#6b46c1', '#b7791f', '#c53030', '#2c7a7b'];
    const counted = countsLabel && state.unit === 'count' ? ` (${countsLabel})` : '';
    tasks.forEach((of, k) => spans.forEach((span, j) => {
      const task = `${tasks.length > 1 || of ? ` · ${taskName(of)}` : ''}${spans.length > 1 ? ` · ${spanLabel(span)}` : ''}`;
      const actual = valueAt('actual', of, span);
      const target = valueAt('target', of, span);
      const colour = BAR_COLOURS[(k * spans.length + j) % BAR_COLOURS.length];
      if (actual.some((v) => v !== null)) {
        datasets.push({
          type: 'bar', label: `${statusLabel('actual')}${counted}${task}`, data: actual, order: 2,
          backgroundColor: colour, borderColor: colour, borderWidth: 1, maxBarThickness: 56,
          labelColor: '#1a365d', jiedaoStatus: 'actual', jiedaoOf: of, jiedaoSpan: span,
        });
        const marks = marksAt('actual', of, span);
        const last = datasets[datasets.length - 1];
        Object.assign(last, marks, { borderColor: marks.borderColor.map((c) => c || colour) });
      }
      if (target.some((v) => v !== null)) {
        datasets.push({
          type: 'line', label: `${statusLabel('target')}${counted}${task}`, data: target, order: 1, spanGaps: true,
          borderColor: '#c05621', backgroundColor: '#ffffff', borderDash: [6, 4], borderWidth: 2,
          pointStyle: 'rectRot', pointRadius: 6, pointHoverRadius: 8, pointBorderWidth: 2,
          labelColor: '#9c4221', jiedaoStatus: 'target', jiedaoOf: of, jiedaoSpan: span,
        });
        const marks = marksAt('target', of, span);
        Object.assign(datasets[datasets.length - 1], {
          jiedaoConflicts: marks.jiedaoConflicts, jiedaoReviewed: marks.jiedaoReviewed,
          pointBorderColor: marks.borderColor.map((c) => c || '#c05621'),
        });
      }
    }));
    seriesChart = new window.Chart($('series-chart'), {
      type: 'bar',
      data: { labels, datasets },
      plugins: [valueLabels],
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reducedMotion ? false : { duration: 250 },
        layout: { padding: { top: 18, right: 36 } },
        scales: {
          x: { title: { display: true, text: '期间 Period' } },
          y: { beginAtZero: true, grace: '8%', title: { display: true, text: axisTitle(state.unit, countsLabel) },
            ticks: { callback: (v) => fmt(v) } },
        },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${withUnit(c.parsed.y, state.unit, countsLabel)}` } },
        },
      },
    });
    window.jiedaoChart = seriesChart;
  }

  // ---------- the comparison ----------
  // The sub-districts compared are those of the chosen one's province (or city, or all): a
  // Shanghai sub-district beside Shanghai's, not beside every town of China.
  function inScope(p) {
    const here = state.byPlace.get(state.place);
    if (!here || state.among === 'all') return true;
    const key = state.among === 'city' ? 'city' : 'province';
    return !here[key] || p[key] === here[key];
  }

  function renderScopeOptions() {
    const here = state.byPlace.get(state.place) || {};
    const select = $('compare-scope');
    select.replaceChildren(
      option('province', `本省 province${here.province ? `: ${here.province}` : ''}`, state.among === 'province'),
      option('city', `本市 city${here.city ? `: ${here.city}` : ''}`, state.among === 'city'),
      option('all', '全部 all', state.among === 'all'));
    $('compare-scope-field').hidden = $('province-field').hidden && $('city-field').hidden && state.among === 'province';
  }

  // The districts' values of one year: the points the API marks as the value of their year
  // (year_value: store/series_view.h says which), largest first, one per district (completion
  // rates of several tasks: the largest).
  function comparisonRows(year) {
    const seen = new Set();
    return state.indicatorSeries
      .filter((p) => p.year_value && p.year === Number(year) && p.unit === state.unit && p.status === state.status && inScope(p))
      .sort((a, b) => b.value - a.value || collator.compare(a.district, b.district))
      .filter((p) => !seen.has(placeKey(p)) && seen.add(placeKey(p)));
  }

  function comparisonYears() {
    const years = new Map(); // year → set of districts
    for (const p of state.indicatorSeries) {
      if (!p.year_value || p.unit !== state.unit || p.status !== state.status || !inScope(p)) continue;
      const y = String(p.year);
      if (!years.has(y)) years.set(y, new Set());
      years.get(y).add(placeKey(p));
    }
    return years;
  }

  function renderYears() {
    const years = comparisonYears();
    const list = [...years.keys()].sort().reverse();
    if (!(state.yearChosen && years.has(state.year))) {
      // The year with the most sub-districts among those where the chosen one has a value.
      const score = (y) => [years.get(y).has(state.place) ? 1 : 0, years.get(y).size, Number(y)];
      let best = '';
      for (const y of list) {
        if (!best) { best = y; continue; }
        const a = score(y); const b = score(best);
        if (a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2])))) best = y;
      }
      state.year = best;
      state.yearChosen = false;
    }
    const select = $('year');
    select.replaceChildren(...list.map((y) => option(y, `${y} (${years.get(y).size})`, y === state.year)));
    select.disabled = list.length === 0;
    $('compare-status').value = state.status;
    renderScopeOptions();
  }

  function renderCompare() {
    const rows = state.year ? comparisonRows(state.year) : [];
    const countsLabel = countsLabelOf(state.indicatorSeries.filter((p) => p.unit === state.unit));
    const empty = $('compare-empty');
    const box = $('compare-box');
    const tbody = $('compare-table').querySelector('tbody');
    tbody.replaceChildren(...rows.map((p) => el('tr', { class: samePlace(p) ? 'current' : null },
      el('th', { scope: 'row' }, p.district), el('td', {}, p.county), el('td', {}, p.period),
      el('td', { class: 'num' }, withUnit(p.value, p.unit, p.counts_label || countsLabel)))));
    if (compareChart) { compareChart.destroy(); compareChart = null; window.jiedaoCompareChart = null; }
    if (!state.indicator || rows.length === 0) {
      box.hidden = true;
      empty.hidden = false;
      empty.textContent = state.indicator
        ? '没有可比较的数值。 No values to compare.'
        : '请选择指标。 Choose an indicator.';
      return;
    }
    empty.hidden = true;
    box.hidden = false;
    if (!chartsAvailable()) return;
    box.style.height = `${Math.max(140, rows.length * 34 + 70)}px`;
    $('compare-chart').setAttribute('aria-label', `${state.year} ${statusLabel(state.status)}: ${rows.map((p) => `${p.district} ${fmt(p.value)}`).join(', ')}`);
    // A name that two of the rows bear is told apart by its county.
    const names = new Map();
    for (const p of rows) names.set(p.district, (names.get(p.district) || 0) + 1);
    const labels = rows.map((p) => {
      const name = names.get(p.district) > 1 ? `${p.district} · ${p.county}` : p.district;
      return p.period === state.year ? name : `${name} (${p.period})`;
    });
    compareChart = new window.Chart($('compare-chart'), {
      type: 'bar',
      data: {
        labels,
        datasets: [{
          label: `${statusLabel(state.status)} ${state.year}`,
          data: rows.map((p) => p.value),
          backgroundColor: rows.map((p) => (samePlace(p) ? '#c05621' : '#4a6fa5')),
          maxBarThickness: 26,
          labelColor: '#1a202c',
        }],
      },
      plugins: [valueLabels],
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: reducedMotion ? false : { duration: 250 },
        layout: { padding: { right: 60 } },
        scales: { x: { beginAtZero: true, title: { display: true, text: axisTitle(state.unit, countsLabel) }, ticks: { callback: (v) => fmt(v) } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (c) => `${withUnit(c.parsed.x, state.unit, countsLabel)} · ${rows[c.dataIndex].county}` } },
        },
        onHover: (event, elements) => { event.native.target.style.cursor = elements.length ? 'pointer' : 'default'; },
        onClick: (event, elements) => {
          if (!elements.length) return;
          const p = rows[elements[0].index];
          if (p && !samePlace(p)) selectPlace(placeKey(p));
        },
      },
    });
    window.jiedaoCompareChart = compareChart;
  }

  // ---------- the facts ----------
  // The sentence with the quote marked (its first occurrence; the report view shows the exact place).
  function sentenceWithQuote(sentence, quote) {
    const cell = el('span', { class: 'sentence' });
    const at = quote ? sentence.indexOf(quote) : -1;
    if (at < 0) {
      cell.append(sentence || '');
      if (quote) cell.append(' ', el('mark', {}, quote));
      return cell;
    }
    cell.append(sentence.slice(0, at), el('mark', {}, quote), sentence.slice(at + quote.length));
    return cell;
  }

  function reportHref(fact) {
    const h = new URLSearchParams();
    h.set('report', fact.doc);
    h.set('span', `${fact.span[0]},${fact.span[1]}`);
    return `#${h.toString().replace(/%2C/g, ',')}`;
  }

  function renderFacts() {
    const tbody = $('facts-table').querySelector('tbody');
    const empty = $('facts-empty');
    const plotted = new Set();
    const conflicting = new Set();  // the facts of points whose facts disagree
    for (const p of state.indicatorSeries) {
      if (samePlace(p) && p.unit === state.unit && p.fact_id) plotted.add(p.fact_id);
      if (samePlace(p) && p.conflict) for (const f of p.stated || []) conflicting.add(f.fact_id);
    }
    // By period (facts without one last), then status, then the store's order.
    const start = (f) => (f.period ? f.period.start : '9999');
    const end = (f) => (f.period ? f.period.end : '9999');
    const facts = [...state.facts].sort((a, b) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1
      : end(a) < end(b) ? -1 : end(a) > end(b) ? 1 : a.status < b.status ? -1 : a.status > b.status ? 1 : a.id - b.id));
    tbody.replaceChildren(...facts.map((f) => {
      const value = f.value_max !== null && f.value_max !== undefined ? `${fmt(f.value)}–${fmt(f.value_max)}` : fmt(f.value);
      const notes = [];
      if (f.qualifier && f.qualifier !== 'exact') notes.push(f.qualifier);
      if (f.change) notes.push(f.change);
      if (f.derived_for) notes.push(`用于计算 used for ${f.derived_for}`);
      if (f.of) notes.push(`任务 task: ${taskName(f.of)}`);
      if (f.correction) {
        const was = Object.entries(f.extracted || {}).map(([k, v]) => `${k} ${v === null ? '-' : v}`).join(', ');
        notes.push(`✓ 已核对 reviewed${f.correction.by ? ` (${f.correction.by})` : ''}${was ? `; 原提取 extracted: ${was}` : ''}`);
      }
      if (conflicting.has(f.id)) notes.push('⚠ 冲突 conflict');
      const row = el('tr', {
        id: `fact-${f.id}`,
        class: [f.unit !== state.unit ? 'other-unit' : '', plotted.has(f.id) ? 'plotted' : '',
          conflicting.has(f.id) ? 'conflict' : '', f.correction ? 'reviewed' : ''].filter(Boolean).join(' ') || null,
        'data-fact-id': f.id,
      },
      el('td', {}, f.period_label),
      el('td', {}, el('span', { class: `badge ${f.status}` }, statusLabel(f.status))),
      el('td', { class: 'num' }, el('span', { class: 'value' }, value),
        notes.length ? el('span', { class: 'note' }, notes.join(' · ')) : null),
      el('td', {}, unitLabel(f.unit),
        f.counts_label ? el('span', { class: 'counts' }, f.counts_label) : null,
        f.measure && f.measure !== f.unit ? el('span', { class: 'note' }, `原文 ${f.measure}`) : null),
      el('td', { class: 'sentence-cell' }, sentenceWithQuote(f.sentence || '', f.quote || '')),
      el('td', {}, el('a', { href: reportHref(f), class: 'report-link', title: `${f.doc} [${f.span[0]}, ${f.span[1]})` },
        '原文 text'), el('span', { class: 'note' }, f.doc)));
      return row;
    }));
    empty.hidden = facts.length > 0;
    empty.textContent = facts.length ? '' : (state.place && state.indicator
      ? '没有相关事实。 No facts for this selection.' : '请选择街道/镇和指标。 Choose a sub-district and an indicator.');
  }

  // ---------- loading ----------
  // The API's place filters for the chosen unit: its code, else its county and name.
  function placeParams() {
    const d = state.byPlace.get(state.place);
    if (!d) return null;
    return d.code ? { district: d.district, code: d.code } : { district: d.district, county: d.county };
  }

  async function update() {
    const gen = ++generation;
    writeURL();
    const { district, indicator } = state;
    const place = placeParams();
    document.body.dataset.state = 'loading';
    setStatus('加载中… Loading…');
    try {
      const [districtSeries, indicatorSeries, facts] = await Promise.all([
        place ? api('/api/v1/series', place) : [],
        indicator ? api('/api/v1/series', { indicator }) : [],
        place && indicator ? api('/api/v1/facts', { indicator, ...place, limit: 1000 }) : [],
      ]);
      // The facts behind derived points (completion rates): the target and the actual they divide.
      const derived = indicatorSeries.filter((p) => samePlace(p) && p.of && Array.isArray(p.sources) && p.sources.length);
      const sourceFacts = [];
      for (const from of new Set(derived.map((p) => p.of))) {
        const ids = new Set(derived.filter((p) => p.of === from).flatMap((p) => p.sources.map(Number)));
        const rows = await api('/api/v1/facts', { indicator: from, ...place, limit: 1000 });
        for (const f of rows) if (ids.has(f.id)) sourceFacts.push({ ...f, derived_for: indicator });
      }
      if (gen !== generation) return;
      state.districtSeries = districtSeries;
      state.indicatorSeries = indicatorSeries;
      state.facts = facts.concat(sourceFacts);
      renderAll();
      setStatus('');
      document.body.dataset.state = 'ready';
      document.body.dataset.view = `${district}|${indicator}`;
      document.body.dataset.place = state.place;
    } catch (error) {
      if (gen !== generation) return;
      setStatus(`出错了 Error: ${error.message}`, true);
      document.body.dataset.state = 'error';
    }
  }

  function renderAll() {
    renderIndicatorOptions();
    chooseUnit();
    renderSeries();
    renderYears();
    renderCompare();
    renderFacts();
    writeURL();
  }

  function selectPlace(key) {
    choosePlace(key);
    $('district-filter').value = '';
    renderPlaceOptions();
    update();
  }

  function selectIndicator(id) {
    if (!id || id === state.indicator) return;
    state.indicator = id;
    state.unitChosen = false;
    $('indicator-filter').value = '';
    update();
  }

  // ---------- the report panel ----------
  const panel = $('report-panel');
  let reportRequest = 0;

  function closePanel() {
    if (panel.open) panel.close();
  }

  async function showReportFromHash() {
    const h = new URLSearchParams(location.hash.slice(1));
    const id = h.get('report');
    if (!id) { closePanel(); return; }
    const [begin, end] = (h.get('span') || '').split(',').map((x) => Number.parseInt(x, 10));
    const request = ++reportRequest;
    const meta = $('report-meta');
    const body = $('report-text');
    meta.textContent = '加载中… Loading…';
    body.replaceChildren();
    if (!panel.open) panel.showModal();
    let report;
    try {
      report = await api(`/api/v1/reports/${encodeURIComponent(id)}`);
    } catch (error) {
      if (request !== reportRequest) return;
      meta.textContent = `出错了 Error: ${error.message}`;
      return;
    }
    if (request !== reportRequest) return;
    const published = report.published ? ` · 发布 published ${report.published}` : '';
    meta.textContent = `${report.district || ''} ${report.county ? `(${report.county})` : ''} · ${report.kind || ''} · ${report.period || ''}${published} · ${report.id}`;
    // Spans are byte offsets into the UTF-8 text: slice the bytes, not the UTF-16 string.
    const text = report.text || '';
    const bytes = new TextEncoder().encode(text);
    const decoder = new TextDecoder();
    if (Number.isInteger(begin) && Number.isInteger(end) && begin >= 0 && begin <= end && end <= bytes.length) {
      const mark = el('mark', { id: 'report-highlight', tabindex: '-1' }, decoder.decode(bytes.subarray(begin, end)));
      body.replaceChildren(decoder.decode(bytes.subarray(0, begin)), mark, decoder.decode(bytes.subarray(end)));
      $('report-jump').hidden = false;
      requestAnimationFrame(() => {
        mark.focus({ preventScroll: true });
        mark.scrollIntoView({ block: 'center' });
      });
    } else {
      body.replaceChildren(text);
      $('report-jump').hidden = true;
      if (h.has('span')) meta.append(' · ', el('span', { class: 'error' }, `无效的位置 invalid span ${h.get('span')}`));
    }
  }

  panel.addEventListener('close', () => {
    if (new URLSearchParams(location.hash.slice(1)).has('report')) {
      history.replaceState(null, '', `${location.pathname}${location.search}`);
    }
  });
  $('report-close').addEventListener('click', closePanel);
  $('report-jump').addEventListener('click', () => {
    const mark = $('report-highlight');
    if (mark) mark.scrollIntoView({ block: 'center', behavior: reducedMotion ? 'auto' : 'smooth' });
  });
  // A click on the backdrop (outside the panel's box) closes it.
  panel.addEventListener('click', (event) => {
    if (event.target !== panel) return;
    const r = panel.getBoundingClientRect();
    const inside = event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom;
    if (!inside) closePanel();
  });
  window.addEventListener('hashchange', showReportFromHash);

  // ---------- controls ----------
  // A province, city or county narrows the lists below it; each keeps what is still inside.
  const narrowers = {
    province: () => { state.city = ''; state.county = ''; },
    city: () => { state.county = ''; },
    county: () => {},
  };
  for (const [level, clearBelow] of Object.entries(narrowers)) {
    $(level).addEventListener('change', (event) => {
      state[level] = event.target.value;
      clearBelow();
      // An unchosen level above a chosen one is filled from it (a county names its city).
      const inside = state.districts.filter(inFilters);
      if (state.county && inside.length) {
        state.city = inside[0].city;
        state.province = inside[0].province;
      } else if (state.city && inside.length) state.province = inside[0].province;
      $('district-filter').value = '';
      narrowPlace();
      renderPlaceOptions();
      update();
    });
  }
  $('district').addEventListener('change', (event) => {
    if (!event.target.value) { choosePlace(''); renderPlaceOptions(); update(); return; }
    selectPlace(event.target.value);
  });
  $('district-filter').addEventListener('input', () => renderDistrictOptions());
  $('district-filter').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      const first = [...$('district').options].find((o) => o.value);
      if (first) selectPlace(first.value);
    } else if (event.key === 'Escape') {
      $('district-filter').value = '';
      renderDistrictOptions();
    }
  });
  $('compare-scope').addEventListener('change', (event) => {
    state.among = event.target.value;
    state.yearChosen = false;
    renderYears();
    renderCompare();
    writeURL();
  });
  // A family narrows the indicators; when the chosen one is not of it, the family's indicator
  // with the most points in the sub-district (else the most facts) is shown.
  $('family').addEventListener('change', (event) => {
    state.family = event.target.value;
    renderFamilyOptions();
    const matches = renderIndicatorOptions();
    if (state.family && !matches.some((i) => i.indicator === state.indicator)) {
      const here = new Map();
      for (const p of state.districtSeries) here.set(p.indicator, (here.get(p.indicator) || 0) + 1);
      const best = [...matches].sort((a, b) => (here.get(b.indicator) || 0) - (here.get(a.indicator) || 0)
        || b.facts - a.facts || collator.compare(a.indicator, b.indicator))[0];
      if (best) { selectIndicator(best.indicator); return; }
    }
    writeURL();
  });
  $('indicator').addEventListener('change', (event) => selectIndicator(event.target.value));
  $('indicator-filter').addEventListener('input', () => renderIndicatorOptions());
  $('indicator-filter').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      const first = [...$('indicator').options].find((o) => o.value && !o.disabled);
      if (first) selectIndicator(first.value);
    } else if (event.key === 'Escape') {
      $('indicator-filter').value = '';
      renderIndicatorOptions();
    }
  });
  $('unit').addEventListener('change', (event) => {
    state.unit = event.target.value;
    state.unitChosen = true;
    state.yearChosen = false;
    renderAll();
  });
  $('year').addEventListener('change', (event) => {
    state.year = event.target.value;
    state.yearChosen = true;
    renderCompare();
    writeURL();
  });
  $('compare-status').addEventListener('change', (event) => {
    state.status = event.target.value;
    renderYears();
    renderCompare();
    writeURL();
  });
  $('controls').addEventListener('submit', (event) => event.preventDefault());

  // ---------- start ----------
  // The place of a shared link: ?code=, else ?district= (with ?county=, ?city=, ?province= when
  // the name is not the only one), else a county, city or province to narrow the lists to.
  // Returns what it could not find, for the status line.
  function readPlaceFromURL() {
    const problems = [];
    const { code, district, county, city, province } = state;
    Object.assign(state, { place: '', district: '', county: '', city: '', province: '' });
    const matching = (d) => (!district || d.district === district) && (!county || d.county === county)
      && (!city || d.city === city) && (!province || d.province === province);
    if (code) {
      const d = state.districts.find((x) => x.code === code);
      if (d) choosePlace(placeKey(d));
      else problems.push(`没有区划代码为 ${code} 的街道/镇 No sub-district has the code ${code}`);
      return problems;
    }
    const found = state.districts.filter(matching);
    if (district) {
      if (found.length === 1) choosePlace(placeKey(found[0]));
      else if (found.length === 0) problems.push(`没有这个街道/镇 No such sub-district: ${district}`);
      else {
        // A name several units bear: list them and let the user choose.
        $('district-filter').value = district;
        problems.push(`${district} 有 ${found.length} 处，请选择 ${found.length} sub-districts bear this name: choose one (${found.map((d) => d.county).join(', ')})`);
      }
      return problems;
    }
    if (!found.length && (county || city || province)) {
      problems.push(`没有这个地方 No such place: ${[province, city, county].filter(Boolean).join(' ')}`);
      return problems;
    }
    // Each level that all the matching units share (鼓楼区 alone names four cities).
    const shared = (key) => found.length && new Set(found.map(key)).size === 1;
    if ((province || city || county) && shared((d) => d.province)) state.province = found[0].province;
    if ((city || county) && shared((d) => d.city)) state.city = found[0].city;
    if (county && shared(countyKey)) state.county = countyKey(found[0]);
    else if (county) problems.push(`${county} 不止一处，请选择城市 Several counties bear this name: choose the city`);
    return problems;
  }

  async function start() {
    readURL();
    document.body.dataset.state = 'loading';
    setStatus('加载中… Loading…');
    try {
      const [indicators, districts, families, labelled] = await Promise.all([
        api('/api/v1/indicators'), api('/api/v1/districts'), api('/api/v1/families'), api('/api/v1/labels')]);
      labels = labelled;
      state.families = families;
      state.byFamily = new Map(families.map((f) => [f.family, f]));
      state.indicators = indicators;
      state.byId = new Map(indicators.map((i) => [i.indicator, i]));
      state.districts = districts;
      state.byPlace = new Map(districts.map((d) => [placeKey(d), d]));
    } catch (error) {
      setStatus(`无法读取数据 Cannot load the data: ${error.message}`, true);
      document.body.dataset.state = 'error';
      return;
    }
    const problems = readPlaceFromURL();
    if (state.family && !state.byFamily.has(state.family)) {
      problems.push(`没有这个指标族 No such family: ${state.family}`);
      state.family = '';
    }
    if (state.indicator && !state.byId.has(state.indicator)) {
      problems.push(`没有这个指标 No such indicator: ${state.indicator}`);
      state.indicator = '';
    }
    // Nothing chosen: the sub-district with the most facts and its indicator with the most points.
    if (!state.place && !state.province && !state.city && !state.county && !$('district-filter').value && state.districts.length) {
      choosePlace(placeKey([...state.districts].sort((a, b) => b.facts - a.facts)[0]));
    }
    if (!state.indicator && state.place) {
      try {
        const points = await api('/api/v1/series', placeParams());
        const counts = new Map();
        for (const p of points) {
          if (!state.family || p.family === state.family) counts.set(p.indicator, (counts.get(p.indicator) || 0) + 1);
        }
        const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || collator.compare(a[0], b[0]))[0];
        if (best) state.indicator = best[0];
      } catch (_) { /* update() reports it */ }
    }
    renderPlaceOptions();
    renderFamilyOptions();
    await update();
    if (problems.length) setStatus(problems.join('；'), true);
    if (location.hash) showReportFromHash();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
