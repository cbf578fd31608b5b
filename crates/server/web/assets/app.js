// annalist web UI: written for annalist (Apache-2.0). Plain JavaScript, no framework, no network
// beyond the server that serves it. Views are chosen by the URL hash: #events, #timeline,
// #network, #map, #documents, #doc/<id>, #extract.
'use strict';

const $ = (sel, root = document) => root.querySelector(sel);
const view = $('#view');
const form = $('#filters');

// ---------- helpers ----------
function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

async function api(path, opts) {
  const r = await fetch(path, opts);
  let body;
  try { body = await r.json(); } catch (_) { body = null; }
  if (!r.ok) throw new Error((body && body.error) || `${r.status} ${r.statusText}`);
  return body;
}

function showError(e) {
  view.innerHTML = `<p class="error" id="error">${esc(e.message || e)}</p>`;
}

// Fixed colours for the PLOVER types, so a type keeps its colour across views.
const TYPE_COLOURS = {
  AGREE: '#2e8b57', AID: '#1f9e89', CONSULT: '#2458a6', COOPERATE: '#5aa02c', SUPPORT: '#7fb800',
  CONCEDE: '#8c6bb1', RETREAT: '#9e9ac8', REQUEST: '#3690c0', INVESTIGATE: '#6a51a3',
  ACCUSE: '#e6550d', DISAPPROVE: '#fd8d3c', REJECT: '#d94801', DEMAND: '#f16913', THREATEN: '#cb181d',
  PROTEST: '#bc4b51', SANCTION: '#a50f15', MOBILIZE: '#b15928', COERCE: '#99000d', ASSAULT: '#67000d',
};
function typeColour(t) {
  if (TYPE_COLOURS[t]) return TYPE_COLOURS[t];
  let h = 0;
  for (const c of String(t)) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${h % 360},55%,45%)`;
}
const typeTag = (t, mode) => `<span class="type" style="background:${typeColour(t)}">${esc(t)}</span>${mode ? ` <span class="muted">${esc(mode)}</span>` : ''}`;
const actorNames = list => (list || []).map(a => a.name || a.id || a.key || a.text).filter(Boolean).join(', ');

function legend(types) {
  return `<div class="legend">${[...types].sort().map(t => `<span><i style="background:${typeColour(t)}"></i>${esc(t)}</span>`).join('')}</div>`;
}

// ---------- filters ----------
function filterParams() {
  const p = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (String(v).trim()) p.set(k, String(v).trim());
  return p;
}
form.addEventListener('submit', ev => { ev.preventDefault(); render(); });
form.addEventListener('reset', () => setTimeout(render, 0));

// ---------- events table ----------
async function viewEvents(offset = 0) {
  const p = filterParams();
  p.set('limit', '50');
  p.set('offset', String(offset));
  const page = await api('/api/events?' + p);
  const rows = page.events.map(e => {
    const m = e.mentions[0];
    const ev = m ? m.event : null;
    const extra = [];
    if (ev && ev.modality && ev.modality !== 'asserted') extra.push(ev.modality);
    if (ev && ev.attribution) extra.push('according to ' + ev.attribution.text);
    if (ev && ev.quantity) extra.push(`${ev.quantity.approximate ? '~' : ''}${ev.quantity.value} ${ev.quantity.unit || ''}`);
    return `<tr class="event-row" data-type="${esc(e.event_type)}" data-id="${e.id}">
      <td>${esc(e.date || '')}</td>
      <td>${typeTag(e.event_type, e.mode)}</td>
      <td class="src">${esc(actorNames(e.source))}</td>
      <td class="tgt">${esc(actorNames(e.target))}</td>
      <td>${esc(e.location || '')}</td>
      <td>${esc(extra.join('; '))}</td>
      <td>${e.num_articles}</td>
      <td class="evidence">${m ? `${esc(m.sentence_text)} <a href="#doc/${encodeURIComponent(m.doc_id)}">${esc(m.title || m.doc_id)}</a>` : ''}</td>
    </tr>`;
  }).join('');
  view.innerHTML = `
    <div class="pager"><span id="count">${page.count} events${page.offset ? ` from ${page.offset + 1}` : ''}</span>
      ${page.prev ? '<button id="prev">← previous</button>' : ''}${page.next ? '<button id="next">next →</button>' : ''}</div>
    <table id="events-table"><thead><tr><th>Date</th><th>Type</th><th>Source</th><th>Target</th><th>Place</th>
      <th>Claim</th><th>Articles</th><th>Evidence</th></tr></thead><tbody>${rows}</tbody></table>
    ${page.count ? '' : '<p class="muted" id="empty">No event matches these filters.</p>'}`;
  if (page.next) $('#next').onclick = () => viewEvents(offset + page.limit);
  if (page.prev) $('#prev').onclick = () => viewEvents(Math.max(0, offset - page.limit));
}

// ---------- timeline ----------
async function viewTimeline() {
  const p = filterParams();
  p.set('limit', '1000');
  const [page, dy] = await Promise.all([api('/api/events?' + p), api('/api/dyads?' + filterParams())]);
  const evs = page.events.filter(e => e.date_from);
  const types = [...new Set(evs.map(e => e.event_type))].sort();
  const W = 960, lane = 26, top = 20, left = 110, H = top + lane * Math.max(types.length, 1) + 40;
  let svg = `<svg id="timeline-svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}">`;
  if (evs.length) {
    const t = e => Date.parse(e.date_from.slice(0, 10));
    let lo = Math.min(...evs.map(t)), hi = Math.max(...evs.map(t));
    if (hi === lo) { lo -= 15 * 864e5; hi += 15 * 864e5; }
    const x = v => left + (v - lo) / (hi - lo) * (W - left - 30);
    types.forEach((ty, i) => {
      const y = top + i * lane + lane / 2;
      svg += `<text x="4" y="${y + 4}" font-size="11">${esc(ty)}</text><line x1="${left}" x2="${W - 20}" y1="${y}" y2="${y}" stroke="#eee"/>`;
    });
    const ticks = 6;
    for (let k = 0; k <= ticks; k++) {
      const v = lo + (hi - lo) * k / ticks, xx = x(v);
      svg += `<line x1="${xx}" x2="${xx}" y1="${top}" y2="${H - 30}" stroke="#f0f0f0"/><text x="${xx}" y="${H - 12}" font-size="10" text-anchor="middle">${new Date(v).toISOString().slice(0, 10)}</text>`;
    }
    for (const e of evs) {
      const y = top + types.indexOf(e.event_type) * lane + lane / 2;
      const r = 4 + Math.min(6, Math.log2(1 + e.num_articles) * 2);
      svg += `<circle class="tl-event" cx="${x(t(e)).toFixed(1)}" cy="${y}" r="${r}" fill="${typeColour(e.event_type)}" fill-opacity=".75"><title>${esc(`${e.date} ${e.event_type}: ${actorNames(e.source) || '?'} → ${actorNames(e.target) || '?'}`)}</title></circle>`;
    }
  } else {
    svg += `<text x="20" y="40">No dated event matches these filters.</text>`;
  }
  svg += '</svg>';
  const dyRows = dy.dyads.map(d => `<tr><td>${esc(d.month)}</td><td>${esc(d.source)}</td><td>${esc(d.target)}</td><td>${d.events}</td><td>${d.mentions}</td><td>${d.goldstein_sum.toFixed(1)}</td></tr>`).join('');
  view.innerHTML = `<h2>Events over time</h2>${legend(types)}${svg}
    <h2>Dyads by month</h2><table id="dyads-table"><thead><tr><th>Month</th><th>Source</th><th>Target</th><th>Events</th><th>Mentions</th><th>Goldstein sum</th></tr></thead><tbody>${dyRows}</tbody></table>`;
}

// ---------- network: a force layout written here ----------
function forceLayout(nodes, edges, W, H) {
  const n = nodes.length;
  nodes.forEach((nd, i) => {
    const a = 2 * Math.PI * i / Math.max(n, 1);
    nd.x = W / 2 + Math.cos(a) * W / 3; nd.y = H / 2 + Math.sin(a) * H / 3;
  });
  const k = Math.sqrt(W * H / Math.max(n, 1)) * 0.6;
  let temp = W / 8;
  for (let it = 0; it < 300; it++) {
    for (const a of nodes) { a.dx = 0; a.dy = 0; }
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const a = nodes[i], b = nodes[j];
      let dx = a.x - b.x, dy = a.y - b.y, d = Math.hypot(dx, dy) || 0.01;
      const f = k * k / d;
      dx /= d; dy /= d;
      a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
    }
    for (const e of edges) {
      const a = e.s, b = e.t;
      if (a === b) continue;
      let dx = a.x - b.x, dy = a.y - b.y, d = Math.hypot(dx, dy) || 0.01;
      const f = d * d / k;
      dx /= d; dy /= d;
      a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
    }
    for (const a of nodes) {
      a.dx += (W / 2 - a.x) * 0.02 * k; a.dy += (H / 2 - a.y) * 0.02 * k;
      const d = Math.hypot(a.dx, a.dy) || 1, m = Math.min(d, temp);
      a.x = Math.min(W - 60, Math.max(60, a.x + a.dx / d * m));
      a.y = Math.min(H - 20, Math.max(20, a.y + a.dy / d * m));
    }
    temp *= 0.985;
  }
}

async function viewNetwork() {
  const p = filterParams();
  p.set('limit', '1000');
  const page = await api('/api/events?' + p);
  const nodes = new Map(), edges = new Map();
  const node = a => {
    if (!nodes.has(a.key)) nodes.set(a.key, { key: a.key, name: a.name || a.id || a.key, country: a.country, deg: 0 });
    return nodes.get(a.key);
  };
  for (const e of page.events) for (const s of e.source) for (const t of e.target) {
    const k = `${s.key}\u0000${t.key}\u0000${e.event_type}`;
    const ed = edges.get(k) || { s: node(s), t: node(t), type: e.event_type, n: 0 };
    ed.n++; ed.s.deg++; ed.t.deg++;
    edges.set(k, ed);
  }
  const W = 960, H = 620, ns = [...nodes.values()], es = [...edges.values()];
  forceLayout(ns, es, W, H);
  const types = new Set(es.map(e => e.type));
  let svg = `<svg id="network-svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"><defs>`;
  for (const t of types) svg += `<marker id="arr-${esc(t)}" viewBox="0 0 10 10" refX="18" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${typeColour(t)}"/></marker>`;
  svg += '</defs>';
  // Several types between the same pair are drawn as arcs of different bend.
  const bends = new Map();
  for (const e of es) {
    const pair = e.s.key + '\u0000' + e.t.key, i = bends.get(pair) || 0;
    bends.set(pair, i + 1);
    const mx = (e.s.x + e.t.x) / 2, my = (e.s.y + e.t.y) / 2, dx = e.t.x - e.s.x, dy = e.t.y - e.s.y;
    const c = (i % 2 ? -1 : 1) * (12 + 18 * Math.floor(i / 2)) / (Math.hypot(dx, dy) || 1);
    svg += `<path class="edge" data-type="${esc(e.type)}" d="M${e.s.x.toFixed(1)},${e.s.y.toFixed(1)} Q${(mx - dy * c).toFixed(1)},${(my + dx * c).toFixed(1)} ${e.t.x.toFixed(1)},${e.t.y.toFixed(1)}" fill="none" stroke="${typeColour(e.type)}" stroke-width="${1.5 + Math.min(4, e.n)}" stroke-opacity=".8" marker-end="url(#arr-${esc(e.type)})"><title>${esc(`${e.s.name} → ${e.t.name}: ${e.type} ×${e.n}`)}</title></path>`;
  }
  for (const nd of ns) {
    svg += `<g class="node"><circle cx="${nd.x.toFixed(1)}" cy="${nd.y.toFixed(1)}" r="${5 + Math.min(10, nd.deg)}" fill="#fff" stroke="#333"/><text x="${(nd.x + 9).toFixed(1)}" y="${(nd.y - 9).toFixed(1)}" font-size="12">${esc(nd.name)}</text></g>`;
  }
  svg += '</svg>';
  view.innerHTML = `<h2>Who did what to whom</h2><p class="muted">${ns.length} actors, ${es.length} links from ${page.count} events (events with both a source and a target).</p>${legend(types)}${svg}`;
}

