// taskrunner web view: renders what /api/events pushes; fetches a run's task page when the run changes.
// No framework and no build step. Every value from the server is put in the page as text, never as HTML.
'use strict';

const state = { snapshot: null, page: 0, runKey: null, taskId: null, tasksRequest: 0, taskRequest: 0 };
const $ = (id) => document.getElementById(id);

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? '' : String(text);
  if (className) td.className = className;
  return td;
}

function ago(ms) {
  if (ms < 1000) return 'just now';
  const s = Math.round(ms / 1000);
  return s < 120 ? s + ' s ago' : Math.round(s / 60) + ' min ago';
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return seconds + ' s';
  if (seconds < 3600) return Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
  return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
}

function runState(run) {
  if (run.complete) return 'complete';
  if (run.cancelled) return 'cancelled';
  return run.sealed ? 'running' : 'submitting';
}

function bar(run) {
  const div = document.createElement('div');
  div.className = 'bar';
  const total = Math.max(run.submitted, 1);
  for (const [cls, n] of [['ok', run.succeeded], ['bad', run.failed]]) {
    const part = document.createElement('div');
    part.className = cls;
    part.style.width = (100 * n / total) + '%';
    div.appendChild(part);
  }
  div.title = run.done + ' of ' + run.submitted + ' done';
  return div;
}

function renderRuns(runs, count) {
  const body = $('runs').tBodies[0];
  body.replaceChildren();
  for (const run of runs) {
    const row = body.insertRow();
    row.dataset.run = run.run;
    cell(row, run.run, 'run-id');
    row.insertCell().appendChild(bar(run));
    cell(row, run.done + '/' + run.submitted, 'done');
    cell(row, run.failed, 'failed');
    cell(row, run.inFlight, 'in-flight');
    cell(row, run.remaining, 'remaining');
    cell(row, run.ratePerSecond + '/s', 'rate');
    cell(row, duration(run.etaSeconds), 'eta');
    const s = runState(run);
    cell(row, s, 'state state-' + s);
    row.addEventListener('click', () => { location.hash = '#/runs/' + encodeURIComponent(run.run); });
  }
  $('no-runs').hidden = runs.length > 0;
  $('run-count').textContent = count > runs.length ? '(newest ' + runs.length + ' of ' + count + ')' : '';
}

function renderWorkers(workers) {
  const body = $('workers').tBodies[0];
  body.replaceChildren();
  for (const w of workers) {
    const row = body.insertRow();
    row.dataset.worker = w.worker;
    cell(row, w.worker, 'worker-id');
    cell(row, w.group);
    cell(row, w.slots, 'slots');
    cell(row, w.running.length + (w.running.length ? ': ' + w.running.map((t) => t.run + '/' + t.id).join(', ') : ''),
      'running');
    cell(row, w.done, 'done');
    cell(row, w.failed, 'failed');
    cell(row, ago(w.silentForMs), 'heartbeat');
    const s = w.stopped ? 'stopped' : w.stale ? 'stale' : 'live';
    cell(row, s, 'state state-' + s);
  }
  $('no-workers').hidden = workers.length > 0;
}

