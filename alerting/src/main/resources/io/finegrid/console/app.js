// FineGrid's live console: one page, no build step. Data comes from the HTTP API with the
// caller's bearer token; alert changes arrive live on /api/console/stream (server-sent events
// read with fetch, so the token travels in a header, never in a URL).
'use strict';

const state = { token: sessionStorage.getItem('fgToken'), overview: null, alerts: new Map(), charts: [], timer: null };
const SEVERITIES = ['critical', 'major', 'minor', 'info'];

const $ = (sel, root = document) => root.querySelector(sel);
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const sevClass = (s) => (s ? 'sev-' + s : '');

/** How long ago, in words a crew reads at a glance. */
function age(ms) {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.round(s / 60) + ' min';
  if (s < 86400) return (s / 3600).toFixed(1) + ' h';
  return (s / 86400).toFixed(1) + ' d';
}
const when = (ms) => (ms ? new Date(ms).toLocaleString() : '');

function toast(text, bad = false) {
  const t = $('#toast');
  t.textContent = text;
  t.className = bad ? 'bad' : '';
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 5000);
}

/** An API call; failures become sentences. */
async function api(path, options = {}) {
  let res;
  try {
    res = await fetch(path, { ...options, headers: { Authorization: 'Bearer ' + state.token, ...(options.headers || {}) } });
  } catch (e) {
    throw new Error('FineGrid cannot be reached right now (' + e.message + '). Check the connection; the page retries.');
  }
  if (res.status === 401) {
    signOut('Your session is not valid any more. Sign in again.');
    throw new Error('not signed in');
  }
  let body = null;
  try { body = await res.json(); } catch (e) { /* no JSON body */ }
  if (!res.ok) {
    const why = body && body.error ? body.error : 'HTTP ' + res.status;
    const lead = { 403: 'You do not have access to this: ', 404: 'Not found: ', 409: 'Already done: ', 503: 'Not available right now: ' }[res.status] || 'Something went wrong: ';
    throw new Error(lead + why);
  }
  return body;
}

function signOut(message) {
  sessionStorage.removeItem('fgToken');
  state.token = null;
  history.replaceState(null, '', '#/'); // no hashchange: it would draw the form again without the message
  clearView();
  renderLogin(message);
}

function renderLogin(message) {
  $('#bar').hidden = true;
  $('#view').innerHTML = `
    <form class="login card" id="login-form">
      <h1>FineGrid console</h1>
      <p class="muted">Sign in with your API token (an administrator's FG_API_TOKEN, or the personal token your grid office gave you).</p>
      ${message ? `<div class="error">${esc(message)}</div>` : ''}
      <label for="token">Token</label>
      <input id="token" type="password" autocomplete="current-password" required>
      <button id="login" type="submit">Sign in</button>
    </form>`;
  $('#login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    state.token = $('#token').value.trim();
    try {
      state.overview = await api('/api/console/overview');
      sessionStorage.setItem('fgToken', state.token);
      startStream();
      route();
    } catch (err) {
      renderLogin(err.message === 'not signed in' ? 'That token is not known here. Check it, or ask your administrator for yours.' : err.message);
    }
  });
}

function showBar() {
  const o = state.overview;
  $('#bar').hidden = false;
  $('#community').textContent = o ? (o.name || o.community) : '';
  $('#who').textContent = o ? o.caller.id + ' (' + o.caller.role + ')' : '';
}

function clearView() {
  state.charts.forEach((c) => c.dispose());
  state.charts = [];
  clearInterval(state.timer);
  state.timer = null;
}

function fail(err) {
  if (err.message !== 'not signed in') {
    $('#view').innerHTML = `<div class="error" id="page-error">${esc(err.message)}</div><p><a href="#/">Back to the overview</a></p>`;
  }
}

// ---- live feed ---------------------------------------------------------------------------