// ---------- map ----------
let worldCache = null;
// Decodes TopoJSON (quantised arcs, delta-encoded) into rings of [lon, lat].
function topoRings(topo) {
  const tr = topo.transform;
  const arcs = topo.arcs.map(arc => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => {
      x += dx; y += dy;
      return tr ? [x * tr.scale[0] + tr.translate[0], y * tr.scale[1] + tr.translate[1]] : [dx, dy];
    });
  });
  const ring = ids => {
    const pts = [];
    ids.forEach((i, n) => {
      const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      pts.push(...(n ? a.slice(1) : a));
    });
    return pts;
  };
  const rings = [];
  const obj = topo.objects.countries || topo.objects.land || Object.values(topo.objects)[0];
  const geoms = obj.type === 'GeometryCollection' ? obj.geometries : [obj];
  for (const g of geoms) {
    if (g.type === 'Polygon') g.arcs.forEach(r => rings.push(ring(r)));
    else if (g.type === 'MultiPolygon') g.arcs.forEach(p => p.forEach(r => rings.push(ring(r))));
  }
  return rings;
}

async function viewMap() {
  const p = filterParams();
  p.set('limit', '1000');
  if (!worldCache) worldCache = await api('/assets/world-110m.json');
  const page = await api('/api/events?' + p);
  const W = 960, H = 480;
  const px = lon => (lon + 180) / 360 * W, py = lat => (90 - lat) / 180 * H;
  let svg = `<svg id="map-svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="#eef4fa"/>`;
  for (let lon = -180; lon <= 180; lon += 30) svg += `<line x1="${px(lon)}" x2="${px(lon)}" y1="0" y2="${H}" stroke="#dde6ef"/>`;
  for (let lat = -60; lat <= 60; lat += 30) svg += `<line x1="0" x2="${W}" y1="${py(lat)}" y2="${py(lat)}" stroke="#dde6ef"/>`;
  let note = '';
  if (worldCache.missing) {
    note = `<p class="note" id="map-note">${esc(worldCache.missing)}. Event places are shown as points only.</p>`;
  } else {
    // A ring crossing the antimeridian (Russia, Fiji, Antarctica) is unwrapped to continuous
    // longitudes and drawn twice, a world-width apart: the frame clips what falls outside.
    const path = r => 'M' + r.map(([lo, la]) => `${px(lo).toFixed(1)},${py(la).toFixed(1)}`).join('L') + 'Z';
    const d = topoRings(worldCache).map(r => {
      if (!r.some((p, i) => i && Math.abs(p[0] - r[i - 1][0]) > 180)) return path(r);
      let prev = null;
      const u = r.map(([lo, la]) => {
        if (prev !== null) { while (lo - prev > 180) lo -= 360; while (lo - prev < -180) lo += 360; }
        prev = lo;
        return [lo, la];
      });
      const shift = u.reduce((m, p) => Math.min(m, p[0]), Infinity) < -180 ? 360 : -360;
      return path(u) + path(u.map(([lo, la]) => [lo + shift, la]));
    }).join('');
    svg += `<path id="world" d="${d}" fill="#dfe3d6" stroke="#9aa38c" stroke-width=".5"/>`;
  }
  const places = new Map();
  let unplaced = 0;
  for (const e of page.events) {
    if (e.lat == null || e.lon == null) { unplaced++; continue; }
    const k = `${e.lat},${e.lon}`;
    const pl = places.get(k) || { lat: e.lat, lon: e.lon, name: e.location, events: [] };
    pl.events.push(e);
    places.set(k, pl);
  }
  for (const pl of places.values()) {
    const types = [...new Set(pl.events.map(e => e.event_type))];
    const tip = `${pl.name}: ` + pl.events.map(e => `${e.date || ''} ${e.event_type}`).join('; ');
    svg += `<circle class="place" cx="${px(pl.lon).toFixed(1)}" cy="${py(pl.lat).toFixed(1)}" r="${4 + Math.min(10, 2 * pl.events.length)}" fill="${typeColour(types[0])}" fill-opacity=".75" stroke="#222"><title>${esc(tip)}</title></circle>`;
    svg += `<text x="${(px(pl.lon) + 8).toFixed(1)}" y="${(py(pl.lat) - 6).toFixed(1)}" font-size="11">${esc(pl.name)}</text>`;
  }
  svg += '</svg>';
  view.innerHTML = `<h2>Where</h2>${note}<p class="muted">${places.size} places for ${page.count - unplaced} events; ${unplaced} events have no coordinates.</p>${svg}
    ${worldCache.missing ? '' : '<p class="muted">Outline: Natural Earth 1:110m countries (public domain), from the npm package world-atlas, built into the binary.</p>'}`;
}

