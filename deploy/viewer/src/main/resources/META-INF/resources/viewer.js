// The viewer page: GET api/view every 3 s (totals, nodes, pending pods) and api/decisions/stream (Server-Sent
// Events) for the decisions as they arrive. No framework, no build: plain DOM.
'use strict';

const REFRESH_MS = 3000;
const MAX_DECISIONS = 300;
const seen = new Set();

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v !== null && v !== undefined) e.setAttribute(k, v);
  });
  children.flat().forEach(c => e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
  return e;
}

function money(v) {
  return '$' + (v || 0).toFixed(v >= 100 ? 0 : v >= 1 ? 2 : 4);
}

function age(seconds) {
  if (seconds < 120) return seconds + 's';
  if (seconds < 7200) return Math.floor(seconds / 60) + 'm';
  if (seconds < 172800) return Math.floor(seconds / 3600) + 'h';
  return Math.floor(seconds / 86400) + 'd';
}

function cores(v) {
  return (Math.round(v * 100) / 100).toString();
}

function gib(bytes) {
  return (bytes / 1073741824).toFixed(1) + 'Gi';
}

function bar(requested, allocatable, text) {
  const pct = allocatable > 0 ? Math.min(100, 100 * requested / allocatable) : 0;
  const inner = el('span');
  inner.style.width = pct.toFixed(0) + '%';
  return el('span', {}, el('span', {class: pct > 85 ? 'bar high' : 'bar'}, inner), text + ' (' + pct.toFixed(0) + '%)');
}

function renderTotals(page) {
  const t = page.totals;
  document.getElementById('total-nodes').textContent = t.nodes;
  document.getElementById('total-cost-hour').textContent = money(t.costPerHour);
  document.getElementById('total-cost-month').textContent = money(t.costPerMonth);
  document.getElementById('total-cpu').textContent = cores(t.cpuRequested) + ' / ' + cores(t.cpuAllocatable);
  document.getElementById('total-memory').textContent = gib(t.memoryRequested) + ' / ' + gib(t.memoryAllocatable);
  document.getElementById('total-pending').textContent = t.pendingPods;
  document.getElementById('api-server').textContent = page.apiServer || '';
}

function renderNodes(nodes) {
  const body = document.querySelector('#nodes tbody');
  body.replaceChildren(...nodes.map(n => el('tr', {class: 'node', 'data-node': n.name},
    el('td', {title: n.nodeClaim ? 'NodeClaim ' + n.nodeClaim : ''}, n.name),
    el('td', {}, n.nodePool || '-'),
    el('td', {}, n.instanceType || '-'),
    el('td', {}, n.capacityType || '-'),
    el('td', {}, n.zone || '-'),
    el('td', {class: 'num'}, age(n.ageSeconds)),
    el('td', {class: 'num cost'}, n.priced ? money(n.pricePerHour) : '?'),
    el('td', {}, bar(n.cpuRequested, n.cpuAllocatable, cores(n.cpuRequested) + '/' + cores(n.cpuAllocatable))),
    el('td', {}, bar(n.memoryRequested, n.memoryAllocatable, gib(n.memoryRequested) + '/' + gib(n.memoryAllocatable))),
    el('td', {class: 'num'}, n.pods),
    el('td', {}, (n.statuses || []).map(s => el('span', {class: 'status ' + s}, s))))));
  document.getElementById('nodes-empty').hidden = nodes.length > 0;
}

function renderPending(pending) {
  const body = document.querySelector('#pending tbody');
  body.replaceChildren(...pending.map(p => el('tr', {class: 'pending-pod'},
    el('td', {}, p.namespace + '/' + p.name),
    el('td', {class: 'num'}, age(p.ageSeconds)),
    el('td', {class: 'reason'}, p.reason || '-'),
    el('td', {}, p.message + (p.target ? ' → ' + p.target : '')),
    el('td', {}, p.decidedBy || '-'))));
  document.getElementById('pending-empty').hidden = pending.length > 0;
}

function decisionItem(d, fresh) {
  const pods = (d.pods || []).map(p => el('li', {}, el('code', {}, p.pod), ' ', el('span', {class: 'reason'}, p.reason),
    p.target ? ' → ' + p.target : '', p.message && p.message !== p.reason ? ': ' + p.message : ''));
  if (d.morePods > 0) pods.push(el('li', {class: 'muted'}, '… and ' + d.morePods + ' more pods'));
  return el('li', {class: 'decision ' + d.kind + (fresh ? ' fresh' : ''), 'data-seq': d.seq},
    el('div', {class: 'head'}, new Date(d.at).toLocaleTimeString(), ' · ', d.service, ' · ', d.kind,
      (d.subjects || []).length ? ' · ' + d.subjects.join(', ') : ''),
    el('div', {}, el('span', {class: 'reason'}, d.reason), ' ', d.message),
    podList(pods, (d.pods || []).length + (d.morePods || 0)));
}

// a pass with many pods lists them folded (the head line says how many stay pending)
function podList(items, count) {
  if (!items.length) return '';
  if (count <= 6) return el('ul', {}, items);
  return el('details', {}, el('summary', {class: 'muted'}, count + ' pods'), el('ul', {}, items));
}

function addDecisions(decisions, fresh) {
  const list = document.getElementById('decisions');
  // newest on top, in the feed's order (seq), each once: the stream and the refreshes overlap
  decisions.filter(d => !seen.has(d.seq)).forEach(d => {
    seen.add(d.seq);
    const after = Array.from(list.children).find(li => Number(li.dataset.seq) < d.seq);
    list.insertBefore(decisionItem(d, fresh), after || null);
  });
  while (list.children.length > MAX_DECISIONS) {
    seen.delete(Number(list.lastChild.dataset.seq));
    list.lastChild.remove();
  }
  document.getElementById('decisions-empty').hidden = list.children.length > 0;
}

async function refresh() {
  try {
    const response = await fetch('api/view', {cache: 'no-store'});
    if (!response.ok) throw new Error('HTTP ' + response.status);
    const page = await response.json();
    renderTotals(page);
    renderNodes(page.nodes);
    renderPending(page.pending);
    addDecisions(page.decisions, false);
    document.body.dataset.loaded = 'true';
  } catch (e) {
    setConnection('down', 'viewer unreachable: ' + e.message);
  }
}

function setConnection(cls, text) {
  const badge = document.getElementById('connection');
  badge.className = 'badge ' + cls;
  badge.textContent = text;
}

function follow() {
  const source = new EventSource('api/decisions/stream');
  source.onopen = () => setConnection('live', 'live');
  source.onmessage = event => addDecisions([JSON.parse(event.data)], true);
  source.onerror = () => setConnection('down', 'reconnecting…');
}

refresh().then(follow);
setInterval(refresh, REFRESH_MS);
