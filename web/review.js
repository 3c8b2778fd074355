// The review page: the facts a person checks, and the corrections they make
// (POST /api/v1/facts/{id}/correction with the upload token). Everything comes from the
// daemon's own API; nothing is fetched elsewhere.
(() => {
  'use strict';

  const $ = (id) => document.getElementById(id);
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  const fmt = (v) => (typeof v === 'number' ? String(v) : v ?? '');

  async function api(path, params, init) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== '' && v !== undefined && v !== null) query.set(k, String(v));
    const url = query.toString() ? `${path}?${query}` : path;
    const res = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store', ...(init || {}) });
    let body = null;
    try { body = await res.json(); } catch (_) { /* not JSON */ }
    if (!res.ok) throw new Error(body && body.error ? body.error : `${res.status} ${res.statusText}`);
    return body;
  }

  function setStatus(text, isError) {
    $('status').textContent = text || '';
    $('status').classList.toggle('error', Boolean(isError));
  }

  // How sure the indicator is (API: confidence): inferred from around the number first, then
  // named by the words next to it, then none at all.
  const WEAKNESS = { inferred: 0, direct: 1, none: 2 };
  const weakness = (f) => WEAKNESS[f.confidence] ?? 1;

  const state = { view: 'conflicts', report: '', district: '', reports: [] };

  function readURL() {
    const q = new URLSearchParams(window.location.search);
    state.view = ['conflicts', 'report', 'district'].includes(q.get('view')) ? q.get('view') : 'conflicts';
    state.report = q.get('report') || '';
    state.district = q.get('district') || '';
  }
  function writeURL() {
    const q = new URLSearchParams();
    if (state.view !== 'conflicts') q.set('view', state.view);
    if (state.view === 'report' && state.report) q.set('report', state.report);
    if (state.view === 'district' && state.district) q.set('district', state.district);
    const search = q.toString() ? `?${q}` : '';
    if (search !== window.location.search) window.history.replaceState(null, '', `${window.location.pathname}${search}`);
  }

  function sentenceWithQuote(sentence, quote) {
    const at = quote ? sentence.indexOf(quote) : -1;
    if (at < 0) return el('span', { class: 'sentence' }, sentence, quote ? ' ' : '', quote ? el('mark', {}, quote) : null);
    return el('span', { class: 'sentence' }, sentence.slice(0, at), el('mark', {}, quote), sentence.slice(at + quote.length));
  }

  // The controls of one fact's row: each changed field is one row of corrections.tsv.
  function editor(f, inConflict) {
    const indicator = el('input', { list: 'indicator-list', value: f.indicator || '', 'aria-label': '指标 Indicator', class: 'edit-indicator', size: 18 });
    const period = el('input', { value: f.period_label || '', 'aria-label': '期间 Period', class: 'edit-period', size: 9 });
    const status = el('select', { 'aria-label': '状态 Status', class: 'edit-status' },
      el('option', { value: 'actual', selected: f.status === 'actual' }, '实际 actual'),
      el('option', { value: 'target', selected: f.status === 'target' }, '目标 target'));
    const value = el('input', { value: fmt(f.value), 'aria-label': '数值 Value', class: 'edit-value', size: 9, inputmode: 'decimal' });
    const note = el('input', { 'aria-label': '说明 Note', class: 'edit-note', placeholder: '说明 note', size: 14 });
    const save = el('button', { type: 'button', class: 'save' }, '保存 Save');
    const drop = el('button', { type: 'button', class: 'drop' }, '不是事实 Drop');
    const choose = inConflict ? el('button', { type: 'button', class: 'choose' }, '选用此值 Choose') : null;
    save.addEventListener('click', () => {
      const fields = {};
      if (indicator.value.trim() !== (f.indicator || '')) fields.indicator = indicator.value.trim() || 'none';
      if (period.value.trim() !== (f.period_label || '')) fields.period = period.value.trim();
      if (status.value !== f.status) fields.status = status.value;
      if (value.value.trim() !== fmt(f.value)) fields.value = value.value.trim();
      if (!Object.keys(fields).length) return setStatus('没有修改。 Nothing was changed.', true);
      correct(f, { ...fields, note: note.value });
    });
    drop.addEventListener('click', () => correct(f, { drop: 1, note: note.value }));
    if (choose) choose.addEventListener('click', () => correct(f, { choose: 1, note: note.value }));
    return el('div', { class: 'editor' }, indicator, period, status, value, note, save, choose, drop);
  }

  async function correct(f, fields) {
    const token = $('token').value.trim();
    if (!token) return setStatus('请输入令牌。 Enter the upload token first.', true);
    sessionStorage.setItem('jiedao-token', token);
    localStorage.setItem('jiedao-reviewer', $('by').value.trim());
    setStatus('保存中… Saving…');
    try {
      const answer = await api(`/api/v1/facts/${f.id}/correction`, { ...fields, by: $('by').value.trim() },
        { method: 'POST', headers: { Accept: 'application/json', Authorization: `Bearer ${token}` } });
      setStatus(answer.applied
        ? `已保存 Saved: ${answer.rows.length} 行写入 corrections.tsv (${answer.report})`
        : '已保存，但报告已改变，修改未生效。 Saved, but the report changed: the correction is stale.', !answer.applied);
      document.body.dataset.saved = String(Number(document.body.dataset.saved || 0) + 1);
      await load();
    } catch (error) {
      setStatus(`未保存 Not saved: ${error.message}`, true);
    }
  }

  function factRow(f, inConflict, pointOf) {
    const notes = [];
    if (f.correction) notes.push(`✓ ${f.correction.fields.join(', ') || 'reviewed'}${f.correction.by ? ` · ${f.correction.by}` : ''}`);
    if (f.chosen) notes.push('✓ 选用 chosen');
    return el('tr', { id: `fact-${f.id}`, 'data-fact-id': f.id, class: [f.correction ? 'reviewed' : '', inConflict ? 'conflict' : ''].filter(Boolean).join(' ') || null },
      el('td', { class: 'num' }, el('span', { class: 'value' }, fmt(f.value)), el('span', { class: 'note' }, f.measure || f.unit)),
      el('td', {}, f.indicator || '—', el('span', { class: 'note', title: f.how || '' }, `${f.confidence || ''}: ${f.how || ''}`)),
      el('td', {}, f.period_label || '—'),
      el('td', {}, el('span', { class: `badge ${f.status}` }, f.status), notes.length ? el('span', { class: 'note' }, notes.join(' · ')) : null),
      el('td', { class: 'sentence-cell' }, sentenceWithQuote(f.sentence || '', f.quote || ''), el('span', { class: 'note' }, f.doc),
        pointOf ? el('span', { class: 'note' }, pointOf) : null),
      el('td', {}, editor(f, inConflict)));
  }

  async function loadRows() {
    const tbody = $('review-table').querySelector('tbody');
    let rows = [];
    if (state.view === 'conflicts') {
      const points = await api('/api/v1/conflicts');
      // Each point, then its facts; the points whose weakest fact is weakest first.
      points.sort((a, b) => Math.min(...a.stated.map(weakness)) - Math.min(...b.stated.map(weakness)));
      for (const p of points) {
        const head = `${p.district} · ${p.indicator} · ${p.period} · ${p.status} · ${p.stated.map((f) => fmt(f.value)).join(' / ')}`;
        rows.push(el('tr', { class: 'point-head' }, el('th', { colspan: 6, scope: 'rowgroup' }, `⚠ ${head}`)));
        for (const f of [...p.stated].sort((a, b) => weakness(a) - weakness(b))) rows.push(factRow(f, true, null));
      }
    } else if ((state.view === 'report' && state.report) || (state.view === 'district' && state.district)) {
      const params = state.view === 'report' ? { report: state.report } : { district: state.district };
      const facts = await api('/api/v1/facts', { ...params, limit: 10000 });
      facts.sort((a, b) => weakness(a) - weakness(b) || a.span[0] - b.span[0]);
      rows = facts.map((f) => factRow(f, false, null));
    }
    tbody.replaceChildren(...rows);
    $('review-empty').hidden = rows.length > 0;
    $('review-empty').textContent = state.view === 'conflicts' ? '没有冲突。 No conflicts.' : '没有事实。 No facts.';
  }

  async function loadCorrections() {
    const rows = await api('/api/v1/corrections');
    $('corrections-table').querySelector('tbody').replaceChildren(...rows.map((c) => el('tr', { class: c.state },
      el('td', {}, c.report), el('td', {}, el('mark', {}, c.quote), el('span', { class: 'note' }, `[${c.span[0]}, ${c.span[1]})`)),
      el('td', {}, c.field), el('td', {}, c.value || '—'),
      el('td', {}, c.note || '', c.by ? el('span', { class: 'note' }, c.by) : null),
      el('td', {}, c.state === 'stale' ? '过期 stale: 原文已改变 the quote no longer stands' : '已应用 applied'))));
  }

  async function load() {
    document.body.dataset.state = 'loading';
    writeURL();
    $('report-field').hidden = state.view !== 'report';
    $('district-field').hidden = state.view !== 'district';
    try {
      await Promise.all([loadRows(), loadCorrections()]);
      document.body.dataset.state = 'ready';
    } catch (error) {
      setStatus(`出错 Error: ${error.message}`, true);
      document.body.dataset.state = 'error';
    }
  }

  async function start() {
    readURL();
    $('token').value = sessionStorage.getItem('jiedao-token') || '';
    $('by').value = localStorage.getItem('jiedao-reviewer') || '';
    const [indicators, reports] = await Promise.all([api('/api/v1/indicators'), api('/api/v1/reports', { limit: 10000 })]);
    $('indicator-list').replaceChildren(...indicators.map((i) => el('option', { value: i.indicator }, `${i.name_zh || ''} ${i.name_en || ''}`)));
    $('report').replaceChildren(el('option', { value: '' }, '—'),
      ...reports.map((r) => el('option', { value: r.id, selected: r.id === state.report }, `${r.id} · ${r.district || '?'}`)));
    $('view').value = state.view;
    $('district').value = state.district;
    $('view').addEventListener('change', () => { state.view = $('view').value; load(); });
    $('report').addEventListener('change', () => { state.report = $('report').value; load(); });
    $('district').addEventListener('change', () => { state.district = $('district').value.trim(); load(); });
    await load();
  }

  document.addEventListener('DOMContentLoaded', () => start().catch((error) => {
    setStatus(`出错 Error: ${error.message}`, true);
    document.body.dataset.state = 'error';
  }));
})();