// ---------- article list ----------
async function viewDocuments(offset = 0) {
  const p = new URLSearchParams({ limit: '50', offset: String(offset) });
  const t = form.elements.text.value.trim();
  if (t) p.set('text', t);
  const page = await api('/api/documents?' + p);
  view.innerHTML = `<div class="pager"><span>${page.count} articles</span>${page.prev ? '<button id="prev">← previous</button>' : ''}${page.next ? '<button id="next">next →</button>' : ''}</div>
    <table id="documents-table"><thead><tr><th>Published</th><th>Title</th><th>Lang</th><th>Outlet</th><th>Events</th></tr></thead><tbody>
    ${page.documents.map(d => `<tr><td>${esc(d.published || '')}</td><td><a href="#doc/${encodeURIComponent(d.id)}">${esc(d.title || d.id)}</a></td><td>${esc(d.lang || '')}</td><td>${esc(d.outlet || '')}</td><td>${d.events}</td></tr>`).join('')}
    </tbody></table>`;
  if (page.next) $('#next').onclick = () => viewDocuments(offset + page.limit);
  if (page.prev) $('#prev').onclick = () => viewDocuments(Math.max(0, offset - page.limit));
}

// ---------- article view ----------
// Spans are UTF-8 byte offsets; JavaScript strings index UTF-16 units: map one to the other.
function byteIndex(text) {
  const map = [];
  let u = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    const nb = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let i = 0; i < nb; i++) map.push(u);
    u += ch.length;
  }
  map.push(u);
  return b => map[Math.max(0, Math.min(b, map.length - 1))];
}