async function getJson(url, options) {
  const response = await fetch(url, options);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

async function renderDeadLetters(total) {
  $('dead-letter-count').textContent = '(' + total + ')';
  if (state.deadLetterTotal === total) return;
  state.deadLetterTotal = total;
  const data = await getJson('/api/dead-letters?limit=20');
  const body = $('dead-letters').tBodies[0];
  body.replaceChildren();
  for (const d of data.entries) {
    const row = body.insertRow();
    cell(row, new Date(d.timestamp).toLocaleTimeString());
    cell(row, d.reason, 'reason');
    cell(row, d.detail, 'detail');
    cell(row, d.run);
    cell(row, d.id);
    cell(row, d.origin);
    cell(row, d.deliveryCount);
  }
}

function currentRun() {
  const match = location.hash.match(/^#\/runs\/(.+)$/);
  return match ? decodeURIComponent(match[1]) : null;
}

function renderSummary(run) {
  const box = $('run-summary');
  box.replaceChildren();
  if (!run) { box.textContent = 'Not seen yet.'; return; }
  box.appendChild(bar(run));
  for (const [label, value, cls] of [['done', run.done + '/' + run.submitted, 'done'], ['failed', run.failed, 'failed'],
      ['in flight', run.inFlight, 'in-flight'], ['remaining', run.remaining, 'remaining'],
      ['rate', run.ratePerSecond + '/s', 'rate'], ['ETA', duration(run.etaSeconds), 'eta'],
      ['state', runState(run), 'state']]) {
    const span = document.createElement('span');
    span.className = cls;
    span.textContent = label + ': ' + value;
    box.appendChild(span);
  }
  const capped = $('run-capped');
  capped.hidden = !run.tasksCapped;
  capped.textContent = run.tasksDropped
    ? 'This run\'s task rows were dropped to keep the view within its memory for rows (--task-rows-mb); '
      + 'the counts above are complete.'
    : 'This view keeps ' + run.tasksKept + ' task rows of this run (its cap per run, --max-tasks-per-run); '
      + 'the counts above are complete.';
}

async function loadTasks(run) {
  const params = new URLSearchParams({ page: state.page, size: 50, status: $('filter-status').value,
    type: $('filter-type').value, q: $('filter-id').value });
  const request = ++state.tasksRequest;
  const data = await getJson('/api/runs/' + encodeURIComponent(run) + '/tasks?' + params);
  if (request !== state.tasksRequest) return; // a newer request (another filter or page) has been sent since
  const body = $('tasks').tBodies[0];
  body.replaceChildren();
  for (const t of data.tasks) {
    const row = body.insertRow();
    row.dataset.task = t.id;
    cell(row, t.seq);
    cell(row, t.id, 'task-id');
    cell(row, t.type);
    cell(row, t.status, 'status status-' + t.status);
    cell(row, t.worker);
    cell(row, t.attempt || '');
    cell(row, t.durationMs === undefined ? '' : t.durationMs + ' ms');
    row.addEventListener('click', () => { state.taskId = t.id; showTask(run); });
  }
  const pages = Math.max(1, Math.ceil(data.total / data.size));
  $('page-info').textContent = 'page ' + (data.page + 1) + ' of ' + pages + ' (' + data.total + ' tasks)';
  $('prev').disabled = data.page === 0;
  $('next').disabled = data.page + 1 >= pages;
  if (state.taskId) showTask(run);
}

async function showTask(run) {
  const box = $('task-detail');
  const request = ++state.taskRequest;
  const t = await getJson('/api/runs/' + encodeURIComponent(run) + '/tasks/' + encodeURIComponent(state.taskId));
  if (request !== state.taskRequest) return;
  box.replaceChildren();
  box.hidden = false;
  const title = document.createElement('h3');
  title.textContent = 'Task ' + t.id + ' — ' + t.status;
  box.appendChild(title);
  const facts = document.createElement('p');
  facts.textContent = 'type ' + t.type + ', attempt ' + (t.attempt || '–') + ', worker ' + (t.worker || '–')
    + (t.durationMs === undefined ? '' : ', ran ' + t.durationMs + ' ms');
  box.appendChild(facts);
  if (t.error) {
    for (const [cls, text] of [['error-type', t.error.type], ['error-message', t.error.message]]) {
      const p = document.createElement('p');
      p.className = cls;
      p.textContent = text;
      box.appendChild(p);
    }
    if (t.error.trace) {
      const pre = document.createElement('pre');
      pre.className = 'error-trace';
      pre.textContent = t.error.trace;
      box.appendChild(pre);
    }
  }
  if (!state.snapshot.readOnly && !t.finishedAt) {
    const button = document.createElement('button');
    button.textContent = 'Cancel task';
    button.addEventListener('click', () => cancel(run, t.id));
    box.appendChild(button);
  }
}

async function cancel(run, taskId) {
  const url = '/api/runs/' + encodeURIComponent(run) + (taskId ? '/tasks/' + encodeURIComponent(taskId) : '') + '/cancel';
  try {
    await getJson(url, { method: 'POST', headers: { 'X-Taskrunner-Action': 'cancel' } });
  } catch (e) {
    alert('Not cancelled: ' + e.message);
  }
}

async function renderRunPage(force) {
  const run = currentRun();
  $('run-id').textContent = run;
  $('cancel-run').hidden = !state.snapshot || state.snapshot.readOnly;
  let summary = state.snapshot ? state.snapshot.runs.find((r) => r.run === run) : null;
  if (!summary) {
    try { summary = await getJson('/api/runs/' + encodeURIComponent(run)); } catch (e) { summary = null; }
  }
  renderSummary(summary);
  const key = summary ? [summary.done, summary.submitted, summary.inFlight, summary.lastActivityAt].join() : '';
  if (force || key !== state.runKey) {
    state.runKey = key;
    await loadTasks(run);
  }
}

function render(force) {
  const run = currentRun();
  $('home').hidden = run !== null;
  $('run').hidden = run === null;
  if (!state.snapshot) return;
  $('mode').textContent = state.snapshot.readOnly ? 'read-only' : 'cancel allowed';
  if (run === null) {
    renderRuns(state.snapshot.runs, state.snapshot.runCount);
    renderWorkers(state.snapshot.workers);
    renderDeadLetters(state.snapshot.deadLetters).catch(() => {});
  } else {
    renderRunPage(force).catch(() => {});
  }
}

function connect() {
  const events = new EventSource('/api/events');
  events.addEventListener('open', () => { $('connection').textContent = 'live'; $('connection').className = 'badge live'; });
  events.addEventListener('error', () => {
    $('connection').textContent = 'reconnecting…';
    $('connection').className = 'badge down';
  });
  events.addEventListener('update', (event) => {
    state.snapshot = JSON.parse(event.data);
    render(false);
  });
}

window.addEventListener('hashchange', () => { state.page = 0; state.taskId = null; $('task-detail').hidden = true; render(true); });
document.addEventListener('DOMContentLoaded', () => {
  // A select's choice is a 'change' (a choice made by a script or WebDriver fires no 'input'); text fields
  // filter as they are typed in.
  for (const [id, event] of [['filter-status', 'change'], ['filter-type', 'input'], ['filter-id', 'input']]) {
    $(id).addEventListener(event, () => { state.page = 0; render(true); });
  }
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); render(true); });
  $('next').addEventListener('click', () => { state.page += 1; render(true); });
  $('cancel-run').addEventListener('click', () => cancel(currentRun(), null));
  render(true);
  connect();
});
