/* portkg tables: DataTables (shipped from the itables package) for sorting and searching, plus our
   own bilingual controls: a filter box, facets with counts, the filter state in the URL (#…) so a
   view can be bookmarked and shared, and downloads of the filtered view (CSV, JSON).
   URL state: #<table>.q=<text>&<table>.f<col>=<value>&<table>.o=<col><a|d>  */
(function () {
  "use strict";
  var DT = window.portkgDataTables && window.portkgDataTables.DataTable;
  var SEP = "\u241f";  // facet values are "zh␟en"
  var FORMULA = /^[=+\-@\t\r]/, NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
  var states = [];

  function lang() { return document.documentElement.dataset.lang === "en" ? "en" : "zh"; }
  function hashParams() { return new URLSearchParams(location.hash.replace(/^#/, "")); }

  function writeHash() {
    var p = hashParams();
    states.forEach(function (s) {
      Array.from(p.keys()).forEach(function (k) { if (k.indexOf(s.name + ".") === 0) { p.delete(k); } });
      var q = s.filter.value.trim();
      if (q) { p.set(s.name + ".q", q); }
      s.facets.forEach(function (f) { if (f.select.value) { p.set(s.name + ".f" + f.col, f.select.value.split(SEP)[0]); } });
      var o = s.dt.order();
      if (o.length && s.userSorted) { p.set(s.name + ".o", o[0][0] + (o[0][1] === "desc" ? "d" : "a")); }
    });
    var h = p.toString();
    try { history.replaceState(null, "", h ? "#" + h : location.pathname + location.search); }
    catch (e) { /* some file:// setups refuse: the view still works */ }
  }

  function csvCell(v) {
    if (v === null || v === undefined) { return ""; }
    var s = String(v);
    if (typeof v === "string" && FORMULA.test(s) && !NUMBER.test(s)) { s = "'" + s; }  // as portkg.csvsafe
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function download(name, text, type) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    document.body.appendChild(a); a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function visibleRows(s) { return s.dt.rows({ search: "applied", order: "applied" }).indexes().toArray(); }

  function facetMatch(s, idx, skip) {
    for (var i = 0; i < s.facets.length; i++) {
      if (i === skip) { continue; }
      var want = s.facets[i].select.value;
      if (want && s.data.rowFacets[idx][i].indexOf(want) < 0) { return false; }
    }
    return true;
  }

  function refreshFacets(s) {
    var l = lang();
    // counts: rows that pass the text filter and the other facets
    var textRows = s.dt.rows({ search: "applied" }).indexes().toArray();
    var passText = {};
    s.dt.rows().indexes().toArray().forEach(function (i) { passText[i] = false; });
    s.searchOnly = true; s.dt.draw(false); s.searchOnly = false;
    s.dt.rows({ search: "applied" }).indexes().toArray().forEach(function (i) { passText[i] = true; });
    s.facets.forEach(function (f, fi) {
      var counts = {};
      s.data.rowFacets.forEach(function (vals, idx) {
        if (!passText[idx] || !facetMatch(s, idx, fi)) { return; }
        vals[fi].forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      var current = f.select.value;
      var seen = Object.keys(f.all);
      f.select.textContent = "";
      var all = document.createElement("option");
      all.value = ""; all.dataset.zh = "全部"; all.dataset.en = "all";
      all.textContent = l === "en" ? "all" : "全部";
      f.select.appendChild(all);
      seen.sort(function (a, b) { return (counts[b] || 0) - (counts[a] || 0) || a.localeCompare(b); });
      seen.forEach(function (v) {
        var parts = v.split(SEP), o = document.createElement("option");
        o.value = v;
        o.dataset.zh = parts[0] + " (" + (counts[v] || 0) + ")";
        o.dataset.en = (parts[1] || parts[0]) + " (" + (counts[v] || 0) + ")";
        o.textContent = l === "en" ? o.dataset.en : o.dataset.zh;
        f.select.appendChild(o);
      });
      f.select.value = current;
    });
    s.dt.draw(false);
    void textRows;
  }

  function info(s) {
    var shown = visibleRows(s).length, total = s.data.rows.length;
    var el = s.section.querySelector(".t-info");
    el.textContent = "";
    var zh = document.createElement("span"); zh.className = "zh";
    zh.textContent = shown === total ? "共 " + total + " 行" : "显示 " + shown + " / " + total + " 行";
    var en = document.createElement("span"); en.className = "en";
    en.textContent = shown === total ? total + " rows" : shown + " of " + total + " rows";
    el.appendChild(zh); el.appendChild(en);
    s.section.querySelector(".filtered-dl").hidden = shown === total;
    s.section.dataset.shown = String(shown);
  }

  function setup(section) {
    var table = section.querySelector("table.data");
    var data = JSON.parse(section.querySelector("script.t-data").textContent);
    var s = { section: section, name: section.dataset.table, data: data, facets: [], userSorted: false };
    s.filter = section.querySelector(".t-filter");
    section.querySelectorAll("select[data-facet]").forEach(function (sel, i) {
      var all = {};
      data.rowFacets.forEach(function (vals) { vals[i].forEach(function (v) { all[v] = true; }); });
      s.facets.push({ select: sel, col: Number(sel.dataset.facet), all: all });
    });
    // the URL's state, before the first draw
    var p = hashParams();
    if (p.get(s.name + ".q")) { s.filter.value = p.get(s.name + ".q"); }
    var order = data.order && data.order.length ? data.order : [];
    var o = p.get(s.name + ".o");
    if (o && /^\d+[ad]$/.test(o)) { order = [[Number(o.slice(0, -1)), o.slice(-1) === "d" ? "desc" : "asc"]]; s.userSorted = true; }
    s.dt = new DT(table, {
      paging: false, info: false, autoWidth: false, order: order,
      layout: { topStart: null, topEnd: null, bottomStart: null, bottomEnd: null },
      language: { emptyTable: "—", zeroRecords: lang() === "en" ? "No matching rows" : "没有符合的行" }
    });
    s.dt.on("order.dt", function () { if (s.ready) { s.userSorted = true; } });
    states.push(s);
    s.facets.forEach(function (f) {
      var want = p.get(s.name + ".f" + f.col);
      if (want) {
        var v = Object.keys(f.all).filter(function (x) { return x.split(SEP)[0] === want; })[0];
        if (v) { var opt = document.createElement("option"); opt.value = v; f.select.appendChild(opt); f.select.value = v; }
      }
      f.select.addEventListener("change", function () { update(s); });
    });
    s.dt.search(s.filter.value);
    var t = null;
    s.filter.addEventListener("input", function () {
      clearTimeout(t);
      t = setTimeout(function () { s.dt.search(s.filter.value); update(s); }, 120);
    });
    s.dt.on("draw.dt", function () { if (s.ready && !s.inUpdate) { info(s); writeHash(); } });
    section.querySelectorAll("button[data-dl]").forEach(function (b) {
      b.addEventListener("click", function () {
        var rows = visibleRows(s).map(function (i) { return data.rows[i]; });
        if (b.dataset.dl === "csv") {
          var lines = [data.headers.map(csvCell).join(",")].concat(rows.map(function (r) { return r.map(csvCell).join(","); }));
          download(s.name + "-filtered.csv", "\ufeff" + lines.join("\r\n") + "\r\n", "text/csv;charset=utf-8");
        } else {
          var items = rows.map(function (r) { var o = {}; data.keys.forEach(function (k, i) { o[k] = r[i]; }); return o; });
          download(s.name + "-filtered.json", JSON.stringify({ rows: items }, null, 1), "application/json");
        }
      });
    });
    update(s);
    s.ready = true;
  }

  function update(s) {
    s.inUpdate = true;
    refreshFacets(s);
    s.inUpdate = false;
    info(s);
    if (s.ready) { writeHash(); }
  }

  if (!DT) { return; }  // the table stays readable as plain HTML
  DT.ext.search.push(function (settings, _row, idx) {
    var s = states.filter(function (x) { return x.dt && x.dt.settings()[0] === settings; })[0];
    if (!s || s.searchOnly) { return true; }
    return facetMatch(s, idx, -1);
  });
  document.querySelectorAll("section.ptable").forEach(setup);
  document.addEventListener("portkg:lang", function () { states.forEach(function (s) { refreshFacets(s); info(s); }); });
  document.body.dataset.tablesReady = "1";
})();