function renderDoc(doc, target) {
  const at = byteIndex(doc.text);
  const sp = s => [at(s[0]), at(s[1])];
  // Entities, times and quantities are the inline marks (left to right, longest first, no
  // overlap); event triggers are underlined inside and between them.
  const cands = [];
  for (const e of doc.entities || []) cands.push({ s: sp(e.span), cls: 'ent ent-' + e.kind, label: e.kind, title: [e.name, e.id, e.country, e.sector].filter(Boolean).join(' · ') });
  for (const t of doc.times || []) cands.push({ s: sp(t.span), cls: 'time', label: 'time', title: `${t.value} (${t.precision})` });
  for (const q of doc.quantities || []) cands.push({ s: sp(q.span), cls: 'qty', label: 'qty', title: `${q.approximate ? '~' : ''}${q.value} ${q.unit || ''}` });
  cands.sort((a, b) => a.s[0] - b.s[0] || (b.s[1] - b.s[0]) - (a.s[1] - a.s[0]));
  const marks = [];
  let end = -1;
  for (const c of cands) if (c.s[0] >= end && c.s[1] > c.s[0]) { marks.push(c); end = c.s[1]; }
  const triggers = (doc.events || []).map(e => sp(e.trigger.span)).sort((a, b) => a[0] - b[0]);
  const sentences = (doc.sentences || []).map(sp);
  const text = doc.text;
  const plain = (a, b) => {
    let out = '', pos = a;
    for (const [ts, te] of triggers) {
      const s = Math.max(ts, pos), e = Math.min(te, b);
      if (e <= s) continue;
      out += esc(text.slice(pos, s)) + `<u class="trigger">${esc(text.slice(s, e))}</u>`;
      pos = e;
    }
    return out + esc(text.slice(pos, b));
  };
  // Sentence wrappers let an event's evidence be lit up; marks never cross a sentence end.
  const inSentence = (a, b) => {
    let out = '', pos = a;
    for (const m of marks) {
      if (m.s[0] < a || m.s[1] > b) continue;
      out += plain(pos, m.s[0]) + `<mark class="${m.cls}" title="${esc(m.title)}">${plain(m.s[0], m.s[1])}<span class="label">${esc(m.label)}</span></mark>`;
      pos = m.s[1];
    }
    return out + plain(pos, b);
  };
  let html = '', pos = 0;
  sentences.forEach(([a, b], i) => {
    if (a < pos) return;
    html += inSentence(pos, a) + `<span class="sentence" data-i="${i}">${inSentence(a, b)}</span>`;
    pos = b;
  });
  html += inSentence(pos, text.length);
  const slice = s => { const [a, b] = sp(s); return text.slice(a, b); };
  const events = (doc.events || []).map((e, i) => {
    const bits = [];
    if (e.date) bits.push(`<b>when</b> ${esc(e.date.value)}${e.date.basis === 'publication' ? ' <span class="muted">(publication)</span>' : ''}`);
    if (e.location) bits.push(`<b>where</b> ${esc(e.location.text)}`);
    if (e.attribution) bits.push(`<b>according to</b> ${esc(e.attribution.text)}`);
    if (e.modality && e.modality !== 'asserted') bits.push(`<b>modality</b> ${esc(e.modality)}`);
    if (e.quantity) bits.push(`<b>quantity</b> ${e.quantity.approximate ? '~' : ''}${e.quantity.value} ${esc(e.quantity.unit || '')}`);
    return `<li class="doc-event" data-type="${esc(e.event_type)}" data-sentence="${esc(JSON.stringify(e.sentence))}">
      ${typeTag(e.event_type, e.mode)} <b>${esc(actorNames(e.source) || '?')}</b> → <b>${esc(actorNames(e.target) || '?')}</b>
      <span class="muted">trigger “${esc(e.trigger.text)}”</span>
      <div class="kv">${bits.join(' · ')}</div>
      <div class="ev-evidence">${esc(slice(e.sentence))}</div></li>`;
  }).join('');
  const diags = (doc.diagnostics || []).filter(d => d.level !== 'info');
  target.innerHTML = `
    <h2 id="doc-title">${esc(doc.title || doc.id)}</h2>
    <p class="muted">${esc([doc.published && 'published ' + doc.published, doc.lang, doc.outlet].filter(Boolean).join(' · '))}
      — ${(doc.entities || []).length} entities, ${(doc.times || []).length} times, ${(doc.quantities || []).length} quantities, ${(doc.events || []).length} events</p>
    <div class="legend"><span><i style="background:#aa9cfc"></i>person</span><span><i style="background:#feca74"></i>country</span><span><i style="background:#ff9561"></i>place</span><span><i style="background:#7aecec"></i>org</span><span><i style="background:#bfe1d9"></i>media</span><span><i style="background:#c887fb"></i>group</span><span><i style="background:#bfeeb7"></i>time</span><span><i style="background:#e4e7d2"></i>quantity</span><span><u class="trigger">trigger</u></span></div>
    <div class="docgrid"><div id="article">${html}</div>
    <div><h3>Events</h3><ul class="plain" id="doc-events">${events || '<li class="muted">No event found.</li>'}</ul>
    ${diags.length ? `<h3>Diagnostics</h3><ul>${diags.map(d => `<li>${esc(d.level)}: ${esc(d.message)}</li>`).join('')}</ul>` : ''}</div></div>`;
  target.querySelectorAll('.doc-event').forEach(li => li.addEventListener('click', () => {
    const [a] = sp(JSON.parse(li.dataset.sentence));
    target.querySelectorAll('.sentence-on').forEach(x => x.classList.remove('sentence-on'));
    const i = sentences.findIndex(([s, e]) => s <= a && a < e);
    const el = target.querySelector(`.sentence[data-i="${i}"]`);
    if (el) { el.classList.add('sentence-on'); el.scrollIntoView({ block: 'center' }); }
  }));
}