async function startStream() {
  if (startStream.running || !state.token) return;
  startStream.running = true;
  let wait = 1000;
  while (state.token) {
    try {
      const res = await fetch('/api/console/stream', { headers: { Authorization: 'Bearer ' + state.token } });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      setLive(true);
      wait = 1000;
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let i;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const chunk = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const data = chunk.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (data) onTransition(JSON.parse(data));
        }
      }
    } catch (e) { /* reconnect below */ }
    setLive(false);
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 15000);
  }
  startStream.running = false;
}

function setLive(on) {
  const l = $('#live');
  l.className = 'live ' + (on ? 'on' : 'off');
  l.innerHTML = on ? '&#9679; live' : '&#9679; reconnecting';
}

function onTransition(t) {
  const before = state.alerts.get(t.alertId);
  state.alerts.set(t.alertId, t);
  if (!before && t.state === 'firing' && (t.severity === 'critical' || t.severity === 'major')) {
    toast(`New ${t.severity} alert: ${t.rule} at ${t.building || t.grid}`);
  }
  clearTimeout(onTransition.redraw);
  onTransition.redraw = setTimeout(() => route(true), 300);
}

// ---- pages -----------------------------------------------------------------------------

async function overviewPage(live) {
  const [o, alerts] = await Promise.all([api('/api/console/overview'), api('/api/alerts')]);
  state.overview = o;
  alerts.forEach((a) => state.alerts.set(a.alertId, a));
  showBar();
  const cards = o.grids.map((g) => `
    <div class="card grid-card ${sevClass(g.worst)}" data-grid="${esc(g.grid)}" onclick="location.hash='#/grid/${encodeURIComponent(g.grid)}'">
      <h3>${esc(g.name || g.grid)} <span class="muted">${esc(g.grid)}</span></h3>
      <div class="figures">
        <span><b>${g.online ?? '–'}</b> / ${g.devices ?? '–'} online</span>
        <span><b>${g.alerts}</b> alerts</span>
        <span><b>${g.requestsOpen ?? '–'}</b> open requests</span>
        <span><b>${g.requestsBreached ?? '–'}</b> SLA breaches</span>
      </div>
      <div class="tiles">${g.buildings.map((b) => `
        <div class="building-tile ${sevClass(b.worst)}" data-building="${esc(b.building)}" title="${esc(b.building)}: ${b.alerts} open alerts, ${b.devices} devices">
          ${esc(b.building)}${b.alerts ? ' · ' + b.alerts : ''}</div>`).join('')}
      </div>
    </div>`).join('');
  $('#view').innerHTML = `
    <h1>${esc(o.name || o.community)}</h1>
    ${o.historyAvailable ? '' : '<div class="error">History is not available (no InfluxDB configured): figures show what the alert feed knows.</div>'}
    <div class="cards" id="grids">${cards}</div>
    <h2>Active alerts</h2>
    ${alertTable(alerts.slice(0, 30))}`;
  if (!live) {
    state.timer = setInterval(() => route(true), 10000);
  }
}

function alertTable(alerts) {
  if (!alerts.length) return '<p class="muted" id="no-alerts">No open alerts. All quiet.</p>';
  return `<div class="table-wrap"><table id="alerts"><thead><tr>
      <th>Severity</th><th>Alert</th><th>Where</th><th>State</th><th>Age</th><th class="hide-narrow">Owner</th><th class="hide-narrow">Level</th>
    </tr></thead><tbody>${alerts.map((a) => `
      <tr class="alert-row" data-alert-id="${esc(a.alertId)}" onclick="location.hash='#/alert/${encodeURIComponent(a.alertId)}'">
        <td><span class="badge ${sevClass(a.severity)}">${esc(a.severity)}</span></td>
        <td>${esc(a.rule)}<div class="muted">${esc(a.summary)}</div></td>
        <td>${esc(a.grid)} / ${esc(a.building || '-')}${a.deviceId ? ' / ' + esc(a.deviceId) : ''}</td>
        <td class="state">${esc(a.state)}</td>
        <td>${age(a.startsAt)}</td>
        <td class="hide-narrow">${a.assignee ? esc(a.assignee.crew) + ' <span class="muted">(' + esc(a.assignee.org) + ')</span>' : '-'}</td>
        <td class="hide-narrow">${a.escalationLevel}</td>
      </tr>`).join('')}</tbody></table></div>`;
}

