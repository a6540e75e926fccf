/* portkg graph views: vis-network canvas, a details panel on click, filters kept in the URL's
   fragment, the text list kept in step with the canvas. Labels and facts are data: everything is
   written with textContent, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var cfg = JSON.parse(document.getElementById("graph-config").textContent);
  var html = document.documentElement;
  function lang() { return html.dataset.lang === "en" ? "en" : "zh"; }
  function label(n) { return lang() === "en" ? (n.ens || n.en) : n.zh; }
  var KIND = {};
  document.querySelectorAll(".graph-legend [data-kind]").forEach(function (li) {
    KIND[li.dataset.kind] = li;
  });

  var byId = {}, adj = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; adj[n.id] = []; });
  data.edges.forEach(function (e) { adj[e.from].push(e.to); adj[e.to].push(e.from); });
  var focusId = null;
  data.nodes.forEach(function (n) { if (n.focus) { focusId = n.id; } });

  // ---------------------------------------------------------------- state ⇄ URL fragment
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-facet]"));
  var toggles = Array.prototype.slice.call(document.querySelectorAll("input[data-toggle]"));

  function readHash() {
    var state = {};
    (location.hash || "").replace(/^#/, "").split("&").forEach(function (kv) {
      if (!kv) { return; }
      var i = kv.indexOf("="), k = decodeURIComponent(i < 0 ? kv : kv.slice(0, i));
      state[k] = i < 0 ? "1" : decodeURIComponent(kv.slice(i + 1));
    });
    return state;
  }
  function writeHash(state) {
    var parts = Object.keys(state).sort().filter(function (k) { return state[k]; }).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(state[k]);
    });
    var url = location.pathname + location.search + (parts.length ? "#" + parts.join("&") : "");
    try { history.replaceState(null, "", url); } catch (e) { location.replace(parts.length ? "#" + parts.join("&") : "#"); }
  }
  function currentState() {
    var s = {};
    selects.forEach(function (el) { if (el.value) { s[el.dataset.facet] = el.value; } });
    toggles.forEach(function (el) { if (el.checked) { s[el.dataset.toggle] = "1"; } });
    if (openId) { s.node = openId; }
    return s;
  }
  function restore(state) {
    selects.forEach(function (el) {
      var v = state[el.dataset.facet] || "";
      el.value = Array.prototype.some.call(el.options, function (o) { return o.value === v; }) ? v : "";
    });
    toggles.forEach(function (el) { el.checked = state[el.dataset.toggle] === "1"; });
  }

  // ---------------------------------------------------------------- what is shown
  function shownSet() {
    var active = {};
    selects.forEach(function (el) { if (el.value) { active[el.dataset.facet] = el.value; } });
    var show = {};
    toggles.forEach(function (el) { show[el.dataset.toggle] = el.checked; });
    var keys = Object.keys(active), pass = {}, neutral = {};
    data.nodes.forEach(function (n) {
      if (n.wording && !show.wordings) { return; }
      if (n.group === "outcome" && n.hidden && !show.outcomes) { return; }
      var applies = false, ok = true;
      keys.forEach(function (k) {
        if (n.f && n.f[k]) { applies = true; if (n.f[k].indexOf(active[k]) < 0) { ok = false; } }
      });
      if (n.id === focusId) { pass[n.id] = true; }
      else if (!applies) { neutral[n.id] = true; }
      else if (ok) { pass[n.id] = true; }
    });
    // a node no filter speaks of is shown with what it belongs to (an outcome with its case,
    // a category with a kept measure); two rounds reach places of places
    for (var round = 0; round < 2; round++) {
      Object.keys(neutral).forEach(function (id) {
        if (pass[id]) { return; }
        if (!keys.length || adj[id].some(function (o) { return pass[o] && !neutral[o]; })) { pass[id] = true; }
      });
      Object.keys(neutral).forEach(function (id) { if (pass[id]) { delete neutral[id]; } });
    }
    return pass;
  }

  function apply(refit, given) {
    var pass = given || shownSet();
    if (!given) { nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !pass[n.id] }; })); }
    document.querySelectorAll("#graph-list li[data-id]").forEach(function (li) {
      li.hidden = !pass[li.dataset.id];
    });
    var ids = Object.keys(pass);
    document.body.dataset.drawnNodes = String(ids.length);
    document.getElementById("count").textContent = (lang() === "en" ? "nodes shown: " : "显示节点：") + ids.length;
    var n = 0;
    selects.forEach(function (el) { if (el.value) { n += 1; } });
    var af = document.getElementById("active-filters");
    if (af) { af.textContent = n ? "(" + n + ")" : ""; }
    if (openId && !pass[openId]) { closePanel(); }
    if (refit !== false) { fit(ids); }
    writeHash(currentState());
  }

  // fit what is shown, but never below the zoom that keeps labels legible (≥ cfg.minPx on screen)
  function fit(ids) {
    if (!ids.length) { return; }
    network.fit({ nodes: ids, animation: false });
    var min = cfg.minPx / cfg.fontSize;
    if (network.getScale() < min) {
      // too big to fit legibly: keep the middle of what is shown, nudged towards the focus
      var at = network.getViewPosition();
      if (focusId && ids.indexOf(focusId) >= 0) {
        var f = network.getPositions([focusId])[focusId];
        at = { x: (at.x + f.x) / 2, y: (at.y + f.y) / 2 };
      }
      network.moveTo({ position: at, scale: min, animation: false });
      clipped.hidden = false;  // say so, and offer the whole graph at a smaller scale
    } else {
      clipped.hidden = true;
    }
    document.body.dataset.scale = String(network.getScale());
  }
  var clipped = document.getElementById("clipped");
  document.getElementById("whole").addEventListener("click", function () {
    network.fit({ nodes: Object.keys(shownSet()), animation: false });
    clipped.hidden = true;
    document.body.dataset.scale = String(network.getScale());
  });

  // the network is made with the filters of the URL already applied: one drawing, not two
  var openId = null;
  var start = readHash();
  restore(start);
  var firstPass = shownSet();
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return Object.assign({}, n, { label: label(n), title: undefined, hidden: !firstPass[n.id] });
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) { return Object.assign({ id: "e" + i }, e); }));
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.portkgNetwork = network;

  // ---------------------------------------------------------------- the panel
  var panel = document.getElementById("panel");
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function link(href, text, cls) {
    var a = el("a", cls, text); a.href = cfg.root + href; return a;
  }
  function listItem(id) {
    var items = document.querySelectorAll("#graph-list li[data-id]");
    for (var i = 0; i < items.length; i++) { if (items[i].dataset.id === id) { return items[i]; } }
    return null;
  }
  function inLang(e) {
    if (!e) { return ""; }
    var s = e.querySelector(lang() === "en" ? ".en" : ".zh");
    return (s || e).textContent;
  }
  function openPanel(id) {
    var n = byId[id];
    if (!n) { return; }
    openId = id;
    var l = lang(), zh = l !== "en";
    document.getElementById("panel-kind").textContent = KIND[n.group] ? inLang(KIND[n.group]) : n.group;
    document.getElementById("panel-title").textContent = (zh ? n.zh : n.en).replace(/\n/g, " ");
    // the facts are in the text list beside the canvas: read them from there, in the reader's language
    var dl = document.getElementById("panel-facts");
    dl.textContent = "";
    var item = listItem(id);
    if (item) {
      item.querySelectorAll(".fact").forEach(function (f) {
        dl.appendChild(el("dt", "", inLang(f.querySelector(".k"))));
        dl.appendChild(el("dd", "", inLang(f.querySelector(".v"))));
      });
    }
    var links = document.getElementById("panel-links");
    links.textContent = "";
    if (cfg.links && n.href) { links.appendChild(link(n.href, zh ? "打开条目页 →" : "Open its page →", "entity-link")); }
    if (cfg.links && n.graph && n.graph !== cfg.path) {
      links.appendChild(link(n.graph, zh ? "它的关系图 →" : "Its graph →", "graph-link"));
    }
    var refs = document.getElementById("panel-refs");
    refs.textContent = "";
    if ((n.refs || []).length) {
      refs.appendChild(el("div", "muted", zh ? "原文依据" : "Evidence (quoted)"));
      n.refs.slice(0, 4).forEach(function (r) {
        var q = el("blockquote", "ref");
        if (cfg.links) { q.appendChild(link(r.h, "“" + r.t + "”")); } else { q.textContent = "“" + r.t + "”"; }
        refs.appendChild(q);
      });
      if (n.nref) { refs.appendChild(el("div", "muted", (zh ? "另有 " : "and ") + (n.nref - 4) + (zh ? " 处，见条目页" : " more on its page"))); }
    }
    panel.hidden = false;
    network.selectNodes([id]);
    document.body.dataset.panel = id;
    writeHash(currentState());
  }
  function closePanel() {
    openId = null;
    panel.hidden = true;
    network.unselectAll();
    delete document.body.dataset.panel;
    writeHash(currentState());
  }
  document.getElementById("panel-close").addEventListener("click", closePanel);
  network.on("click", function (p) {
    if (p.nodes && p.nodes.length) { openPanel(p.nodes[0]); } else { closePanel(); }
  });
  document.querySelectorAll("#graph-list .show-node").forEach(function (b) {
    b.addEventListener("click", function () {
      var id = b.dataset.id;
      if (nodes.get(id).hidden) { return; }
      network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
      openPanel(id);
      container.scrollIntoView({ block: "nearest" });
    });
  });

  // ---------------------------------------------------------------- wiring
  selects.forEach(function (s) { s.addEventListener("change", function () { apply(); }); });
  toggles.forEach(function (t) { t.addEventListener("change", function () { apply(); }); });
  document.getElementById("f-reset").addEventListener("click", function () {
    restore({}); closePanel(); apply();
  });
  window.addEventListener("hashchange", function () { var s = readHash(); restore(s); apply(); if (s.node) { openPanel(s.node); } });
  document.addEventListener("portkg:lang", function () {
    nodes.update(data.nodes.map(function (n) { return { id: n.id, label: label(n) }; }));
    if (openId) { openPanel(openId); }
    apply(false);
  });

  // on a phone the controls and the legend start folded, the canvas first
  var phone = window.matchMedia && window.matchMedia("(max-width: 700px)").matches;
  var controls = document.getElementById("controls");
  if (controls && !phone) { controls.open = true; }
  var legendBox = document.getElementById("legend");
  if (legendBox && phone) { legendBox.open = false; }

  apply(true, firstPass);
  if (start.node && byId[start.node]) { openPanel(start.node); }
  network.once("afterDrawing", function () {
    document.body.dataset.readyMs = String(Math.round(performance.now()));  // for benchmarks/graph_pages.py
    document.body.dataset.ready = "1";
  });
  network.redraw();
})();