async function viewDoc(id) {
  const doc = await api('/api/documents/' + encodeURIComponent(id));
  renderDoc(doc, view);
}

// ---------- paste an article ----------
function viewExtract() {
  view.innerHTML = `<h2>Analyse an article</h2>
    <p class="muted">The text is analysed by this server and not stored. The first line is read as the headline.</p>
    <textarea id="extract-text" placeholder="Paste an article (Italian or English)…"></textarea>
    <p><label>Published <input id="extract-published" placeholder="YYYY-MM-DD" size="12"></label>
      <label>Language <select id="extract-lang"><option value="">detect</option><option>it</option><option>en</option></select></label>
      <label><input type="checkbox" id="extract-html"> the text is HTML</label>
      <button id="extract-run">Analyse</button></p>
    <div id="extract-result"></div>`;
  $('#extract-run').onclick = async () => {
    const out = $('#extract-result');
    const body = {};
    body[$('#extract-html').checked ? 'html' : 'text'] = $('#extract-text').value;
    const pub = $('#extract-published').value.trim(), lang = $('#extract-lang').value;
    if (pub) body.published = pub;
    if (lang) body.lang = lang;
    out.innerHTML = '<p class="muted">Analysing…</p>';
    try {
      const doc = await api('/api/extract', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      renderDoc(doc, out);
    } catch (e) {
      out.innerHTML = `<p class="error" id="error">${esc(e.message)}</p>`;
    }
  };
}

// ---------- routing ----------
async function render() {
  const h = decodeURIComponent(location.hash.slice(1)) || 'events';
  const [name, ...rest] = h.split('/');
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.dataset.view === name));
  form.classList.toggle('hidden', !['events', 'timeline', 'network', 'map'].includes(name));
  view.dataset.view = name;
  delete view.dataset.ready;
  view.innerHTML = '<p class="muted">Loading…</p>';
  try {
    if (name === 'timeline') await viewTimeline();
    else if (name === 'network') await viewNetwork();
    else if (name === 'map') await viewMap();
    else if (name === 'documents') await viewDocuments();
    else if (name === 'doc') await viewDoc(rest.join('/'));
    else if (name === 'extract') viewExtract();
    else await viewEvents();
    view.dataset.ready = name;
  } catch (e) {
    showError(e);
    view.dataset.ready = name;
  }
}

window.addEventListener('hashchange', render);
api('/api/stats').then(s => {
  $('#stats').textContent = `${s.documents} articles · ${s.events} events · ${s.actors} actors`;
  $('#types').innerHTML = s.events_by_type.map(([t]) => `<option value="${esc(t)}">`).join('');
}).catch(() => {});
render();