async function gridPage(grid, live) {
  const [summary, alerts] = await Promise.all([
    api('/api/grids/' + encodeURIComponent(grid) + '/summary'),
    api('/api/alerts?grid=' + encodeURIComponent(grid))]);
  let history = null;
  let historyError = null;
  try { history = await api('/api/console/grids/' + encodeURIComponent(grid) + '/history'); } catch (e) { historyError = e.message; }
  showBar();
  const sev = summary.openAlerts || {};
  $('#view').innerHTML = `
    <p><a href="#/">Overview</a> › ${esc(grid)}</p>
    <h1>${esc(summary.name || grid)} <span class="muted">${esc(grid)}, manager ${esc(summary.manager)}</span></h1>
    <div class="figures">${SEVERITIES.map((s) => `<span><b>${sev[s] || 0}</b> ${s}</span>`).join('')}
      <span>oldest unacknowledged: <b>${summary.oldestUnacknowledgedAgeS ? age(Date.now() - summary.oldestUnacknowledgedAgeS * 1000) : '-'}</b></span></div>
    <h2>Active alerts</h2>
    ${alertTable(alerts)}
    <h2>Backlog per category</h2>
    ${historyError ? `<div class="error">${esc(historyError)}</div>`
      : history && !Object.keys(history.backlog).length ? '<p class="muted" id="no-backlog">No open requests in the last 6 hours.</p>'
      : '<div class="chart" id="backlog-chart"></div>'}
    <h2>KPIs per organisation</h2>
    <div id="kpi"></div>`;
  if (history) {
    const series = [];
    Object.entries(history.backlog).forEach(([cat, points]) => {
      series.push({ name: cat + ' open', type: 'line', showSymbol: false, data: points.map((p) => [p[0], p[1]]) });
      series.push({ name: cat + ' breached', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' }, data: points.map((p) => [p[0], p[2]]) });
    });
    chart('#backlog-chart', { tooltip: { trigger: 'axis' }, legend: { type: 'scroll' }, xAxis: { type: 'time' },
      yAxis: { type: 'value', minInterval: 1, name: 'requests' }, series });
    const rows = history.kpi;
    $('#kpi').innerHTML = rows.length ? `<div class="table-wrap"><table><thead><tr><th>Hour</th><th>Organisation</th><th>MTTA</th><th>MTTR</th>
        <th>SLA compliance</th><th>Satisfaction</th><th>Reporters</th></tr></thead><tbody>${rows.map((k) => `<tr>
        <td>${when(k.time)}</td><td>${esc(k.org)}</td><td>${fmtS(k.mtta_s)}</td><td>${fmtS(k.mttr_s)}</td>
        <td>${k.sla_compliance == null ? '-' : Math.round(k.sla_compliance * 100) + ' %'}</td>
        <td>${k.satisfaction == null ? '-' : k.satisfaction.toFixed(1)}</td><td>${k.reporters ?? '-'}</td></tr>`).join('')}</tbody></table></div>`
      : '<p class="muted">No KPI hours yet: they appear once an hour of requests has closed.</p>';
  }
  if (!live) state.timer = setInterval(() => route(true), 15000);
}

const fmtS = (s) => (s == null ? '-' : s < 120 ? Math.round(s) + ' s' : (s / 60).toFixed(1) + ' min');

async function devicePage(id) {
  const d = await api('/api/console/devices/' + encodeURIComponent(id));
  showBar();
  const metrics = Object.keys(d.telemetry || {});
  $('#view').innerHTML = `
    <p><a href="#/">Overview</a> › <a href="#/grid/${encodeURIComponent(d.device.grid)}">${esc(d.device.grid)}</a> › ${esc(id)}</p>
    <h1>${esc(id)} <span class="muted">${esc(d.device.type)} in ${esc(d.device.building)}, reports every ${d.device.intervalS} s</span></h1>
    ${d.telemetry ? '' : '<div class="error">History is not available (no InfluxDB configured).</div>'}
    ${d.telemetry && !metrics.length ? '<p class="muted" id="no-telemetry">No one-minute readings in the last 6 hours yet.</p>' : ''}
    ${metrics.map((m, i) => `<h2>${esc(m)}</h2><div class="chart telemetry-chart" id="chart-${i}"></div>`).join('')}
    <h2>Status history</h2>
    ${(d.status || []).length ? `<div class="table-wrap"><table><thead><tr><th>When</th><th>Online</th><th>Battery</th></tr></thead><tbody>
      ${d.status.map((s) => `<tr><td>${when(s.time)}</td><td>${s.online ? 'online' : '<b>offline</b>'}</td><td>${s.battery_pct == null ? '-' : s.battery_pct + ' %'}</td></tr>`).join('')}
      </tbody></table></div>` : '<p class="muted">No status changes in the last 7 days.</p>'}
    <h2>Alerts</h2>
    ${alertTable(d.alerts)}`;
  metrics.forEach((m, i) => {
    const points = d.telemetry[m];
    const lines = d.thresholds.filter((t) => t.metric === m).flatMap((t) => [
      { name: t.rule + ' ' + t.direction + ' ' + t.threshold, yAxis: t.threshold, lineStyle: { color: '#c4161c' } },
      ...(t.clear !== t.threshold ? [{ name: 'clears at ' + t.clear, yAxis: t.clear, lineStyle: { color: '#2f9e44', type: 'dotted' } }] : [])]);
    // The value axis takes in the threshold lines too, so a rule's levels are always in view.
    const levels = lines.map((l) => l.yAxis);
    const few = points.length < 30;
    const now = Date.now();
    chart('#chart-' + i, {
      tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 60, right: 150 },
      xAxis: { type: 'time', min: Math.max(now - 6 * 3600e3, (points[0] ? points[0][0] : now) - 10 * 60e3), max: now },
      yAxis: { type: 'value', scale: true,
        min: (v) => Math.min(v.min, ...levels) - 0.15 * (Math.max(v.max, ...levels) - Math.min(v.min, ...levels) || 1),
        max: (v) => Math.max(v.max, ...levels) + 0.15 * (Math.max(v.max, ...levels) - Math.min(v.min, ...levels) || 1),
        axisLabel: { formatter: (v) => +v.toPrecision(3) } },
      series: [
        { name: 'mean', type: 'line', showSymbol: few, data: points.map((p) => [p[0], p[1]]),
          markLine: { symbol: 'none', label: { formatter: '{b}', position: 'end' }, data: lines } },
        { name: 'min', type: 'line', showSymbol: few, lineStyle: { opacity: 0.4 }, itemStyle: { opacity: 0.4 }, data: points.map((p) => [p[0], p[2]]) },
        { name: 'max', type: 'line', showSymbol: few, lineStyle: { opacity: 0.4 }, itemStyle: { opacity: 0.4 }, data: points.map((p) => [p[0], p[3]]) }] });
  });
}

async function alertPage(id) {
  const a = await api('/api/alerts/' + encodeURIComponent(id));
  state.alerts.set(a.alertId, a);
  showBar();
  const open = a.state !== 'resolved';
  const requests = a.requestIds || [];
  $('#view').innerHTML = `
    <p><a href="#/">Overview</a> › <a href="#/grid/${encodeURIComponent(a.grid)}">${esc(a.grid)}</a> › alert</p>
    <h1><span class="badge ${sevClass(a.severity)}">${esc(a.severity)}</span> ${esc(a.rule)}</h1>
    <div class="card detail"><dl>
      <dt>State</dt><dd id="alert-state">${esc(a.state)}</dd>
      <dt>What</dt><dd>${esc(a.summary)}${a.value != null ? ' (value ' + esc(a.value) + ')' : ''}</dd>
      <dt>Where</dt><dd>${esc(a.grid)} / ${esc(a.building || '-')}${a.deviceId ? ` / <a href="#/device/${encodeURIComponent(a.deviceId)}">${esc(a.deviceId)}</a>` : ''}</dd>
      <dt>Since</dt><dd>${when(a.startsAt)} (${age(a.startsAt)} ago)</dd>
      <dt>Last change</dt><dd>${when(a.updatedAt)}${a.actor ? ' by ' + esc(a.actor) : ''}</dd>
      <dt>Owner</dt><dd id="alert-owner">${a.assignee ? esc(a.assignee.crew) + ' (' + esc(a.assignee.org) + ')' : '-'}</dd>
      <dt>Escalation level</dt><dd id="alert-level">${a.escalationLevel}</dd>
      <dt>Work orders and reports</dt><dd id="alert-requests">${requests.length ? requests.map(esc).join(', ') : 'none linked'}</dd>
      ${a.requestId ? `<dt>Request</dt><dd>${esc(a.requestId)}</dd>` : ''}
    </dl></div>
    <div class="actions">
      <button id="ack" ${open && a.state !== 'acknowledged' ? '' : 'disabled'}>Acknowledge</button>
      <button id="resolve" class="secondary" ${open ? '' : 'disabled'}>Resolve</button>
    </div>
    <p class="muted">Acknowledging stops the escalation; resolving closes the alert for everyone.</p>`;
  $('#ack').addEventListener('click', () => act(a.alertId, 'ack'));
  $('#resolve').addEventListener('click', () => act(a.alertId, 'resolve'));
}

async function act(id, action) {
  ['#ack', '#resolve'].forEach((b) => { $(b).disabled = true; });
  try {
    await api('/api/alerts/' + encodeURIComponent(id) + '/' + action, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    toast(action === 'ack' ? 'Acknowledgement recorded. The alert updates in a moment.' : 'Resolution recorded. The alert updates in a moment.');
  } catch (e) {
    toast(e.message, true);
    route(true);
  }
}

function chart(sel, option) {
  const el = $(sel);
  if (!el || !window.echarts) return;
  const c = echarts.init(el);
  c.setOption(option);
  state.charts.push(c);
}

// ---- routing ---------------------------------------------------------------------------

// One drawing at a time: two overlapping ones would draw charts into each other's elements.
// A request that comes meanwhile runs once the current one is done (a page change wins over a
// live refresh).
async function route(live = false) {
  if (route.busy) {
    route.again = route.again === 'full' || !live ? 'full' : 'live';
    return;
  }
  route.busy = true;
  try {
    if (!state.token) return renderLogin();
    if (!live) clearView();
    state.charts.forEach((c) => c.dispose());
    state.charts = [];
    if (!state.overview) state.overview = await api('/api/console/overview');
    const [, page, arg] = (location.hash || '#/').slice(1).split('/').map(decodeURIComponent);
    if (page === 'grid') await gridPage(arg, live);
    else if (page === 'device') await devicePage(arg);
    else if (page === 'alert') await alertPage(arg);
    else await overviewPage(live);
  } catch (e) {
    fail(e);
  } finally {
    route.busy = false;
    if (route.again) {
      const next = route.again;
      route.again = null;
      route(next === 'live');
    }
  }
}

window.addEventListener('hashchange', () => route());
window.addEventListener('resize', () => state.charts.forEach((c) => c.resize()));
$('#logout').addEventListener('click', () => signOut('Signed out.'));
if (state.token) startStream();
route();
